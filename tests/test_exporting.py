"""Exports for head office: Excel-safe CSV, JSON, merging, reports."""

from __future__ import annotations

import csv
import gc
import io
import json
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from storeops.cli import build_app
from storeops.context import Context, open_context
from storeops.exporting import (
    ACTION_COLUMNS,
    ANSWER_COLUMNS,
    EXPORT_VERSION,
    RUN_COLUMNS,
    ExportError,
    Selection,
    export_csv,
    merge,
    safe_cell,
    selected_runs,
    to_csv,
)
from storeops.profile import StoreProfile
from storeops.reports import pareto
from storeops.scoring import Answer
from storeops.storage import SourceFile

CST = timezone(timedelta(hours=8))
README = Path(__file__).resolve().parent.parent / "README.md"
NOTE = '=HYPERLINK("http://evil","点我") 玻璃有指印'


def _audit(ctx: Context, day: int, fails: set[str], note: str = "", findings: float = 0.0) -> str:
    template = ctx.catalogue.get("six-s")
    when = datetime(2026, 10, day, 18, 0, tzinfo=CST)
    run = ctx.runs.start(template, store_code=ctx.profile.store_code if ctx.profile else "",
                         header={"auditor": "王芳"}, now=when)  # fmt: skip
    answers = {}
    for item in template.items:
        if item.type == "pass_fail":
            answers[item.id] = Answer(item.id not in fails)
        elif item.type == "number":
            answers[item.id] = Answer(findings if item.id == "6S-STD-04" else 20.0)
    ctx.runs.answer_many(run, answers, now=when)
    if note:
        ctx.runs.set_note(run, "6S-SHN-01", note, now=when)
    ctx.runs.finish(run, "王芳", now=when)
    return run.id


def _store(data_dir: Path, code: str) -> Context:
    ctx = open_context(data_dir)
    ctx.save_profile(StoreProfile(code, f"Store {code}", "Wang"))
    return ctx


def _rows(payload: bytes) -> list[dict[str, str]]:
    assert payload.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for Chinese
    return list(csv.DictReader(io.StringIO(payload.decode("utf-8-sig"), newline="")))


def test_formula_note_is_text_and_chinese_round_trips(data_dir: Path) -> None:
    ctx = _store(data_dir, "SH-1")
    _audit(ctx, 1, {"6S-SHN-01"}, note=NOTE, findings=3)
    payload, count = export_csv("answer", ctx.runs, [], Selection(), ctx.profile, date(2026, 11, 1))
    rows = _rows(payload)
    assert count == len(rows) == 35  # 35 scored items; the two empty text items are left out
    shine = next(r for r in rows if r["item_id"] == "6S-SHN-01")
    assert shine["note"] == "'" + NOTE  # shown as text, never run as a formula
    assert shine["result"] == "fail" and shine["points_earned"] == "0"
    findings = next(r for r in rows if r["item_id"] == "6S-STD-04")
    assert findings["numeric_value"] == "3"  # a count stays a whole number
    assert all(r["store_code"] == "SH-1" for r in rows)
    assert b"\r\n" in payload


@given(st.text(max_size=30))
def test_any_text_cell_is_safe(text: str) -> None:
    cell = safe_cell(text)
    assert isinstance(cell, str)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n"))
    assert cell.removeprefix("'") == text or cell == text


def test_numbers_are_not_prefixed() -> None:
    assert safe_cell(-3.5) == -3.5 and safe_cell(0) == 0 and safe_cell(None) == ""
    assert to_csv(["a"], [[-1]]).decode("utf-8-sig").splitlines()[1] == "-1"


def _documented_columns(level: str) -> list[str]:
    """The column list README documents for a level (``<!-- columns:LEVEL -->`` block)."""
    text = README.read_text("utf-8")
    match = re.search(rf"<!-- columns:{level} -->\s*```text\n(.*?)```", text, re.S)
    assert match, f"README documents no {level} columns"
    return match.group(1).split()


