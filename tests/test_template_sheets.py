"""Templates authored in a spreadsheet: ``storeops templates export`` / ``import``.

A template goes to a workbook (or a CSV) and back unchanged, to the last number's kind; a sheet a
person made with mistakes is refused whole, each problem named by sheet, row and column."""

from __future__ import annotations

import copy
import io
import tomllib
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from storeops.cli import build_app
from storeops.i18n import set_language
from storeops.locations import bundled_templates_dir
from storeops.template_sheets import (
    SheetError,
    first_difference,
    read_template,
    template_csv,
    template_xlsx,
)
from storeops.templates import content_hash, parse_template, template_from_data
from storeops.toml_writer import TomlValueError, dumps

runner = CliRunner()
BUNDLED = sorted(bundled_templates_dir().glob("*.toml"))
SAMPLES = bundled_templates_dir() / "samples"


def _data(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text("utf-8"))


def _problems(raw: bytes, kind: str) -> list[str]:
    with pytest.raises(SheetError) as caught:
        read_template(raw, kind, f"sheet.{kind}")
    return [str(problem) for problem in caught.value.problems]


# A template that uses what the bundled ones do not: plain-string texts, whole-number floats,
# a float a spreadsheet cell would round, a choice item, conditions (on a text and on numbers),
# follow-ups, labels holding colons, and texts a spreadsheet could run as formulas.
KINDS: dict[str, Any] = {
    "id": "kinds",
    "version": 1,
    "title": "Kinds · 种类",
    "description": {"en": "=1+1 is text here"},
    "order": 5,
    "schedule": {"every": "week", "on": "tue"},
    "sections": [
        {"id": "A", "title": "Plain title", "weight": 12.5, "help": {"zh": "只有中文"},
         "items": [
             {"id": "A-01", "type": "pass_fail", "text": "Plain text", "points": 1.0,
              "on_fail": {"note": True, "evidence": True}},
             {"id": "A-02", "type": "choice", "text": {"en": "Fit", "zh": "合身"}, "points": 2,
              "critical": True,
              "options": [
                  {"key": "full", "text": {"en": "Fully: all", "zh": "完全"}, "score": 1},
                  {"key": "half", "text": "Half \\ way", "score": 0.30000000000000004},
                  {"key": "none", "text": {"en": "Not at all", "zh": "没有"}, "score": 1.0,
                   "fail": True},
                  {"key": "minus", "text": {"en": "-5 worse"}, "score": -1, "fail": True},
              ],
              "show_if": {"item": "A-01", "in": ["y", "n"]}},
             {"id": "A-03", "type": "scale", "text": {"en": "+ Manner", "zh": "态度"},
              "points": 3, "min": 1, "max": 3, "score_from": "min",
              "labels": ["Low: weak", {"en": "Mid", "zh": "中"}, {"en": "Two\nlines"}],
              "show_if": {"store": "fitting_rooms", "in": ["yes", "4"]}},
             {"id": "A-04", "type": "pass_fail", "text": {"en": "@ Later"},
              "show_if": {"item": "A-03", "in": [2, 3]}, "guidance": "'quoted' text"},
         ]},
        {"id": "B", "title": {"en": "Numbers"}, "weight": 0,
         "items": [
             {"id": "B-01", "type": "number", "text": {"en": "Wait", "zh": "等待"},
              "points": 0.5, "threshold": 30.0, "direction": "<=", "critical_threshold": 1e16,
              "unit": {"en": "s", "zh": "秒"}, "stopwatch": True, "allow_na": False},
             {"id": "B-02", "type": "text", "text": {"en": "Notes"}, "required": False,
              "source": "-seed 000"},
         ]},
    ],
}  # fmt: skip


def test_the_kinds_template_is_valid() -> None:
    template_from_data(KINDS, "kinds")  # else the round trips below would prove little


