"""Head office's complaint log: complaint-level exports (CSV and JSON, the full JSON export
too) ingested into the warehouse, the newest state of each complaint kept, ``hq report
complaints`` checked against a plain-Python count over the same CSV files, and the weekly
workbook's Completion and Complaints sheets."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storeops.cli import build_app
from storeops.complaints import ComplaintBook
from storeops.context import open_context
from storeops.demo import make_demo
from storeops.export_service import ExportRequest, build_export
from storeops.profile import StoreProfile
from storeops.scoring import round1

pytest.importorskip("duckdb")

STORES = ("00123", "SH-021")
TODAY = date(2026, 11, 23)
Row = dict[str, str]


def _at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 11, day, hour).astimezone()


def _export(ctx: object, level: str, fmt: str) -> bytes:
    return build_export(ctx, ExportRequest(level, fmt)).payload  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two stores with a month of demo history and a complaint log each, exported before
    and after the complaints moved on (``early/``, ``late/``), as CSV and JSON."""
    root = tmp_path_factory.mktemp("chain")
    for folder in ("early", "late", "json", "full"):
        (root / folder).mkdir()
    for seed, code in enumerate(STORES, start=1):
        ctx = open_context(root / code)
        ctx.save_profile(StoreProfile(code, f"Store {code}", "Wang"))
        make_demo(ctx, today=TODAY, months=1, seed=seed, complaints=False)
        book = ComplaintBook(ctx.store, None)
        rude = book.log({"category": "service", "cause": "attitude", "description": "=rude",
                         "customer": "李先生", "phone": "13900001111"},
                        store_code=code, by="王芳", now=_at(2))  # fmt: skip
        seam = book.log({"category": "product", "cause": "defect", "description": "seam",
                         "purchased": "2026-10-30"}, store_code=code, by="王芳",
                        now=_at(3))  # fmt: skip
        price = book.log({"category": "service", "cause": "price", "description": "dearer",
                          "received_on": "2026-10-28"}, store_code=code, by="王芳",
                         now=_at(2))  # fmt: skip
        (root / "early" / f"{code}-complaint.csv").write_bytes(_export(ctx, "complaint", "csv"))
        book.close(rude.id, remedy="apology", by="王芳", now=_at(4))
        book.close(seam.id, remedy="exchange", refund=30, by="王芳", now=_at(9 + seed))
        book.follow_up(rude.id, outcome="reached", by="王芳", now=_at(6))  # on time (due 7th)
        due = book.get(seam.id).follow_up_due
        late = datetime.fromisoformat(due).replace(hour=10).astimezone() + timedelta(days=2)
        outcome = "unhappy" if code == "SH-021" else "resolved"  # SH-021's customer reopens
        book.follow_up(seam.id, outcome=outcome, by="王芳", now=late)
        if code == "00123":
            book.close(price.id, remedy="none", by="王芳", now=_at(1))
        (root / "late" / f"{code}-complaint.csv").write_bytes(_export(ctx, "complaint", "csv"))
        (root / "json" / f"{code}-complaint.json").write_bytes(_export(ctx, "complaint", "json"))
        (root / "full" / f"{code}.json").write_bytes(_export(ctx, "run", "json"))
        for level in ("run", "answer"):
            (root / "late" / f"{code}-{level}.csv").write_bytes(_export(ctx, level, "csv"))
        ctx.close()
    return root


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(build_app(), list(args))
    return result.exit_code, result.output


def _ingest(warehouse: Path, *paths: Path) -> tuple[int, str]:
    return _cli("hq", "ingest", *map(str, paths), "--warehouse", str(warehouse))


def _report(warehouse: Path, name: str, *extra: str) -> list[dict[str, object]]:
    code, output = _cli("hq", "report", name, "--warehouse", str(warehouse),
                        "--format", "json", *extra)  # fmt: skip
    assert code == 0, output
    return json.loads(output)


def _rows(path: Path) -> list[Row]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))


def _complaints(warehouse: Path) -> list[tuple[object, ...]]:
    import duckdb

    return duckdb.sql(
        "SELECT * EXCLUDE (ingest_seq) FROM read_parquet("
        f"'{warehouse.as_posix()}/complaints/*/*/*.parquet', hive_partitioning = true, "
        "hive_types_autocast = false) ORDER BY store_code, complaint_id"
    ).fetchall()