@pytest.mark.parametrize(
    ("level", "columns"),
    [("run", RUN_COLUMNS), ("answer", ANSWER_COLUMNS), ("action", ACTION_COLUMNS)],
)
def test_column_headers_match_readme(level: str, columns: tuple[str, ...]) -> None:
    assert _documented_columns(level) == list(columns)


def test_run_level_has_section_scores_and_band(data_dir: Path) -> None:
    ctx = _store(data_dir, "SH-1")
    _audit(ctx, 1, {"6S-SAF-01"})
    rows = _rows(export_csv("run", ctx.runs, [], Selection(), ctx.profile, date(2026, 11, 1))[0])
    [row] = rows
    assert row["band"] == "fail" and row["critical_failed"] == "Y"
    assert row["critical_items"] == "6S-SAF-01" and row["section_SAF"] == "80"
    assert row["score"] == "96" and row["store_name"] == "Store SH-1"


def test_json_export_carries_hash_amendments_and_scores(data_dir: Path) -> None:
    ctx = _store(data_dir, "SH-1")
    run_id = _audit(ctx, 1, set())
    ctx.runs.amend(ctx.runs.get(run_id), {"6S-SRT-01": Answer(False)}, by="Li", why="Seen later")
    result = CliRunner().invoke(
        build_app(), ["--data-dir", str(data_dir), "export", "--format", "json"]
    )
    doc = json.loads(result.output)
    [run] = doc["runs"]
    assert run["template_hash"] and run["amendments"][0]["why"] == "Seen later"
    assert run["answers"]["6S-SRT-01"]["value"] is True  # the original stays
    assert run["score"] < 100 and doc["store"]["code"] == "SH-1"


