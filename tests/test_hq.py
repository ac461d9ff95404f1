"""Head office's warehouse: a generated chain of stores ingested with DuckDB, and the
reports checked against a plain-Python computation over the same CSV files."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storeops.cli import build_app
from storeops.context import open_context
from storeops.demo import make_demo
from storeops.export_service import ExportRequest, build_export
from storeops.profile import StoreProfile
from storeops.scoring import Answer, round1

pytest.importorskip("duckdb")

STORES = ("00123", "SH-021", "BJ-7")
TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three stores, a month of demo history each, exported at every level."""
    root = tmp_path_factory.mktemp("chain")
    exports = root / "exports"
    exports.mkdir()
    for seed, code in enumerate(STORES, start=1):
        ctx = open_context(root / code)
        ctx.save_profile(StoreProfile(code, f"Store {code}", "Wang"))
        make_demo(ctx, today=TODAY, months=1, seed=seed)
        for level in ("run", "answer", "action"):
            payload = build_export(ctx, ExportRequest(level, "csv")).payload
            (exports / f"{code}-{level}.csv").write_bytes(payload)
        ctx.close()
    return root


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(build_app(), list(args))
    return result.exit_code, result.output


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))


def _report(warehouse: Path, name: str, *extra: str) -> list[dict[str, object]]:
    code, output = _cli("hq", "report", name, "--warehouse", str(warehouse),
                        "--format", "json", *extra)  # fmt: skip
    assert code == 0, output
    return json.loads(output)


def _ingest(chain: Path, warehouse: Path) -> None:
    code, output = _cli("hq", "ingest", str(chain / "exports"), "--warehouse", str(warehouse))
    assert code == 0, output


def test_ingesting_twice_adds_nothing_and_keeps_store_codes_as_text(
    chain: Path, tmp_path: Path
) -> None:
    from storeops.hq.ingest import rows_in

    warehouse = tmp_path / "wh"
    _ingest(chain, warehouse)
    counts = [rows_in(warehouse, level) for level in ("run", "answer", "action")]
    _ingest(chain, warehouse)
    assert [rows_in(warehouse, level) for level in ("run", "answer", "action")] == counts
    expected = [
        sum(len(_rows(chain / "exports" / f"{c}-{level}.csv")) for c in STORES)
        for level in ("run", "answer", "action")
    ]
    assert counts == expected
    assert (warehouse / "runs" / "store_code=00123").is_dir()
    league = _report(warehouse, "league")
    assert "00123" in {row["store_code"] for row in league}


