"""`import visits`: typed header fields and numbers are checked, never guessed.

A file with any problem imports nothing and names the row and column.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storeops.cli import build_app
from storeops.context import open_context
from storeops.importing import import_runs
from storeops.runs import parse_number
from storeops.storage import SourceFile
from storeops.templates import Template, load_catalogue


@pytest.fixture(scope="module")
def form() -> Template:
    return load_catalogue(None).get("mystery-shopper")


def _row(form: Template, **changes: str) -> dict[str, str]:
    row = {"shopper": "Mei", "target": "Store A", "target_kind": "own",
           "visit_date": "2026-11-12", "time_in": "14:05", "time_out": "14:40",
           "finished_at": "2026-11-12T15:00"}  # fmt: skip
    for item in form.items:
        if item.type == "pass_fail":
            row[item.id] = "y"
        elif item.type == "scale":
            row[item.id] = str(item.max)
        elif item.type == "number":
            row[item.id] = "2"
    row.update(changes)
    return row


def _import(data_dir: Path, path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(
        build_app(), ["--data-dir", str(data_dir), "import", "visits", str(path)]
    )
    return result.exit_code, result.output


def _write(path: Path, rows: list[dict[str, str]], header: list[str] | None = None) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        columns = header or list(rows[0])
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row.get(c, "") for c in (header or list(row))])


@pytest.mark.parametrize(
    ("column", "value", "said"),
    [
        ("visit_date", "2026-13-01", "not a date"),
        ("visit_date", "2026-02-30", "not a date"),
        ("visit_date", "12/11/2026", "not a date"),
        ("visit_date", "2026-12-01", "after today"),  # the pinned today is 2026-11-23
        ("time_in", "25:99", "not a time of day"),
        ("time_out", "24:00", "not a time of day"),
        ("time_out", "13:59", "before Time in"),
        ("target_kind", "partner", "not one of the choices"),
        ("MS-B-01", "-5", "below zero"),
        ("MS-B-01", "1_000", "type a number"),
        ("MS-B-01", "４０", "digits 0–9"),
        ("MS-B-01", "٤٠", "digits 0–9"),
        ("MS-B-01", "nan", "type a number"),
        ("MS-B-01", "inf", "type a number"),
        ("MS-B-01", "1,000", "thousands separator"),
        ("finished_at", "2027-01-01T10:00", "after now"),
    ],
)
def test_a_bad_value_is_refused_naming_row_and_column(
    data_dir: Path, tmp_path: Path, form: Template, column: str, value: str, said: str
) -> None:
    path = tmp_path / "visits.csv"
    _write(path, [_row(form), _row(form, **{column: value})])
    code, output = _import(data_dir, path)
    assert code == 1
    assert f"row 3, column {column}" in output and said in output, output
    assert "Traceback" not in output
    assert open_context(data_dir, readonly=True).runs.finished() == []


def test_typed_values_are_stored_normalised(data_dir: Path, tmp_path: Path, form: Template) -> None:
    path = tmp_path / "visits.csv"
    _write(path, [_row(form, target_kind="竞争对手", time_in="9:05", **{"MS-B-01": "2"})])
    code, output = _import(data_dir, path)
    assert code == 0, output
    [run] = open_context(data_dir, readonly=True).runs.finished()
    assert run.header["target_kind"] == "competitor" and run.header["time_in"] == "09:05"
    assert run.answers["MS-B-01"]["value"] == 2 and type(run.answers["MS-B-01"]["value"]) is int


def test_a_duplicate_column_is_refused(data_dir: Path, tmp_path: Path, form: Template) -> None:
    row = _row(form)
    columns = [*row, "MS-B-01"]  # the greeting time twice: which one counts?
    path = tmp_path / "visits.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(columns)
        writer.writerow([*row.values(), "45"])
    code, output = _import(data_dir, path)
    assert code == 1 and "column MS-B-01" in output and "twice" in output
    assert open_context(data_dir, readonly=True).runs.finished() == []


def test_a_duplicate_json_key_is_refused(data_dir: Path, form: Template) -> None:
    row = json.dumps(_row(form), ensure_ascii=False)
    text = "[" + row[:-1] + ', "MS-B-01": "45"}]'
    ctx = open_context(data_dir)
    result = import_runs(ctx.runs, form, SourceFile("v.json", text.encode()), store_code="S")
    assert result.runs == [] and [p.column for p in result.problems] == ["MS-B-01"]
    assert ctx.runs.finished() == []
    ctx.close()


def test_a_json_list_where_a_value_belongs_is_refused(data_dir: Path, form: Template) -> None:
    row = {**_row(form), "target": ["A", "B"]}
    ctx = open_context(data_dir)
    source = SourceFile("v.json", json.dumps([row]).encode())
    result = import_runs(ctx.runs, form, source, store_code="S")
    assert result.runs == [] and "target" in {p.column for p in result.problems}
    ctx.close()


@pytest.mark.parametrize(
    ("text", "number"),
    [("40", 40), ("2.5", 2.5), ("2,5", 2.5), (" 7 ", 7), ("0.1", 0.1), ("1e3", 1000.0)],
)
def test_numbers_read_as_written(text: str, number: float) -> None:
    value = parse_number(text)
    assert value == number and type(value) is type(number)


@pytest.mark.parametrize("text", ["1_000", "１２", "٤٠", "nan", "-inf", "1,000", "12abc", "", "."])
def test_numbers_python_would_guess_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)