# --- round trips -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_every_bundled_template_round_trips_through_a_workbook(path: Path) -> None:
    data = _data(path)
    data_back, template = read_template(template_xlsx(data), "xlsx", "back.xlsx")
    assert first_difference(data, data_back) is None
    assert content_hash(data_back) == content_hash(data) == template.hash


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_every_bundled_template_round_trips_through_csv_where_a_csv_can_hold_it(
    path: Path,
) -> None:
    data = _data(path)
    if data.get("header") or data.get("bands"):
        with pytest.raises(SheetError) as caught:
            template_csv(data)
        assert "export it as xlsx" in str(caught.value)
    held = {key: value for key, value in data.items() if key not in ("header", "bands")}
    if held.get("reaudit", {}).get("band") not in (None, "excellent", "good", "improve", "fail"):
        held.pop("reaudit")  # it names one of the template's own bands, left behind
    data_back, _ = read_template(template_csv(held), "csv", "back.csv")
    assert first_difference(held, data_back) is None
    assert content_hash(data_back) == content_hash(held)


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_numbers_keep_their_kind_and_texts_their_shape(kind: str) -> None:
    payload = template_xlsx(KINDS) if kind == "xlsx" else template_csv(KINDS)
    data_back, _ = read_template(payload, kind, f"kinds.{kind}")
    assert first_difference(KINDS, data_back) is None
    assert content_hash(data_back) == content_hash(KINDS)
    items = data_back["sections"][0]["items"]
    assert type(items[0]["points"]) is float and type(items[1]["points"]) is int
    assert items[1]["options"][1]["score"] == 0.30000000000000004
    assert data_back["title"] == "Kinds · 种类" and items[0]["text"] == "Plain text"
    assert items[3]["show_if"]["in"] == [2, 3] and items[2]["show_if"]["in"] == ["yes", "4"]


def test_a_csv_never_hands_excel_a_formula() -> None:
    text = template_csv(KINDS).decode("utf-8-sig")
    assert "'=1+1 is text here" in text and "'+ Manner" in text and "'@ Later" in text
    assert "'-seed 000" in text
    assert ",=" not in text and "\n=" not in text


def test_the_workbook_reads_in_a_spreadsheet_reader_with_typed_cells() -> None:
    data = _data(bundled_templates_dir() / "six-s.toml")
    book = openpyxl.load_workbook(io.BytesIO(template_xlsx(data)))
    assert book.sheetnames == ["items", "sections", "settings", "header"]
    items = list(book["items"].iter_rows(values_only=True))
    assert items[0][:5] == ("section", "id", "type", "text::en", "text::zh")
    column = {name: n for n, name in enumerate(items[0])}
    first = data["sections"][0]["items"][0]
    assert items[1][column["id"]] == first["id"]
    assert items[1][column["points"]] == first["points"]  # a number cell, not text
    critical = [row for row in items[1:] if row[column["critical"]] is not None]
    assert critical and all(row[column["critical"]] is True for row in critical)
    settings = dict(book["settings"].iter_rows(min_row=2, values_only=True))
    assert settings["id"] == "six-s" and settings["version"] == data["version"]
    assert settings["title::zh"] == "6S 审核" and settings["allow_na"] is True
    assert settings["schedule.every"] == data["schedule"]["every"]
    sections = list(book["sections"].iter_rows(values_only=True))
    assert sections[0][:3] == ("id", "title::en", "title::zh")
    assert len(sections) == len(data["sections"]) + 1


def test_a_template_the_sheets_cannot_hold_is_refused_by_name() -> None:
    data = copy.deepcopy(KINDS)
    data["sections"][0]["items"][0]["photo"] = True  # a field no column holds
    data["sections"][0]["items"][1]["on_fail"] = {"note": False}  # only true follow-ups fit
    with pytest.raises(SheetError) as caught:
        template_xlsx(data)
    problems = [str(problem) for problem in caught.value.problems]
    assert any("item A-01" in p and "'photo'" in p and "TOML" in p for p in problems)
    assert any("item A-02" in p and "'on_fail'" in p for p in problems)


# --- a sheet made by hand, with mistakes ---------------------------------------------------------