def plain_complaints(rows: list[Row]) -> dict[str, dict[str, object]]:
    """The complaint report of these CSV rows, counted in Python."""
    by_store: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_store[row["store_code"]].append(row)
    report: dict[str, dict[str, object]] = {}
    for store, chosen in by_store.items():
        closed = [r for r in chosen if r["status"] == "closed"]
        days = [int(r["days_to_close"]) for r in closed if r["days_to_close"]]
        calls = [r for r in chosen if r["follow_up_on_time"] in ("Y", "N")]
        on_time = [r for r in calls if r["follow_up_on_time"] == "Y"]
        categories: dict[str, int] = defaultdict(int)
        for r in chosen:
            categories[r["category"]] += 1
        report[store] = {
            "received": len(chosen), "closed": len(closed), "open": len(chosen) - len(closed),
            "mean_days_to_close": round1(sum(days) / len(days)) if days else None,
            "calls": len(calls),
            "calls_on_time_share": round1(100 * len(on_time) / len(calls)) if calls else None,
            "reopened": sum(int(r["reopened"] or 0) for r in chosen),
            "refund": round(sum(float(r["refund"] or 0) for r in chosen), 2),
            "top_category": min(categories, key=lambda c: (-categories[c], c)),
        }  # fmt: skip
    return report


def test_complaint_exports_go_in_once_and_the_later_state_wins_in_either_order(
    chain: Path, tmp_path: Path
) -> None:
    late = [chain / "late" / f"{c}-complaint.csv" for c in STORES]
    early = [chain / "early" / f"{c}-complaint.csv" for c in STORES]
    forward, backward = tmp_path / "forward", tmp_path / "backward"
    for path in (*early, *late):
        assert _ingest(forward, path)[0] == 0
    for path in (*late, *early):  # the older export arrives last: it must not undo the newer
        assert _ingest(backward, path)[0] == 0
    code, output = _ingest(forward, *late)  # the same files again add nothing
    assert code == 0 and "complaint 6 rows" in output
    rows = _complaints(forward)
    assert len(rows) == 6 and rows == _complaints(backward)
    expected = sorted(
        (r["store_code"], r["complaint_id"], r["status"], r["customer"] or None,
         r["description"].removeprefix("'"))  # the formula guard taken off
        for path in late for r in _rows(path)
    )  # fmt: skip
    assert "'=rude" in {r["description"] for path in late for r in _rows(path)}
    import duckdb

    found = duckdb.sql(
        "SELECT store_code, complaint_id, status, customer, description FROM read_parquet("
        f"'{forward.as_posix()}/complaints/*/*/*.parquet', hive_partitioning = true, "
        "hive_types_autocast = false) ORDER BY ALL"
    ).fetchall()
    assert found == expected  # the later state; names masked as exported
    assert ("=rude" in {r[4] for r in found}) and all("*" in r[3] for r in found if r[3])
    assert (forward / "complaints" / "store_code=00123" / "month=2026-10").is_dir()


def test_the_complaint_report_equals_a_plain_count_over_the_csv_files(
    chain: Path, tmp_path: Path
) -> None:
    warehouse = tmp_path / "wh"
    assert _ingest(warehouse, chain / "late")[0] == 0
    rows = [r for c in STORES for r in _rows(chain / "late" / f"{c}-complaint.csv")]
    plain = plain_complaints(rows)
    report = _report(warehouse, "complaints")
    assert {str(r["store_code"]): {k: v for k, v in r.items() if k != "store_code"}
            for r in report} == plain  # fmt: skip
    assert plain["SH-021"]["reopened"] == 1 and plain["00123"]["calls_on_time_share"] == 50.0
    november = _report(warehouse, "complaints", "--from", "2026-11-01", "--to", "2026-11-30")
    in_november = plain_complaints([r for r in rows if r["received_on"] >= "2026-11-01"])
    assert {str(r["store_code"]): r["received"] for r in november} == {
        store: figures["received"] for store, figures in in_november.items()
    }
    only = _report(warehouse, "complaints", "--stores", "00123")
    assert [r["store_code"] for r in only] == ["00123"]