def test_league_heatmap_and_pareto_equal_a_plain_computation(chain: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "wh"
    _ingest(chain, warehouse)
    runs = [r for c in STORES for r in _rows(chain / "exports" / f"{c}-run.csv")]
    answers = [r for c in STORES for r in _rows(chain / "exports" / f"{c}-answer.csv")]

    scores: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    for r in runs:
        if r["score"]:
            scores[(r["store_code"], r["template_id"], r["target_kind"])].append(float(r["score"]))
    league = _report(warehouse, "league")
    assert len(league) == len(scores)
    for row in league:
        values = scores[(str(row["store_code"]), str(row["template_id"]), str(row["target_kind"]))]
        assert row["runs"] == len(values)
        assert row["mean_score"] == round1(sum(values) / len(values))  # half up, as storeops

    earned: dict[tuple[str, str], float] = defaultdict(float)
    possible: dict[tuple[str, str], float] = defaultdict(float)
    for a in answers:
        if a["template_id"] == "six-s" and a["target_kind"] == "own":
            key = (a["store_code"], a["section_id"])
            earned[key] += float(a["points_earned"] or 0)
            possible[key] += float(a["points_possible"] or 0)
    heatmap = _report(warehouse, "heatmap", "--template", "six-s")
    assert {(str(r["store_code"]), str(r["section_id"])) for r in heatmap} == set(earned)
    for row in heatmap:
        key = (str(row["store_code"]), str(row["section_id"]))
        if not possible[key]:  # a section of notes only: no score
            assert row["score"] is None
            continue
        assert row["score"] == round1(100 * earned[key] / possible[key])

    failures: dict[tuple[str, str], int] = defaultdict(int)
    for a in answers:
        if a["result"] == "fail" and a["target_kind"] == "own":
            failures[(a["template_id"], a["item_id"])] += 1
    pareto = _report(warehouse, "pareto")
    assert {(str(r["template_id"]), str(r["item_id"])): r["failures"] for r in pareto} == failures
    total = sum(failures.values())
    assert pareto[0]["percent"] == pytest.approx(100 * pareto[0]["failures"] / total, abs=0.051)  # type: ignore[operator]
    assert pareto[-1]["cumulative"] == 100.0


def test_an_amended_run_replaces_its_older_export(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    ctx = open_context(folder)
    ctx.save_profile(StoreProfile("00123", "Store", "Wang"))
    template = ctx.catalogue.get("six-s")
    run = ctx.runs.start(template, store_code="00123", header={"auditor": "Li"})
    answers = {i.id: Answer(True) for i in template.items if i.type == "pass_fail"}
    answers |= {i.id: Answer(1) for i in template.items if i.type == "number"}
    ctx.runs.answer_many(run, answers)
    run = ctx.runs.finish(run, "Li")
    first, warehouse = tmp_path / "first.csv", tmp_path / "wh"
    first.write_bytes(build_export(ctx, ExportRequest("run", "csv")).payload)
    before = float(_rows(first)[0]["score"])
    ctx.runs.amend(run, {"6S-SRT-01": Answer(False)}, by="Wang", why="missed it")
    second = tmp_path / "second.csv"
    second.write_bytes(build_export(ctx, ExportRequest("run", "csv")).payload)
    after = float(_rows(second)[0]["score"])
    ctx.close()
    assert after < before
    for path in (second, first):  # the older export ingested last must not win
        code, output = _cli("hq", "ingest", str(path), "--warehouse", str(warehouse))
        assert code == 0, output
    [row] = _report(warehouse, "league")
    assert row["runs"] == 1 and row["mean_score"] == after


def test_bad_files_are_refused_one_line_each_and_the_good_ones_ingested(
    chain: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    good = (chain / "exports" / "SH-021-run.csv").read_text("utf-8-sig")
    lines = good.splitlines()
    (bad / "future.csv").write_text(
        "\n".join([lines[0], *("9" + line[1:] for line in lines[1:3])]), "utf-8"
    )
    (bad / "two-stores.csv").write_text(
        "\n".join([lines[0], lines[1], lines[2].replace("SH-021", "SH-022", 1)]), "utf-8"
    )
    (bad / "not-ours.csv").write_text("name,score\nA,1\n", "utf-8")
    (bad / "broken.csv").write_text(lines[0] + '\n2,"SH-021,unterminated\n', "utf-8")
    (bad / "good.csv").write_text(good, "utf-8")
    code, output = _cli("hq", "ingest", str(bad), "--warehouse", str(tmp_path / "wh"))
    assert code == 1
    assert "Ingested 1 file:" in output
    for name in ("future.csv", "two-stores.csv", "not-ours.csv", "broken.csv"):
        assert sum(name in line for line in output.splitlines()) == 1, name
    assert "Traceback" not in output


def test_store_commands_never_import_duckdb(tmp_path: Path) -> None:
    import subprocess
    import sys

    probe = (
        "import sys\nfrom storeops.cli import main\n"
        "for args in (['templates', 'list'], ['--help'], ['runs', 'list']):\n"
        "    try: main(args)\n    except SystemExit: pass\n"
        "print('duckdb' in sys.modules, file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env={"STOREOPS_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
                          check=False)  # fmt: skip
    assert done.stderr.strip().splitlines()[-1] == "False"


def test_the_workbook_opens_in_a_spreadsheet_reader_with_typed_cells(
    chain: Path, tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    warehouse, target = tmp_path / "wh", tmp_path / "hq.xlsx"
    _ingest(chain, warehouse)
    code, output = _cli("hq", "workbook", "--warehouse", str(warehouse), "-o", str(target))
    assert code == 0, output
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["League", "Heat map", "Trend", "Pareto", "Repeat findings",
                               "Completion", "Complaints", "Complaint causes"]  # fmt: skip
    league = book["League"]
    header = [c.value for c in league[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in league.iter_rows(2)]
    codes = {r["store_code"] for r in rows}
    assert "00123" in codes  # text, leading zeros kept
    assert all(isinstance(r["mean_score"], int | float) for r in rows)
    assert league.freeze_panes == "A2" and league.auto_filter.ref
    heat = book["Heat map"]
    assert [c.value for c in heat[1]][1:] == sorted(STORES)
    formulas = [c for sheet in book for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


def test_duckdb_spills_into_the_system_temp_folder_never_the_current_one() -> None:
    import tempfile

    from storeops.hq.engine import connect

    con = connect()
    [(spill,)] = con.execute("SELECT current_setting('temp_directory')").fetchall()
    con.close()
    assert Path(spill).parent == Path(tempfile.gettempdir())  # not ``.tmp`` where it ran
