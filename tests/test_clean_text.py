"""Clean text in, clean text out: control characters never reach the data or the terminal,
and no cell a spreadsheet could run leaves `export` or `merge` unescaped."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from storeops.cli import build_app
from storeops.context import Context, open_context
from storeops.exporting import EXPORT_VERSION, RUN_COLUMNS, merge, merged_csv, safe_cell
from storeops.importing import import_runs
from storeops.profile import StoreProfile
from storeops.scoring import Answer
from storeops.storage import SourceFile
from storeops.templates import TemplateError, parse_template
from storeops.text_clean import clean_line, clean_text, controls_in, printable, without_controls
from storeops.texttable import render

ESC_CLEAR = "\x1b[2J"


def _cli(*args: str) -> Result:
    return CliRunner().invoke(build_app(), list(args))


def _all_output(result: Result) -> bytes:
    return result.stdout_bytes + (result.stderr_bytes or b"")


@pytest.fixture
def ctx(data_dir: Path) -> Context:
    context = open_context(data_dir)
    context.save_profile(StoreProfile("SH-021", "Nanjing Rd", "Wang Fang"))
    return context


# --- the helpers ----------------------------------------------------------------------------


def test_clean_text_keeps_tabs_and_line_breaks_only() -> None:
    assert clean_text("a\x00b\x07c\x1b[2Jd\x7fe\x9bf") == "abc[2Jdef"
    assert clean_text("line 1\r\nline 2\rline 3\tend") == "line 1\nline 2\nline 3\tend"
    assert clean_text("南京路 ok") == "南京路 ok"


def test_clean_line_makes_one_line() -> None:
    assert clean_line("Li\tLei\nSmith\x00\x07") == "Li Lei Smith"
    assert clean_line("王\u2028芳") == "王 芳"


def test_controls_are_named_for_a_message() -> None:
    assert controls_in("a\x1bb\x1bc\x00\td\n") == ["U+001B", "U+0000"]


def test_printable_shows_every_control_and_keeps_line_feeds() -> None:
    assert printable(f"x{ESC_CLEAR}y") == "x␛[2Jy"
    assert printable("a\x00\x07\x7f\x9b\tb\nc") == "a␀␇␡\\x9b b\nc"
    assert printable("南京路") == "南京路"
    assert without_controls(f"x{ESC_CLEAR}\x9by") == "x[2Jy"


def test_a_table_never_prints_an_escape_sequence() -> None:
    table = render(["name", "note"], [[f"Li{ESC_CLEAR}", "a\tb"]], width=80)
    assert "\x1b" not in table and "Li␛[2J" in table and "a b" in table


# --- templates --------------------------------------------------------------------------------

_TEMPLATE = """
id = "evil"
version = 1
title = {{ en = "{title}", zh = "标题" }}

[[sections]]
id = "S1"
title = {{ en = "Section", zh = "分区" }}