def _workbook(items: list[list[Any]], settings: list[list[Any]] | None = None) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    sheets = {
        "items": items,
        "sections": [["id", "title::en", "title::zh"], ["A", "Area", "区域"]],
        "settings": settings or [["key", "value"], ["id", "hand"], ["version", 1],
                                 ["title::en", "By hand"], ["title::zh", "手写"]],
    }  # fmt: skip
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HEADER = ["section", "id", "type", "text::en", "text::zh", "points", "options", "colour"]
MISTAKES = [
    HEADER,  # row 1: "colour" is no column of a template
    ["A", "A-01", "pass_fail", "Clean", "整洁", 1],
    ["A", None, "pass_fail", "No id", "没有编号", 1],  # row 3
    ["A", "A-03", "choice", "Fit", "合身", 2, "full:Fully:完全:1\nnone:None:没有:x:fail"],
    ["A", "A-04", "checkbox", "Odd", "怪", 1],  # row 5: no such type
    ["A", "A-01", "pass_fail", "Again", "又一次", 1, None, "red"],  # row 6: A-01 twice
]


def test_a_hand_made_sheet_names_every_mistake_by_sheet_row_and_column() -> None:
    problems = _problems(_workbook(MISTAKES), "xlsx")
    assert len(problems) == 5, problems
    assert problems[0].startswith("items row 1, column colour: unknown column")
    joined = "\n".join(problems)
    assert "items row 3, column id: 'id' is missing" in joined
    assert "items row 4, column options: line 2: the score 'x' is not a number" in joined
    assert "items row 5, column type: item A-04: 'type' must be one of" in joined
    assert "(found 'checkbox')" in joined
    assert "items row 6, column id: id 'A-01' is used twice (also row 2)" in joined


def test_a_hand_made_sheet_names_its_mistakes_in_chinese() -> None:
    set_language("zh")
    problems = _problems(_workbook(MISTAKES), "xlsx")
    joined = "\n".join(problems)
    assert "items 表第 3 行“id”列：缺少“id”" in joined
    assert "items 表第 4 行“options”列：第 2 行：分值“x”不是数字" in joined
    assert "items 表第 1 行“colour”列：未知列" in joined
    assert "items 表第 6 行“id”列：编号“A-01”重复（另见第 2 行）" in joined


def test_problems_of_the_check_land_on_their_rows_and_columns() -> None:
    items = [
        ["section", "id", "type", "text::en", "min", "max", "show_if", "critical"],
        ["A", "A-01", "scale", "Manner", 3, 1],  # min above max
        ["A", "A-02", "pass_fail", "Later", None, None, "item A-09 in y"],  # no such item
        ["B", "B-01", "pass_fail", "Where", None, None, None, "maybe"],  # no section B
        ["A", "A-03", "pass_fail", "Formula", "=1+1"],  # a formula in a cell
    ]
    settings = [["key", "value"], ["id", "hand"], ["title::en", "By hand"], ["colour", "red"]]
    problems = _problems(_workbook(items, settings), "xlsx")
    joined = "\n".join(problems)
    assert "items row 2, column max: item A-01: scale min (3) must be below max (1)" in joined
    assert "items row 3, column show_if: item A-02: 'show_if' names 'A-09'" in joined
    assert "items row 4, column section: no section 'B'" in joined
    assert "items row 4, column critical: 'maybe' is not TRUE or FALSE" in joined
    assert "items row 5, column min: holds a formula (=1+1)" in joined
    assert "settings row 4, column key: unknown setting 'colour'" in joined
    assert "sheet settings: 'version' is missing" in joined


def test_a_workbook_without_the_sheets_of_a_template_is_refused() -> None:
    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    buffer = io.BytesIO()
    book.save(buffer)
    problems = _problems(buffer.getvalue(), "xlsx")
    assert any("not a sheet of a template" in p for p in problems)
    assert any("no sheet 'items'" in p for p in problems)
    assert _problems(b"not a zip", "xlsx")[0].startswith("cannot read the workbook")


