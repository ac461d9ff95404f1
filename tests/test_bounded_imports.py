"""Imports are bounded: size, rows, columns and JSON nesting have limits with a clear message,
a CSV is read row by row and refused at the row limit without reading the rest, and memory
does not grow with the file.

The big files are written here, streaming; the imports that must stay small run in a
subprocess that reports its own peak memory (``ru_maxrss``) under a hard address-space
limit, so code that would take gigabytes fails the test instead of the machine.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storeops.context import open_context
from storeops.file_kinds import megabytes
from storeops.importing import (
    MAX_IMPORT_BYTES,
    MAX_IMPORT_ROWS,
    MAX_JSON_DEPTH,
    MAX_PROBLEMS,
    import_runs,
    read_import,
    read_rows,
)
from storeops.storage import SourceFile
from storeops.templates import Template, load_catalogue

REPO = Path(__file__).resolve().parents[1]
MILLION = 1_000_000
MEMORY_BOUND_MB = 300  # peak of the whole CLI process, Python and storeops included
ADDRESS_LIMIT = 2 * 1024**3

_MEASURED = """
import sys, time
start = time.perf_counter()
from storeops.cli import main
try:
    main(sys.argv[1:])
    code = 0
except SystemExit as exc:
    code = exc.code
try:
    import resource
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
except ImportError:  # Windows: the time and the outcome still count
    peak = 0