[[sections.items]]
id = "I-01"
type = "pass_fail"
text = {{ en = "{item}", zh = "题目" }}
"""


def _template(title: str = "Title", item: str = "Item") -> bytes:
    return _TEMPLATE.format(title=title, item=item).encode()


def test_escape_in_a_template_title_or_item_is_refused_and_named() -> None:
    with pytest.raises(TemplateError) as caught:
        parse_template(_template(title="Evil\\u001b[2J", item="Bell\\u0007"), "evil.toml")
    problems = [str(p) for p in caught.value.problems]
    assert any("title.en" in p and "U+001B" in p for p in problems), problems
    assert any("I-01" in p and "text.en" in p and "U+0007" in p for p in problems), problems
    assert all("\x1b" not in p and "\x07" not in p for p in problems)


def test_escape_in_a_template_never_reaches_the_terminal(ctx: Context, tmp_path: Path) -> None:
    folder = tmp_path / "hq"
    folder.mkdir()
    (folder / "evil.toml").write_bytes(_template(title="Evil\\u001b[2J"))
    (folder / "bad\x1b[2J.toml").write_bytes(b"id = ")  # a file name holding one, too
    ctx.save_profile(StoreProfile("SH-021", "Nanjing Rd", "Wang Fang", templates_dir=str(folder)))
    ctx.close()
    data = ["--data-dir", str(ctx.data_dir)]
    listed = _cli(*data, "templates", "list")
    assert b"\x1b" not in _all_output(listed)
    assert "evil" not in listed.stdout  # refused, so not offered to the store
    validated = _cli("templates", "validate", str(folder))
    assert validated.exit_code == 1
    assert b"\x1b" not in _all_output(validated) and "U+001B" in validated.output


# --- what people type, and imports --------------------------------------------------------------


def test_names_notes_and_header_values_are_stored_clean(ctx: Context) -> None:
    member = ctx.staff.add("Li\x07 \x00Lei")
    assert member.name == "Li Lei"
    six_s = ctx.catalogue.get("six-s")
    run = ctx.runs.start(six_s, store_code="SH-021", header={"auditor": f"Wang{ESC_CLEAR}"})
    assert run.header["auditor"] == "Wang[2J" and run.auditor == "Wang[2J"
    ctx.runs.set_note(run, "6S-SAF-01", "\x1b[31mred\r\nnext line\x00")
    assert ctx.runs.get(run.id).notes["6S-SAF-01"] == "[31mred\nnext line"
    saved = ctx.save_profile(StoreProfile("SH-021", "Nanjing\x07 Rd", "Wang\x00 Fang"))
    assert (saved.store_name, saved.manager) == ("Nanjing Rd", "Wang Fang")


def _visit_row(ctx: Context, shopper: str) -> dict[str, str]:
    form = ctx.catalogue.get("mystery-shopper")
    row = {"shopper": shopper, "target": "Store\x07 A", "target_kind": "own",
           "visit_date": "2026-11-20"}  # fmt: skip
    for item in form.items:
        if item.type == "pass_fail" and not item.bonus:
            row[item.id] = "n" if item.negative else "y"
        elif item.type == "scale":
            row[item.id] = str(item.max)
        elif item.type == "number":
            row[item.id] = "2"
    return row


@pytest.mark.parametrize("kind", ["json", "csv"])
def test_nul_and_bel_in_an_imported_name_are_removed(ctx: Context, kind: str) -> None:
    form = ctx.catalogue.get("mystery-shopper")
    row = _visit_row(ctx, "Mei\x00\x07")
    if kind == "json":
        source = SourceFile("visits.json", json.dumps([row]).encode())
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(row))
        writer.writeheader()
        writer.writerow(row)
        source = SourceFile("visits.csv", buffer.getvalue().encode())
    result = import_runs(ctx.runs, form, source, store_code="SH-021")
    assert not result.problems, [str(p) for p in result.problems]
    [run] = ctx.runs.finished()
    assert run.header["shopper"] == "Mei" and run.auditor == "Mei"
    assert run.header["target"] == "Store A"
    assert "\x00" not in json.dumps(run.to_doc()) and "\\u0000" not in json.dumps(run.to_doc())


def test_runs_list_shows_an_escape_from_a_hand_edited_file(ctx: Context) -> None:
    six_s = ctx.catalogue.get("six-s")
    run = ctx.runs.start(six_s, store_code="SH-021", header={"auditor": "Li"})
    answers = {i.id: Answer(True) if i.type == "pass_fail" else Answer(0.0)
               for i in six_s.items if i.type != "text"}  # fmt: skip
    ctx.runs.answer_many(run, answers)
    ctx.runs.finish(run, "Li")
    ctx.close()
    [month] = (ctx.data_dir / "runs").glob("????-??.json")
    data = json.loads(month.read_text("utf-8"))
    for doc in data["_default"].values():
        doc["auditor"] = f"Li{ESC_CLEAR}"
    month.write_text(json.dumps(data), "utf-8")
    (ctx.data_dir / "runs" / "index.json").unlink()
    listed = _cli("--data-dir", str(ctx.data_dir), "runs", "list")
    assert listed.exit_code == 0, listed.output
    assert b"\x1b" not in _all_output(listed) and "Li␛[2J" in listed.output


# --- spreadsheets ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+1+1", "-1+1", "@SUM(1,1)", "\t=1", "＝1+1", "＋1+1", "－1+1", "＠SUM(1,1)",
     "\u200b=1+1", "\ufeff=1+1", "\u2060＝1+1", " =1+1", "\u3000=1+1", "\u00a0@A1"],
)  # fmt: skip
def test_export_escapes_formulas_full_width_and_behind_invisible_characters(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Li Lei", "南京路", " spaced", "\u200bhidden", "1-2", "'=1"])
def test_export_leaves_other_text_alone(text: str) -> None:
    assert safe_cell(text) == text


def _store_csv(*cells: str, store: str = "SH-021") -> bytes:
    """A run-level export whose store_name cells are ``cells`` (made by hand, unescaped)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(RUN_COLUMNS)
    for n, cell in enumerate(cells):
        row = {column: "" for column in RUN_COLUMNS}
        row.update(export_version=str(EXPORT_VERSION), store_code=store, store_name=cell,
                   run_id=f"r{n}", score="-5" if n == 0 else "87.5")  # fmt: skip
        writer.writerow(row.values())
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def test_merge_makes_every_cell_safe_as_export_does(tmp_path: Path) -> None:
    cells = ["=1+1", "＝1+1", '\u200b=HYPERLINK("x")', "'=1+1", "plain"]
    merged = merge([SourceFile("a.csv", _store_csv(*cells))])
    column = merged.columns.index("store_name")
    assert [row[column] for row in merged.rows] == [
        "'=1+1",
        "'＝1+1",
        '\'\u200b=HYPERLINK("x")',
        "'=1+1",
        "plain",
    ]
    score = merged.columns.index("score")
    assert [row[score] for row in merged.rows][:2] == ["-5", "87.5"]  # numbers stay numbers
    text = merged_csv(merged).decode("utf-8-sig")
    assert ",=1+1," not in text and ",＝1+1," not in text


def test_merge_counts_a_raw_and_an_escaped_copy_as_one_row(tmp_path: Path) -> None:
    raw, escaped = _store_csv("=1+1"), _store_csv("'=1+1")
    merged = merge([SourceFile("raw.csv", raw), SourceFile("escaped.csv", escaped)])
    assert len(merged.rows) == 1 and merged.duplicates == 1


def test_storeops_merge_writes_no_formula(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes(_store_csv("=1+1", "＋1"))
    out = tmp_path / "all.csv"
    result = _cli("merge", str(tmp_path / "a.csv"), "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    names = [row[RUN_COLUMNS.index("store_name")] for row in rows[1:]]
    assert names == ["'=1+1", "'＋1"]


async def test_the_app_never_draws_an_escape_sequence(data_dir: Path) -> None:
    """A note holding ESC (a hand-edited file) is drawn without it."""
    from rich.segment import Segment
    from textual.color import Color

    from storeops.tui.no_controls import NoControls
    from tests.tui_helpers import make_app

    app = make_app(data_dir)
    assert any(isinstance(f, NoControls) for f in app.get_line_filters())
    drawn = NoControls().apply([Segment("a\x1b[2Jb\x9bc")], Color(0, 0, 0))
    text = "".join(s.text for s in drawn)
    assert "\x1b" not in text and "\x9b" not in text and text.startswith("a")
    app.ctx.close()
