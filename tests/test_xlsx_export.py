"""The Excel export read back with openpyxl, as a spreadsheet would open it."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from storeops.context import open_context
from storeops.exporting import Selection
from storeops.profile import StoreProfile
from storeops.scoring import Answer
from storeops.xlsx_export import export_xlsx

openpyxl = pytest.importorskip("openpyxl")
CST = timezone(timedelta(hours=8))


def test_codes_are_text_scores_numbers_times_dates_and_no_formulas(
    data_dir: Path, tmp_path: Path
) -> None:
    ctx = open_context(data_dir)
    ctx.save_profile(StoreProfile("00123", "南京路店", "王芳"))
    template = ctx.catalogue.get("six-s")
    when = datetime(2026, 11, 20, 9, 30, tzinfo=CST)
    run = ctx.runs.start(template, store_code="00123", header={"auditor": "王芳"}, now=when)
    answers = {i.id: Answer(True) for i in template.items if i.type == "pass_fail"}
    answers |= {i.id: Answer(40) for i in template.items if i.type == "number"}
    answers["6S-SHN-01"] = Answer(False)
    ctx.runs.answer_many(run, answers, now=when)
    ctx.runs.set_note(run, "6S-SHN-01", '=HYPERLINK("x") 货架顶部有灰尘')
    ctx.runs.finish(run, "王芳", now=when)
    payload, count = export_xlsx(["run", "answer", "action"], ctx.runs, ctx.actions.all(),
                                 Selection(), ctx.profile, date(2026, 11, 23))  # fmt: skip
    ctx.close()
    target = tmp_path / "export.xlsx"
    target.write_bytes(payload)
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["run", "answer", "action"]
    runs = book["run"]
    header = [c.value for c in runs[1]]
    row = dict(zip(header, (c.value for c in runs[2]), strict=True))
    assert (
        row["store_code"] == "00123"
        and runs.cell(2, header.index("store_code") + 1).data_type == "s"
    )
    assert isinstance(row["score"], int | float)
    assert row["finished_at"] == datetime(2026, 11, 20, 9, 30)  # the store's local time
    answers_sheet = book["answer"]
    a_header = [c.value for c in answers_sheet[1]]
    notes = [
        r[a_header.index("note")].value
        for r in answers_sheet.iter_rows(2)
        if r[a_header.index("note")].value
    ]
    assert any("货架顶部有灰尘" in str(n) for n in notes)
    formulas = [c for s in book for r in s.iter_rows() for c in r if c.data_type == "f"]
    assert formulas == []
    assert runs.freeze_panes == "A2" and count >= 36


def test_storeops_export_format_xlsx_writes_a_workbook(data_dir: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from storeops.cli import build_app

    ctx = open_context(data_dir)
    ctx.save_profile(StoreProfile("00123", "Store", "Wang"))
    ctx.close()
    target = tmp_path / "runs.xlsx"
    app = build_app()
    done = CliRunner().invoke(app, ["--data-dir", str(data_dir), "export", "--format", "xlsx",
                                    "--level", "answer", "-o", str(target)])  # fmt: skip
    assert done.exit_code == 0, done.output
    assert openpyxl.load_workbook(target).sheetnames == ["answer"]
    refused = CliRunner().invoke(app, ["--data-dir", str(data_dir), "export", "--format", "xlsx"])
    assert refused.exit_code == 2 and "-o" in refused.output