def test_json_complaint_exports_and_full_exports_go_in_as_the_csv_does(
    chain: Path, tmp_path: Path
) -> None:
    from_csv, from_json, from_full = tmp_path / "csv", tmp_path / "json", tmp_path / "full"
    assert _ingest(from_csv, *(chain / "late" / f"{c}-complaint.csv" for c in STORES))[0] == 0
    code, output = _ingest(from_json, chain / "json")
    assert code == 0 and "complaint 6 rows" in output, output
    code, output = _ingest(from_full, chain / "full")
    assert code == 0 and "complaint 6," in output, output
    assert _complaints(from_json) == _complaints(from_csv)
    assert _complaints(from_full) == _complaints(from_csv)
    assert _report(from_full, "complaints") == _report(from_csv, "complaints")


def test_a_bad_complaint_file_is_refused_and_the_good_ones_go_in(
    chain: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    good = chain / "late" / "00123-complaint.csv"
    (folder / "good.csv").write_bytes(good.read_bytes())
    future = good.read_text("utf-8-sig").replace("\n3,", "\n99,")
    (folder / "future.csv").write_text(future, "utf-8")
    doc = json.loads((chain / "json" / "SH-021-complaint.json").read_text("utf-8"))
    del doc["complaints"][1]["complaint_id"]
    (folder / "no-id.json").write_text(json.dumps(doc), "utf-8")
    code, output = _ingest(tmp_path / "wh", folder)
    assert code == 1 and "Traceback" not in output
    assert "Ingested 1 file: complaint 3 rows" in output
    [line] = [line for line in output.splitlines() if "future.csv" in line]
    assert "made by a newer storeops (export version 99" in line
    [line] = [line for line in output.splitlines() if "no-id.json" in line]
    assert "complaints[1]" in line and "complaint_id" in line


def test_the_complaint_report_is_of_no_checklist(chain: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "wh"
    assert _ingest(warehouse, chain / "late")[0] == 0
    code, output = _cli("hq", "report", "complaints", "--warehouse", str(warehouse),
                        "--template", "six-s")  # fmt: skip
    assert code == 2 and "--template" in output and "Traceback" not in output


def test_the_weekly_workbook_has_completion_and_complaint_sheets(
    chain: Path, tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    warehouse, target = tmp_path / "wh", tmp_path / "hq.xlsx"
    assert _ingest(warehouse, chain / "late")[0] == 0
    code, output = _cli("hq", "workbook", "--warehouse", str(warehouse), "-o", str(target),
                        "--template", "six-s")  # fmt: skip
    assert code == 0, output
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["League", "Heat map", "Trend", "Pareto", "Repeat findings",
                               "Completion", "Complaints", "Complaint causes"]  # fmt: skip

    def records(name: str) -> list[dict[str, object]]:
        sheet = book[name]
        header = [c.value for c in sheet[1]]
        assert sheet.freeze_panes == "A2"
        return [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(2, values_only=True)]

    completion = _report(warehouse, "completion", "--template", "six-s")
    assert completion and records("Completion") == completion
    complaints = _report(warehouse, "complaints")  # every complaint: no checklist filter
    assert [r["store_code"] for r in records("Complaints")] == [r["store_code"] for r in complaints]
    assert records("Complaints") == complaints
    assert records("Complaint causes") == _report(warehouse, "complaints", "--by", "cause")
    assert "00123" in {r["store_code"] for r in records("Completion")}  # text, zeros kept


def test_a_report_as_a_workbook_keeps_codes_as_text_and_numbers_as_numbers(
    chain: Path, tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    warehouse, target = tmp_path / "wh", tmp_path / "league.xlsx"
    assert _ingest(warehouse, chain / "late")[0] == 0
    code, output = _cli("hq", "report", "league", "--warehouse", str(warehouse),
                        "--format", "xlsx")  # fmt: skip
    assert code == 2 and "-o" in output  # a workbook is a file, never standard output
    code, output = _cli("hq", "report", "league", "--warehouse", str(warehouse),
                        "--format", "xlsx", "-o", str(target))  # fmt: skip
    assert code == 0, output
    sheet = openpyxl.load_workbook(target)["League"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(2, values_only=True)]
    assert rows == _report(warehouse, "league")
    assert "00123" in {r["store_code"] for r in rows}
    scores = [r["mean_score"] for r in rows if r["mean_score"] is not None]
    assert scores and all(isinstance(score, int | float) for score in scores)
    formulas = [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


def test_a_warehouse_from_before_the_complaint_summary_gets_it_made(
    chain: Path, tmp_path: Path
) -> None:
    from storeops.hq.engine import read_state, write_state

    warehouse = tmp_path / "wh"
    assert _ingest(warehouse, chain / "late")[0] == 0
    expected = _report(warehouse, "complaints")
    import shutil

    shutil.rmtree(warehouse / "summary" / "complaint_days")
    write_state(warehouse, summary_version=1)
    assert _report(warehouse, "complaints") == expected
    assert read_state(warehouse)["summary_version"] != 1


def test_a_row_that_cannot_be_filed_under_a_month_refuses_its_file(
    chain: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    complaints = _rows(chain / "late" / "00123-complaint.csv")
    runs = _rows(chain / "late" / "SH-021-run.csv")

    def write(name: str, rows: list[Row]) -> None:
        with (folder / name).open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)

    write("soon.csv", [{**complaints[0], "received_on": "soon"}, *complaints[1:]])
    write("undated.csv", [*runs[:-1], {**runs[-1], "finished_at": ""}])
    write("good.csv", runs)
    code, output = _ingest(tmp_path / "wh", folder)
    assert code == 1 and "Traceback" not in output
    assert f"Ingested 1 file: run {len(runs)} rows" in output
    [soon] = [line for line in output.splitlines() if "soon.csv" in line]
    assert "received_on is not a date (it begins 'soon')" in soon
    [undated] = [line for line in output.splitlines() if "undated.csv" in line]
    assert "without its finished_at" in undated
    assert not (tmp_path / "wh" / "complaints").exists()


def test_a_partition_written_again_is_never_missing_even_if_the_write_fails(
    chain: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    import storeops.hq.ingest as ingest_module

    warehouse = tmp_path / "wh"
    early, late = chain / "early" / "00123-complaint.csv", chain / "late" / "00123-complaint.csv"
    assert _ingest(warehouse, early)[0] == 0
    before = _complaints(warehouse)
    partition = warehouse / "complaints" / "store_code=00123" / "month=2026-11"
    stray = partition / ".data.deadbeef.tmp"
    stray.write_bytes(b"left by a killed ingest")  # never read, and removed on the next write

    def full_disk(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    from types import SimpleNamespace

    monkeypatch.setattr(ingest_module, "os", SimpleNamespace(replace=full_disk))
    code, output = _ingest(warehouse, late)
    assert code == 1 and "No space left on device" in output and "Traceback" not in output
    assert _complaints(warehouse) == before  # the partition as it was, not missing
    left = sorted(p.relative_to(warehouse).as_posix() for p in warehouse.glob("complaints/*/*/*"))
    assert left == [  # no temp of this ingest left; the stray one is still there
        "complaints/store_code=00123/month=2026-10/data.parquet",
        "complaints/store_code=00123/month=2026-11/.data.deadbeef.tmp",
        "complaints/store_code=00123/month=2026-11/data.parquet",
    ]
    monkeypatch.setattr(ingest_module, "os", os)
    assert _ingest(warehouse, late)[0] == 0
    assert len(_complaints(warehouse)) == len(before) and _complaints(warehouse) != before
    assert sorted(p.name for p in partition.iterdir()) == ["data.parquet"]


@pytest.mark.parametrize("by", ["category", "cause"])
def test_complaints_across_the_chain_by_category_or_cause_equal_a_plain_count(
    chain: Path, tmp_path: Path, by: str
) -> None:
    warehouse = tmp_path / "wh"
    assert _ingest(warehouse, chain / "late")[0] == 0
    rows = [r for c in STORES for r in _rows(chain / "late" / f"{c}-complaint.csv")]
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        groups[row[by]].append(row)
    order = sorted(groups, key=lambda g: (-len(groups[g]), g))
    report = _report(warehouse, "complaints", "--by", by)
    assert [r[by] for r in report] == order
    running = 0
    for row in report:
        chosen = groups[str(row[by])]
        running += len(chosen)
        closed = [r for r in chosen if r["status"] == "closed"]
        days = [int(r["days_to_close"]) for r in closed if r["days_to_close"]]
        assert row["received"] == len(chosen)
        assert row["stores"] == len({r["store_code"] for r in chosen})
        assert row["percent"] == round1(100 * len(chosen) / len(rows))
        assert row["cumulative"] == round1(100 * running / len(rows))
        assert row["closed"] == len(closed) and row["open"] == len(chosen) - len(closed)
        assert row["mean_days_to_close"] == (round1(sum(days) / len(days)) if days else None)
    assert report[-1]["cumulative"] == 100.0
    code, output = _cli("hq", "report", "league", "--warehouse", str(warehouse), "--by", by)
    assert code == 2 and "--by" in output