def test_a_workbook_that_unpacks_too_large_is_refused_before_it_is_opened(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    payload = template_xlsx(KINDS)
    monkeypatch.setattr("storeops.template_sheets.MAX_UNPACKED_BYTES", 2_000_000)
    read_template(payload, "xlsx", "fine.xlsx")
    monkeypatch.setattr("storeops.template_sheets.MAX_UNPACKED_BYTES", 1_000)
    problems = _problems(payload, "xlsx")
    assert len(problems) == 1 and "unpacks to over" in problems[0]


def test_a_hand_made_csv_names_its_rows() -> None:
    text = (
        "#setting,id,hand\n#setting,version,1\n#setting,title,By hand\n"
        "#sections,id,title\n#section,A,Area\n#header,who\n"
        "section,id,type,text\nA,A-01,pass_fail,Clean\nA,A-02,scale,Kind\n#setting,order,3\n"
    )
    problems = _problems(text.encode("utf-8"), "csv")
    joined = "\n".join(problems)
    assert "row 6, column A: unknown row kind '#header'" in joined
    assert "row 9, column max: item A-02: 'max' is missing" in joined
    assert "row 10: a # row after the items table began" in joined
    good = text.replace("#header,who\n", "").replace("scale,Kind", "pass_fail,Kind")
    data, template = read_template(good.replace("#setting,order,3\n", "").encode(), "csv", "h")
    assert data["title"] == "By hand" and [i.id for i in template.items] == ["A-01", "A-02"]


def test_the_sample_workbook_is_its_toml() -> None:
    raw = (SAMPLES / "fitting-room-check.xlsx").read_bytes()
    data, template = read_template(raw, "xlsx", "fitting-room-check.xlsx")
    toml_bytes = (SAMPLES / "fitting-room-check.toml").read_bytes()
    assert content_hash(data) == content_hash(tomllib.loads(toml_bytes.decode("utf-8")))
    assert parse_template(toml_bytes, "fitting-room-check.toml").hash == template.hash
    assert template.item("FR-02").type == "choice"


# --- the TOML writer ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", [*BUNDLED, SAMPLES / "goal-examples.toml"], ids=lambda p: p.stem)
def test_the_toml_writer_writes_what_tomllib_reads_back(path: Path) -> None:
    data = _data(path)
    assert first_difference(data, tomllib.loads(dumps(data))) is None


def test_the_toml_writer_keeps_kinds_escapes_and_layout() -> None:
    text = dumps(KINDS, comment=["made here"])
    assert first_difference(KINDS, tomllib.loads(text)) is None
    assert text.startswith('# made here\n\nid = "kinds"\n')
    assert "\n[[sections]]\n" in text and "\n[[sections.items]]\n" in text
    assert "points = 1.0\n" in text and "critical_threshold = 1e+16\n" in text
    assert 'text = "Half \\\\ way"' in text and 'labels = ["Low: weak"' in text
    weird = {"a key": "tab\there \u001b", "n": [1, 2.5, True]}
    assert tomllib.loads(dumps(weird)) == weird


def test_the_toml_writer_names_a_value_toml_cannot_hold() -> None:
    with pytest.raises(TomlValueError) as caught:
        dumps({"sections": [{"id": "A", "items": [{"id": "A-01", "points": None}]}]})
    assert caught.value.path == "sections[0].items[0].points"


# --- the commands -------------------------------------------------------------------------------


def invoke(*args: str) -> Any:
    return runner.invoke(build_app(), list(args))


def test_export_then_import_gives_the_template_back(data_dir: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "six-s.xlsx"
    result = invoke("--data-dir", str(data_dir), "templates", "export", "six-s", "-o", str(sheet))
    assert result.exit_code == 0, result.output
    assert "six-s" in result.output and sheet.is_file()
    assert "header" in openpyxl.load_workbook(sheet).sheetnames
    out = tmp_path / "out"
    out.mkdir()
    result = invoke("templates", "import", str(sheet), "-o", str(out))
    assert result.exit_code == 0, result.output
    written = out / "six-s.toml"
    original = _data(bundled_templates_dir() / "six-s.toml")
    assert content_hash(_data(written)) == content_hash(original)
    assert "37 items" in result.output or "items" in result.output


def test_import_does_not_overwrite_without_force(tmp_path: Path) -> None:
    sheet = tmp_path / "kinds.csv"
    sheet.write_bytes(template_csv(KINDS))
    (tmp_path / "kinds.toml").write_text("# mine\n", "utf-8")
    result = invoke("templates", "import", str(sheet), "-o", str(tmp_path))
    assert result.exit_code == 1
    assert "--force" in result.output
    assert (tmp_path / "kinds.toml").read_text("utf-8") == "# mine\n"
    result = invoke("templates", "import", str(sheet), "-o", str(tmp_path), "--force")
    assert result.exit_code == 0, result.output
    assert content_hash(_data(tmp_path / "kinds.toml")) == content_hash(KINDS)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_import_of_a_bad_sheet_writes_nothing_and_lists_the_problems(
    tmp_path: Path, lang: str
) -> None:
    sheet = tmp_path / "hand.xlsx"
    sheet.write_bytes(_workbook(MISTAKES))
    result = invoke("--lang", lang, "templates", "import", str(sheet), "-o", str(tmp_path))
    assert result.exit_code == 1
    assert list(tmp_path.glob("*.toml")) == []
    lines = [line for line in result.output.splitlines() if line.startswith("  - ")]
    assert len(lines) == 5
    if lang == "en":
        assert "5 problems; nothing was written" in result.output
        assert "items row 5, column type" in result.output
    else:
        assert "5 个问题；未写入任何文件" in result.output
        assert "items 表第 5 行“type”列" in result.output
    assert "Traceback" not in result.output


def test_import_usage_and_missing_files(tmp_path: Path) -> None:
    odd = tmp_path / "hand.ods"
    odd.write_bytes(b"x")
    assert invoke("templates", "import", str(odd), "-o", str(tmp_path)).exit_code == 2
    assert invoke("templates", "import", str(tmp_path / "x.xlsx")).exit_code == 2  # no -o
    missing = invoke("templates", "import", str(tmp_path / "none.xlsx"), "-o", str(tmp_path))
    assert missing.exit_code == 1 and "none.xlsx" in missing.output
    sheet = tmp_path / "kinds.csv"
    sheet.write_bytes(template_csv(KINDS))
    nowhere = invoke("templates", "import", str(sheet), "-o", str(tmp_path / "no-such"))
    assert nowhere.exit_code == 1 and "not a folder" in nowhere.output


def test_export_formats_and_refusals(data_dir: Path, tmp_path: Path) -> None:
    base = ("--data-dir", str(data_dir), "templates", "export")
    toml = invoke(*base, "six-s", "--format", "toml")
    assert toml.exit_code == 0, toml.output
    assert content_hash(tomllib.loads(toml.output)) == content_hash(
        _data(bundled_templates_dir() / "six-s.toml")
    )
    csv_result = invoke(*base, "six-s", "-o", str(tmp_path / "six-s.csv"))
    assert csv_result.exit_code == 1 and "header fields" in csv_result.output
    assert not (tmp_path / "six-s.csv").exists()
    assert invoke(*base, "six-s").exit_code == 2  # a workbook needs a file
    assert invoke(*base, "six-s", "--format", "pdf").exit_code == 2
    unknown = invoke(*base, "nope", "-o", str(tmp_path / "x.xlsx"))
    assert unknown.exit_code == 1 and "six-s" in unknown.output
    set_language("zh")
    chinese = invoke("--lang", "zh", *base, "six-s", "--format", "csv")
    assert chinese.exit_code == 1 and "表头字段" in chinese.output


def test_import_may_write_into_a_templates_folder_inside_the_data_folder(
    data_dir: Path, tmp_path: Path
) -> None:
    """Exports are refused inside the data folder (they could replace its files); a store
    may keep its own templates in a folder there, and a ``.toml`` is no store file."""
    sheet = tmp_path / "kinds.csv"
    sheet.write_bytes(template_csv(KINDS))
    mine = data_dir / "my-templates"
    mine.mkdir()
    result = invoke("--data-dir", str(data_dir), "templates", "import", str(sheet), "-o", str(mine))
    assert result.exit_code == 0, result.output
    assert content_hash(_data(mine / "kinds.toml")) == content_hash(KINDS)