print(f"MEASURED {peak} MB {time.perf_counter() - start:.2f} s", file=sys.stderr)
sys.exit(code)
"""


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_LIMIT, ADDRESS_LIMIT))


def measured_import(data_dir: Path, path: Path) -> tuple[int, str, int, float]:
    """``storeops import visits PATH`` in a subprocess: exit code, stderr, peak MB, seconds."""
    result = subprocess.run(
        [sys.executable, "-c", _MEASURED, "--data-dir", str(data_dir), "import", "visits",
         str(path)],
        capture_output=True, text=True, timeout=120, cwd=REPO,
        preexec_fn=_limit_memory if os.name == "posix" else None,
    )  # fmt: skip
    line = [x for x in result.stderr.splitlines() if x.startswith("MEASURED ")]
    assert line, result.stderr[-3000:]
    _, peak, _, seconds, _ = line[-1].split()
    return result.returncode, result.stderr, int(peak), float(seconds)


@pytest.fixture(scope="module")
def form() -> Template:
    return load_catalogue(None).get("mystery-shopper")


def _full_row(form: Template, n: int) -> list[str]:
    row = ["Mei", f"Store {n}", "own", "2026-11-12", "14:05", "14:40", "2026-11-12T15:00"]
    for item in form.items:
        if item.type == "pass_fail":
            row.append("y")
        elif item.type == "scale":
            row.append(str(item.max))
        elif item.type == "number":
            row.append("2")
        else:
            row.append("")
    return row


def _header(form: Template) -> list[str]:
    head = ["shopper", "target", "target_kind", "visit_date", "time_in", "time_out"]
    return [*head, "finished_at", *(item.id for item in form.items)]


# --- a million rows ------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="ru_maxrss and RLIMIT_AS are POSIX")
def test_a_million_row_csv_is_refused_at_the_row_limit_in_bounded_memory(
    data_dir: Path, tmp_path: Path
) -> None:
    path = tmp_path / "visits.csv"
    with path.open("w", encoding="utf-8", newline="") as f:  # about 20 bytes a row, ~19 MB
        f.write("shopper,target\n")
        f.writelines(f"Mei {n},Store {n % 97}\n" for n in range(MILLION))
    assert path.stat().st_size <= MAX_IMPORT_BYTES  # so it is the row limit that refuses it

    code, err, peak, seconds = measured_import(data_dir, path)

    assert code == 1, err[-2000:]
    print(err.splitlines()[-1], f"({path.stat().st_size / 1e6:.1f} MB file)")
    assert f"more than {MAX_IMPORT_ROWS} rows; split the file" in err
    assert "Traceback" not in err
    assert peak < MEMORY_BOUND_MB, f"{peak} MB"
    assert seconds < 20
    assert open_context(data_dir, readonly=True).runs.finished() == []


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="ru_maxrss and RLIMIT_AS are POSIX")
def test_a_million_full_rows_are_refused_by_size_before_reading(
    data_dir: Path, tmp_path: Path, form: Template
) -> None:
    path = tmp_path / "visits.csv"
    with path.open("w", encoding="utf-8", newline="") as f:  # ~160 MB: one row, repeated
        writer = csv.writer(f)
        writer.writerow(_header(form))
        line = ",".join(_full_row(form, 1)) + "\r\n"
        for _ in range(MILLION // 1000):
            f.write(line * 1000)
    size = path.stat().st_size

    code, err, peak, seconds = measured_import(data_dir, path)

    assert code == 1
    assert f"more than the {MAX_IMPORT_BYTES // 1_000_000} MB allowed" in err
    assert f"cannot read the file: it is {megabytes(size)} MB" in err
    assert peak < MEMORY_BOUND_MB and seconds < 20, (peak, seconds)


def test_the_row_limit_is_exact() -> None:
    header = "shopper\n"
    at_limit = SourceFile("v.csv", (header + "Mei\n" * MAX_IMPORT_ROWS).encode())
    rows, problems = read_rows(at_limit)
    assert problems == [] and len(rows) == MAX_IMPORT_ROWS
    over = SourceFile("v.csv", (header + "Mei\n" * (MAX_IMPORT_ROWS + 1)).encode())
    rows, problems = read_rows(over)
    assert rows == [] and [str(p) for p in problems] == [
        f"more than {MAX_IMPORT_ROWS} rows; split the file into smaller ones"
    ]
    many = SourceFile("v.json", json.dumps([{"shopper": "Mei"}] * (MAX_IMPORT_ROWS + 1)).encode())
    assert "more than 10000 rows" in str(read_rows(many)[1][0])


def test_a_file_over_the_size_limit_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "visits.csv"
    with path.open("wb") as f:
        f.truncate(MAX_IMPORT_BYTES + 1)  # sparse
    source = read_import(path)
    assert source.data == b""
    assert source.error == "it is 20.1 MB, more than the 20 MB allowed; split it into smaller files"
    [problem] = read_rows(source)[1]
    assert str(problem).startswith("cannot read the file: it is 20.1 MB")


def test_too_many_columns_are_refused() -> None:
    header = ",".join(f"c{n}" for n in range(1001))
    _, problems = read_rows(SourceFile("v.csv", f"{header}\n{'x,' * 1000}x\n".encode()))
    assert [str(p) for p in problems] == ["row 1, column —: more than 1000 columns"]


# --- JSON nesting ----------------------------------------------------------------------------


def test_a_json_import_nested_5000_deep_is_refused(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "visits.json"
    path.write_text("[" * 5000 + "]" * 5000)
    code, err, _, seconds = measured_import(data_dir, path)
    assert code == 1
    assert f"nested more than {MAX_JSON_DEPTH} levels deep" in err
    assert "Traceback" not in err and "RecursionError" not in err
    assert seconds < 20


def test_nesting_is_counted_outside_strings_only() -> None:
    deep = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    assert "nested" not in str(read_rows(SourceFile("v.json", deep.encode()))[1][0])
    deeper = "[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1)
    assert "nested more than" in str(read_rows(SourceFile("v.json", deeper.encode()))[1][0])
    brackets = json.dumps([{"shopper": "[[[[{{{{" * 100, "note": 'a "quoted" [x]'}])
    rows, problems = read_rows(SourceFile("v.json", brackets.encode()))
    assert problems == [] and rows[0][1]["note"] == 'a "quoted" [x]'


def test_json_made_of_lists_is_refused_before_parsing() -> None:
    rows = "[" + ",".join(['{"a": [], "b": [], "c": []}'] * (MAX_IMPORT_ROWS - 1)) + "]"
    [problem] = read_rows(SourceFile("v.json", rows.encode()))[1]
    assert "more than 20010 objects and lists" in str(problem)
    long_list = "[" + ",".join(["[]"] * (3 * MAX_IMPORT_ROWS)) + "]"
    [problem] = read_rows(SourceFile("v.json", long_list.encode()))[1]
    assert f"more than {MAX_IMPORT_ROWS} rows" in str(problem)
    wide = "[{" + ",".join(f'"k{n}": 1' for n in range(1001)) + "}]"
    [problem] = read_rows(SourceFile("v.json", wide.encode()))[1]
    assert "more than 1000 columns" in str(problem)


def test_an_unclosed_json_string_costs_one_pass() -> None:
    text = '[{"a": "' + '\\"x' * 2_000_000  # 6 MB, never closed, an escaped quote every 3
    start = time.perf_counter()
    [problem] = read_rows(SourceFile("v.json", text.encode()))[1]
    assert "not valid JSON" in str(problem)
    assert time.perf_counter() - start < 5


# --- problems are capped ---------------------------------------------------------------------


def test_problems_stop_at_the_cap(data_dir: Path, form: Template) -> None:
    ctx = open_context(data_dir)
    rows = [{"shopper": "Mei", "colour": "red"} for _ in range(1000)]
    source = SourceFile("v.json", json.dumps(rows).encode())
    result = import_runs(ctx.runs, form, source, store_code="S1")
    assert result.runs == []
    assert len(result.problems) == MAX_PROBLEMS + 1
    assert str(result.problems[-1]) == (
        f"more problems are not listed: fix these {MAX_PROBLEMS} first"
    )
    ctx.close()
