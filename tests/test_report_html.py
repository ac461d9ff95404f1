"""The printable report of one run (``storeops report run RUN_ID --html FILE``): in the
store's language, answers as given, notes, actions, sign-off, review, made for paper."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

from typer.testing import CliRunner

from storeops.cli import build_app
from storeops.context import Context, open_context
from storeops.history import strengths
from storeops.profile import StoreProfile
from storeops.reports import run_html
from storeops.scoring import Answer, score_run
from storeops.templates import Band, Item, Section, Template, Text

TODAY = date(2026, 11, 23)
NOTE = "Mirror <b>smeared</b> & dusty"
ACTION = "<script>alert(1)</script> wipe mirror"


class Page(HTMLParser):
    """The page's tags, its text (data only, so an escaped ``<b>`` is text, not a tag),
    its stylesheet and the cells of every table row."""

    def __init__(self, source: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.lang = ""
        self.text: list[str] = []
        self.style = ""
        self.rows: list[list[str]] = []
        self._in_style = False
        self._cell: list[str] | None = None
        self.feed(source)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "html":
            self.lang = dict(attrs).get("lang") or ""
        self._in_style = tag == "style"
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data
            return
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)

    @property
    def body(self) -> str:
        return " ".join(self.text)

    def row(self, first: str) -> list[str]:
        """The first table row whose first cell is ``first``."""
        return next(r for r in self.rows if r and r[0] == first)


def _store(data_dir: Path, lang: str) -> Context:
    ctx = open_context(data_dir)
    ctx.save_profile(StoreProfile("SH-021", "南京路店", "王芳", lang))
    return ctx


def _observation(ctx: Context) -> str:
    """A seven-step observation of 韩梅梅 with every kind of answer, a note, coaching
    notes and a corrective action; returns its id."""
    template = ctx.catalogue.get("sales-seven-step")
    start = datetime(2026, 11, 20, 14, 0).astimezone()
    run = ctx.runs.start(template, store_code="SH-021",
                         header={"associate": "韩梅梅", "observer": "王芳"}, now=start)  # fmt: skip
    answers: dict[str, Answer] = {}
    for item in template.items:
        if item.type == "pass_fail":
            # every "should" done, no "should not" seen
            answers[item.id] = Answer(False) if item.negative else Answer(True)
        elif item.type == "scale":
            answers[item.id] = Answer(item.max)
        elif item.type == "number":
            answers[item.id] = Answer(2)
    answers |= {i.id: Answer(na=True) for i in template.section("C").items}
    answers["SS-P-01"] = Answer(False)  # floor area not clean
    answers["SS-P-10"] = Answer(True)  # a "should not" behaviour observed
    answers["SS-P-09"] = Answer(2)  # scale: partly met
    answers["SS-1-01"] = Answer(2.5)  # seconds to greet
    answers["SS-Z-01"] = Answer("Greeted at once; <i>no</i> add-on")
    answers["SS-Z-03"] = Answer("推荐搭配上衣")
    ctx.runs.answer_many(run, answers, now=start)
    ctx.runs.set_note(run, "SS-P-01", NOTE, now=start)
    ctx.actions.raise_action(run_id=run.id, template_id=template.id, item_id="SS-P-01",
                             store_code="SH-021", description=ACTION, owner="李雷",
                             due=TODAY - timedelta(days=1), priority="high", by="王芳")  # fmt: skip
    ctx.runs.finish(run, "王芳", now=start + timedelta(minutes=25))
    return run.id


def _report(data_dir: Path, run_id: str, page: Path, *lang: str) -> Page:
    result = CliRunner().invoke(build_app(), [*lang, "--data-dir", str(data_dir), "report", "run",
                                              run_id, "--html", str(page)])  # fmt: skip
    assert result.exit_code == 0, result.output
    return Page(page.read_text("utf-8"))


def test_the_printable_report_is_in_the_stores_language_with_answers_as_given(
    data_dir: Path, tmp_path: Path
) -> None:
    ctx = _store(data_dir, "zh")
    run_id = _observation(ctx)
    ctx.close()
    page = _report(data_dir, run_id, tmp_path / "run.html")
    body = page.body
    assert page.lang == "zh-CN"
    assert "售中服务七步曲观察" in body and "得分：" in body
    for english in ("True", "False", "pass", "fail", "Score", "Answers", "open"):
        assert english not in body, english
    answer_cells = {r[2] for r in page.rows if len(r) == 5 and r[0].startswith("SS-")}
    assert not answer_cells & {"True", "False", "0.0", "2.0", "0", "4", ""}
    # Answers as the manager gave them: pass/fail words, observed, scale label, number
    # with unit, N/A, text; each with its verdict and points.
    assert page.row("SS-P-01")[2:] == ["不合格", "不合格", "0/2"]
    assert page.row("SS-P-02")[2:] == ["合格", "合格", "2/2"]
    assert page.row("SS-P-10")[2:4] == ["观察到（不应）", "不合格"]
    assert page.row("SS-P-11")[2:4] == ["未观察到", "合格"]
    assert page.row("SS-P-09")[2] == "2/4 部分达标"
    assert page.row("SS-1-01")[2:4] == ["2.5 秒", "合格"]
    assert page.row("SS-C-01")[2:4] == ["不适用", "不适用"]
    assert page.row("SS-Z-02")[2:4] == ["未作答", ""]
    # The note under its item, escaped (a tag typed in a note is text, never markup).
    assert NOTE in page.row("SS-P-01")[1]
    assert "b" not in page.tags and "script" not in page.tags and "i" not in page.tags
    # Header, coaching notes near the top, sign-off.
    assert page.row("被观察导购") == ["被观察导购", "韩梅梅"]
    assert page.row("签名确认") == ["签名确认", "王芳"]
    assert page.row("完成时间")[1] == "2026-11-20 14:25"
    assert page.row("See：观察到的具体行为")[1] == "Greeted at once; <i>no</i> add-on"
    assert page.row("Develop：约定的下一步改进")[1] == "推荐搭配上衣"
    # The corrective action raised on the run: item, what, owner, due (overdue), status.
    assert page.row("SS-P-01 货场清洁") == [
        "SS-P-01 货场清洁",
        ACTION,
        "李雷",
        "2026-11-22（已逾期）",
        "高",
        "未开始",
    ]
    # Strengths first: a scale at the top of its range, the sections at 90 % or more.
    assert body.index("亮点") < body.index("整改项") < body.index("全部答案")


def test_the_report_follows_lang_and_is_made_for_print(data_dir: Path, tmp_path: Path) -> None:
    ctx = _store(data_dir, "zh")
    run_id = _observation(ctx)
    ctx.close()
    page = _report(data_dir, run_id, tmp_path / "run.html", "--lang", "en")
    assert page.lang == "en"
    assert page.row("SS-P-01")[2:] == ["fail", "Fail", "0/2"]
    assert page.row("SS-P-09")[2] == "2/4 partly met"
    assert page.row("Associate observed") == ["Associate observed", "韩梅梅"]
    assert "Corrective actions" in page.body and "2026-11-22 (overdue)" in page.body
    style = " ".join(page.style.split())
    assert "@page { size: A4" in style
    assert "tr, li { break-inside: avoid; page-break-inside: avoid; }" in style
    assert "background:" not in style.replace("background: #fff", "")  # nothing fades in print
    assert "thead { display: table-header-group; }" in style


def test_a_reviewed_visit_names_the_decision_and_no_action_says_so(
    data_dir: Path, tmp_path: Path
) -> None:
    ctx = _store(data_dir, "en")
    form = ctx.catalogue.get("mystery-shopper")
    header = {"shopper": "Mei", "target": "Rival <Co>", "target_kind": "competitor",
              "visit_date": "2026-11-20"}  # fmt: skip
    run = ctx.runs.start(form, store_code="SH-021", header=header)
    ctx.runs.answer_many(run, {
        i.id: Answer(True) if i.type == "pass_fail" else
        Answer(i.max) if i.type == "scale" else Answer(2.0)
        for i in form.items if i.type != "text" and not i.bonus
    })  # fmt: skip
    ctx.runs.finish(run, "Mei")
    ctx.runs.set_review(run, "returned", by="王芳", reason="receipt missing")
    ctx.close()
    page = _report(data_dir, run.id, tmp_path / "visit.html")
    assert page.row("Store or competitor visited") == ["Store or competitor visited", "Rival <Co>"]
    assert page.row("Own store or competitor") == ["Own store or competitor", "Competitor"]
    reviews = [r[1] for r in page.rows if r and r[0] == "Review"]
    assert reviews[0].startswith("Submitted by Mei")
    assert reviews[-1].startswith("Returned by 王芳") and reviews[-1].endswith(": receipt missing")
    assert "No corrective action was raised on it." in page.body
    assert page.row("MS-0-05")[3:] == ["", ""]  # a figure worth no points has no verdict


def _template(bands: tuple[Band, ...]) -> Template:
    def item(item_id: str, section: str, points: float, kind: str = "pass_fail") -> Item:
        scale = {"min": 0, "max": 4} if kind == "scale" else {}
        return Item(item_id, Text(item_id), kind, points, section, **scale)  # type: ignore[arg-type]

    return Template("t", 1, Text("T"), (
        Section("A", Text("A"), (item("A1", "A", 4), item("A2", "A", 1))),
        Section("B", Text("B"), (item("B1", "B", 1), item("B2", "B", 1), item("B3", "B", 1),
                                 item("B4", "B", 1), item("B5", "B", 1))),
        Section("C", Text("C"), (item("C1", "C", 1),)),
        Section("H", Text("H"), (item("H1", "H", 0, "scale"), item("H2", "H", 0))),
        Section("S", Text("S"), (item("S1", "S", 2, "scale"),)),
    ), bands)  # fmt: skip


def test_strengths_are_sections_at_the_top_band_never_worth_nothing() -> None:
    answers = {
        "A1": Answer(True), "A2": Answer(False),  # 80 %
        **{f"B{n}": Answer(n != 5) for n in range(1, 6)},  # 80 %
        "C1": Answer(False),  # 0 %
        "H1": Answer(4), "H2": Answer(True),  # worth no points
        "S1": Answer(4),  # 100 %, a scale at the top of its range
    }  # fmt: skip
    default = _template((Band("top", 90, Text("Top")), Band("pass", 75, Text("Pass")),
                         Band("fail", 0, Text("Fail"), fail=True)))  # fmt: skip
    result = score_run(default, answers)
    good = strengths(default, result, answers)
    assert good.sections == ("S",)  # A and B pass (80 %) but are not at the top band (90)
    assert good.items == ("S1",)  # H1 is rated 4 of 4 but is worth no points
    strong_at_80 = _template((Band("strong", 80, Text("Strong")), Band("focus", 0, Text("F"))))
    assert strengths(strong_at_80, score_run(strong_at_80, answers), answers).sections == (
        "A", "B", "S"
    )  # fmt: skip


def test_answer_text_and_a_sparkline_fitted_to_its_range() -> None:
    from storeops.history import fitted_sparkline
    from storeops.reports import answer_text

    number = Item("N", Text("n"), "number", 1, "S", unit=Text("s", "秒"))
    assert answer_text(number, Answer(12)) == "12 s"
    assert answer_text(number, Answer(2.5)) == "2.5 s"
    assert answer_text(number, Answer(None)) == "never happened"
    assert answer_text(number, None) == "not answered"
    # Scores between 85 and 100 use the whole height, not one flat row of full bars.
    assert fitted_sparkline([85.0, 92.5, 100.0, None]) == "▁▅█ "
    assert fitted_sparkline([90.0, 90.0]) == "▄▄"


def test_run_html_escapes_what_the_data_holds() -> None:
    from storeops.runs import Run

    template = _template((Band("top", 90, Text("<Top>")), Band("f", 0, Text("F"), fail=True)))
    run = Run.new(template, "<SH>", "2026-11-20T10:00:00+08:00")
    run.header = {"legacy": "<x>"}
    run.answers = {"A1": {"value": True}}
    run.notes = {"A1": "<img src=x>"}
    page = Page(run_html(run, template, score_run(template, run.scoring_answers()),
                         store_name="<Store & co>"))  # fmt: skip
    assert "img" not in page.tags
    assert page.row("Store") == ["Store", "<SH> <Store & co>"]
    assert page.row("legacy") == ["legacy", "<x>"]