def _export(data_dir: Path, tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    result = CliRunner().invoke(
        build_app(), ["--data-dir", str(data_dir), "export", "-o", str(path)]
    )
    assert result.exit_code == 0, result.output
    return path


def test_merge_two_stores_is_the_union_and_twice_adds_nothing(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for folder, code in ((a, "SH-1"), (b, "BJ-2")):
        ctx = _store(folder, code)
        _audit(ctx, 1, set())
        _audit(ctx, 2, {"6S-SRT-01"})
        ctx.close()
    file_a, file_b = _export(a, tmp_path, "a.csv"), _export(b, tmp_path, "b.csv")
    out = tmp_path / "all.csv"
    result = CliRunner().invoke(build_app(), ["merge", str(file_a), str(file_b), str(file_a),
                                              "-o", str(out)])  # fmt: skip
    assert result.exit_code == 0 and "2 duplicate" in result.output
    rows = _rows(out.read_bytes())
    assert sorted(r["store_code"] for r in rows) == ["BJ-2", "BJ-2", "SH-1", "SH-1"]
    again = CliRunner().invoke(
        build_app(), ["merge", str(out), str(out), "-o", str(tmp_path / "x.csv")]
    )
    assert "0 duplicate" not in again.output and len(_rows((tmp_path / "x.csv").read_bytes())) == 4
    league = CliRunner().invoke(build_app(), ["report", "stores", str(out)])
    assert "SH-1" in league.output and "BJ-2" in league.output


def test_merge_refuses_mixed_levels_and_versions(data_dir: Path) -> None:
    ctx = _store(data_dir, "SH-1")
    _audit(ctx, 1, set())
    run_csv = export_csv("run", ctx.runs, [], Selection(), ctx.profile, date(2026, 11, 1))[0]
    answer_csv = export_csv("answer", ctx.runs, [], Selection(), ctx.profile, date(2026, 11, 1))[0]
    with pytest.raises(ExportError, match="level"):
        merge([SourceFile("r.csv", run_csv), SourceFile("a.csv", answer_csv)])
    old = run_csv.replace(f"\r\n{EXPORT_VERSION},".encode(), b"\r\n1,")  # a version 1 export
    with pytest.raises(ExportError, match="version"):
        merge([SourceFile("r.csv", run_csv), SourceFile("old.csv", old)])
    with pytest.raises(ExportError, match="not a storeops"):
        merge([SourceFile("x.csv", "\ufeffa,b\r\n1,2\r\n".encode())])


def test_pareto_matches_hand_counts(data_dir: Path) -> None:
    ctx = _store(data_dir, "SH-1")
    _audit(ctx, 1, {"6S-SHN-01", "6S-SRT-01"})
    _audit(ctx, 2, {"6S-SHN-01", "6S-SAF-03"})
    _audit(ctx, 3, {"6S-SHN-01", "6S-SRT-01"})
    _audit(ctx, 4, set(), findings=2.0)  # 6S-STD-04 fails: 2 open findings
    rows, total, _runs = pareto(selected_runs(ctx.runs, Selection("six-s")))
    # 7 failures: SHN-01 ×3 (42.9 %, cum 42.9), SRT-01 ×2 (28.6, 71.4), SAF-03 ×1 (14.3, 85.7),
    # STD-04 ×1 (14.3, 100) — equal counts in id order.
    assert total == 7
    assert [(r.item_id, r.count, r.percent, r.cumulative) for r in rows] == [
        ("6S-SHN-01", 3, 42.9, 42.9), ("6S-SRT-01", 2, 28.6, 71.4),
        ("6S-SAF-03", 1, 14.3, 85.7), ("6S-STD-04", 1, 14.3, 100.0),
    ]  # fmt: skip


def test_report_run_html_and_failures(data_dir: Path, tmp_path: Path) -> None:
    ctx = _store(data_dir, "SH-1")
    run_id = _audit(ctx, 1, {"6S-SAF-01"}, note="<script>x</script>")
    ctx.close()
    page = tmp_path / "run.html"
    app = build_app()
    result = CliRunner().invoke(app, ["--data-dir", str(data_dir), "report", "run", run_id,
                                      "--html", str(page)])  # fmt: skip
    assert result.exit_code == 0
    text = page.read_text("utf-8")
    assert "6S audit / 6S 审核" in text and "&lt;script&gt;" in text and "<script>x" not in text
    failures = CliRunner().invoke(app, ["--data-dir", str(data_dir), "report", "run", run_id])
    assert "⚠ 6S-SAF-01" in failures.output


def test_unaccepted_visits_are_not_exported_by_default(data_dir: Path) -> None:
    ctx = _store(data_dir, "SH-1")
    form = ctx.catalogue.get("mystery-shopper")
    header = {"shopper": "Mei", "target": "A", "target_kind": "own", "visit_date": "2026-11-20"}
    run = ctx.runs.start(form, store_code="SH-1", header=header)
    answers = {
        i.id: Answer(True) if i.type == "pass_fail" else
        Answer(i.max) if i.type == "scale" else Answer(2.0)
        for i in form.items if i.type != "text" and not i.bonus
    }  # fmt: skip
    ctx.runs.answer_many(run, answers)
    ctx.runs.finish(run, "Mei")
    assert selected_runs(ctx.runs, Selection("mystery-shopper")) == []
    assert len(selected_runs(ctx.runs, Selection("mystery-shopper", include_unreviewed=True))) == 1


def test_export_leaves_the_cycle_collector_as_it_found_it(tmp_path: Path) -> None:
    ctx = open_context(tmp_path / "data")
    try:
        assert gc.isenabled()
        export_csv("answer", ctx.runs, [], Selection(), ctx.profile, date(2026, 11, 23))
        assert gc.isenabled()
        gc.disable()
        export_csv("run", ctx.runs, [], Selection(), ctx.profile, date(2026, 11, 23))
        assert not gc.isenabled()
    finally:
        gc.enable()
        ctx.close()


def test_the_collector_comes_back_after_an_error() -> None:
    from storeops.gc_pause import collector_paused

    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()
