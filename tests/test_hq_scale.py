"""Head office at scale: the summaries the reports read stay equal to a plain-Python
computation over the same CSV files however the exports arrive (month by month, an older
month late, twice); completion; JSON exports ingested as their CSV; export versions 2 and
3 side by side; a file holding a key twice refused; ``merge`` in flat memory."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storeops.cli import build_app
from storeops.context import open_context
from storeops.demo import make_demo
from storeops.export_service import ExportRequest, build_export
from storeops.exporting import ANSWER_COLUMNS, EXPORT_VERSION, Selection
from storeops.i18n import set_language
from storeops.profile import StoreProfile
from storeops.scoring import round1

pytest.importorskip("duckdb")

STORES = ("00123", "SH-021", "BJ-7")
TODAY = date(2026, 11, 23)
EARLY = Selection(until=date(2026, 10, 31))  # September and October
NOVEMBER = Selection(since=date(2026, 11, 1))
Row = dict[str, str]


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three stores with six weeks of demo history, exported at every level: whole (CSV
    and JSON), and up to October and November apart."""
    root = tmp_path_factory.mktemp("chain")
    for folder in ("all", "early", "november", "json"):
        (root / folder).mkdir()
    for seed, code in enumerate(STORES, start=1):
        ctx = open_context(root / code)
        ctx.save_profile(StoreProfile(code, f"Store {code}", "Wang"))
        make_demo(ctx, today=TODAY, months=2, seed=seed)
        for level in ("run", "answer", "action"):
            for folder, selection in (("all", Selection()), ("early", EARLY),
                                      ("november", NOVEMBER)):  # fmt: skip
                payload = build_export(ctx, ExportRequest(level, "csv", selection)).payload
                (root / folder / f"{code}-{level}.csv").write_bytes(payload)
        payload = build_export(ctx, ExportRequest("run", "json")).payload
        (root / "json" / f"{code}.json").write_bytes(payload)
        ctx.close()
    return root


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(build_app(), list(args))
    return result.exit_code, result.output


def _rows(path: Path) -> list[Row]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))


def _all(chain: Path, level: str) -> list[Row]:
    return [r for code in STORES for r in _rows(chain / "all" / f"{code}-{level}.csv")]


def _ingest(warehouse: Path, *paths: Path) -> str:
    code, output = _cli("hq", "ingest", *map(str, paths), "--warehouse", str(warehouse))
    assert code == 0, output
    return output


def _report(warehouse: Path, name: str, *extra: str) -> list[dict[str, object]]:
    code, output = _cli("hq", "report", name, "--warehouse", str(warehouse),
                        "--format", "json", *extra)  # fmt: skip
    assert code == 0, output
    return json.loads(output)


def _week(day: str) -> str:
    found = date.fromisoformat(day)
    return (found - timedelta(days=found.weekday())).isoformat()


# --- plain-Python computations over the CSV files ------------------------------------------


def plain_repeats(
    answers: list[Row], since: str = "", until: str = ""
) -> dict[tuple[str, str, str], tuple[int, str]]:
    """Per store, checklist and item: the fails since its last pass, in the order the runs
    were finished (then run id), when two or more; and the last run's time."""
    results: dict[tuple[str, str, str], list[tuple[str, str, str]]] = defaultdict(list)
    for a in answers:
        day = a["finished_at"][:10]
        if a["target_kind"] != "own" or a["result"] not in ("pass", "fail"):
            continue
        if (since and day < since) or (until and day > until):
            continue
        key = (a["store_code"], a["template_id"], a["item_id"])
        results[key].append((a["finished_at"], a["run_id"], a["result"]))
    found = {}
    for key, seq in results.items():
        seq.sort()
        fails = 0
        for _at, _run, result in reversed(seq):
            if result != "fail":
                break
            fails += 1
        if fails >= 2:
            found[key] = (fails, seq[-1][0])
    return found


def plain_completion(runs: list[Row]) -> dict[tuple[str, str, str], tuple[object, ...]]:
    """Own runs per store, checklist and week of the run's day: runs, due periods, runs on
    time, and their share of the scheduled runs."""
    weeks: dict[tuple[str, str, str], list[Row]] = defaultdict(list)
    for r in runs:
        if r["target_kind"] == "own":
            day = r.get("visit_date") or r["finished_at"][:10]
            weeks[(r["store_code"], r["template_id"], _week(day))].append(r)
    found: dict[tuple[str, str, str], tuple[object, ...]] = {}
    for key, chosen in weeks.items():
        scheduled = [r for r in chosen if r.get("on_time")]
        on_time = sum(r["on_time"] == "Y" for r in scheduled)
        share = round1(100 * on_time / len(scheduled)) if scheduled else None
        dues = {r["due_on"] for r in chosen if r.get("due_on")}
        found[key] = (len(chosen), len(dues), on_time, share)
    return found


def plain_league(runs: list[Row]) -> dict[tuple[str, str, str], tuple[int, float]]:
    scores: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    for r in runs:
        key = (r["store_code"], r["template_id"], r["target_kind"])
        counts[key] += 1
        if r["score"]:
            scores[key].append(float(r["score"]))
    return {k: (counts[k], round1(sum(v) / len(v))) for k, v in scores.items()}


def plain_pareto(answers: list[Row]) -> dict[tuple[str, str], int]:
    failures: dict[tuple[str, str], int] = defaultdict(int)
    for a in answers:
        if a["result"] == "fail" and a["target_kind"] == "own":
            failures[(a["template_id"], a["item_id"])] += 1
    return dict(failures)


def plain_heatmap(answers: list[Row]) -> dict[tuple[str, str], float | None]:
    earned: dict[tuple[str, str], float] = defaultdict(float)
    possible: dict[tuple[str, str], float] = defaultdict(float)
    for a in answers:
        if a["target_kind"] == "own":
            key = (a["store_code"], a["section_id"])
            earned[key] += float(a["points_earned"] or 0)
            possible[key] += float(a["points_possible"] or 0)
    return {k: round1(100 * earned[k] / possible[k]) if possible[k] else None for k in earned}


def plain_trend(runs: list[Row]) -> dict[tuple[str, str], tuple[int, float]]:
    scores: dict[tuple[str, str], list[float]] = defaultdict(list)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for r in runs:
        if r["target_kind"] == "own":
            key = (r["template_id"], _week(r["finished_at"][:10]))
            counts[key] += 1
            if r["score"]:
                scores[key].append(float(r["score"]))
    return {k: (counts[k], round1(sum(v) / len(v))) for k, v in scores.items()}


def _check_reports(warehouse: Path, runs: list[Row], answers: list[Row]) -> None:
    """Every report equals the plain computation over ``runs`` and ``answers``."""
    league = {
        (str(r["store_code"]), str(r["template_id"]), str(r["target_kind"])):
            (r["runs"], r["mean_score"])
        for r in _report(warehouse, "league")
    }  # fmt: skip
    assert league == plain_league(runs)
    heatmap = _report(warehouse, "heatmap")
    assert {(str(r["store_code"]), str(r["section_id"])): r["score"] for r in heatmap} == (
        plain_heatmap(answers)
    )
    pareto = _report(warehouse, "pareto")
    assert {(str(r["template_id"]), str(r["item_id"])): r["failures"] for r in pareto} == (
        plain_pareto(answers)
    )
    trend = _report(warehouse, "trend")
    assert {(str(r["template_id"]), str(r["period"])): (r["runs"], r["mean_score"])
            for r in trend} == plain_trend(runs)  # fmt: skip
    completion = _report(warehouse, "completion")
    assert {
        (str(r["store_code"]), str(r["template_id"]), str(r["week"])):
            (r["runs"], r["due_periods"], r["on_time"], r["on_time_share"])
        for r in completion
    } == plain_completion(runs)  # fmt: skip
    days = sorted({a["finished_at"][:10] for a in answers})
    middle = days[len(days) // 2]
    for since, until in (("", ""), ("", middle), (middle, ""), (days[3], days[-5])):
        extra = [*(("--from", since) if since else ()), *(("--to", until) if until else ())]
        repeats = {
            (str(r["store_code"]), str(r["template_id"]), str(r["item_id"])):
                (r["consecutive"], r["last_run"])
            for r in _report(warehouse, "repeats", *extra)
        }  # fmt: skip
        assert repeats == plain_repeats(answers, since, until), (since, until)


def _one_file_each(warehouse: Path) -> None:
    """Every store-month of the detail is one Parquet file, every summary month one."""
    for level in ("runs", "answers", "actions"):
        for folder in (warehouse / level).glob("*/*"):
            assert len(list(folder.glob("*.parquet"))) == 1, folder
    summaries = list((warehouse / "summary").glob("*/*"))
    assert summaries
    for folder in summaries:
        assert len(list(folder.glob("*.parquet"))) == 1, folder


# --- the tests ----------------------------------------------------------------------------


def test_reports_equal_a_plain_computation_however_the_months_arrive(
    chain: Path, tmp_path: Path
) -> None:
    runs, answers = _all(chain, "run"), _all(chain, "answer")
    assert plain_repeats(answers) and plain_completion(runs)  # the demo has both to show
    assert any(r["due_on"] for r in runs)
    for order in (("early", "november"), ("november", "early"), ("all", "early")):
        warehouse = tmp_path / "-".join(order)
        for folder in order:  # month by month, an older month late, a month again
            _ingest(warehouse, chain / folder)
        _check_reports(warehouse, runs, answers)
        _one_file_each(warehouse)


def test_ingesting_twice_changes_no_summary(chain: Path, tmp_path: Path) -> None:
    import duckdb

    warehouse = tmp_path / "wh"
    _ingest(warehouse, chain / "all")

    def summaries() -> dict[str, list[tuple[object, ...]]]:
        found = {}
        for folder in sorted((warehouse / "summary").iterdir()):
            rows = duckdb.sql(
                f"SELECT * FROM read_parquet('{folder.as_posix()}/*/*.parquet', "
                "hive_partitioning = true) ORDER BY ALL"
            ).fetchall()
            found[folder.name] = rows
        return found

    before = summaries()
    assert set(before) == {"run_days", "completion_days", "section_days", "failure_days",
                           "streak_days"}  # fmt: skip
    _ingest(warehouse, chain / "all")
    assert summaries() == before


def test_completion_counts_runs_due_periods_and_on_time_share_for_versions_2_and_3(
    chain: Path, tmp_path: Path
) -> None:
    """A version-2 export (no due_on, on_time, answer_label, repeat_failure) ingests beside
    version-3 ones: its columns are empty, its runs counted as unscheduled."""
    folder = tmp_path / "mixed"
    folder.mkdir()
    for code in STORES[1:]:
        for level in ("run", "answer"):
            name = f"{code}-{level}.csv"
            (folder / name).write_bytes((chain / "all" / name).read_bytes())
    version_2: dict[str, list[Row]] = {}
    for level, dropped in (("run", ("due_on", "on_time")),
                           ("answer", ("answer_label", "repeat_failure"))):  # fmt: skip
        rows = _rows(chain / "all" / f"{STORES[0]}-{level}.csv")
        columns = [c for c in rows[0] if c not in dropped]
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, columns, extrasaction="ignore", lineterminator="\r\n")
        writer.writeheader()
        writer.writerows({**r, "export_version": "2"} for r in rows)
        (folder / f"{STORES[0]}-{level}-v2.csv").write_text("\ufeff" + buffer.getvalue(), "utf-8")
        version_2[level] = [{**r, **dict.fromkeys(dropped, "")} for r in rows]
    warehouse = tmp_path / "wh"
    _ingest(warehouse, folder)
    runs = version_2["run"] + [r for c in STORES[1:] for r in _rows(folder / f"{c}-run.csv")]
    completion = _report(warehouse, "completion")
    assert {
        (str(r["store_code"]), str(r["template_id"]), str(r["week"])):
            (r["runs"], r["due_periods"], r["on_time"], r["on_time_share"])
        for r in completion
    } == plain_completion(runs)  # fmt: skip
    old = [r for r in completion if r["store_code"] == STORES[0]]
    assert old and all(r["due_periods"] == 0 and r["on_time_share"] is None for r in old)
    assert any(r["on_time_share"] is not None for r in completion)
    import duckdb

    labels = duckdb.sql(
        f"SELECT store_code, count(*) FILTER (WHERE repeat_failure IS NOT NULL) "
        f"FROM read_parquet('{warehouse.as_posix()}/answers/*/*/*.parquet', "
        "hive_partitioning = true) GROUP BY ALL"
    ).fetchall()
    assert dict(labels)[STORES[0]] == 0 and dict(labels)[STORES[1]] > 0


def test_a_json_export_goes_in_as_its_csv_exports_do(chain: Path, tmp_path: Path) -> None:
    import duckdb

    from_csv, from_json = tmp_path / "csv", tmp_path / "json"
    _ingest(from_csv, chain / "all")
    output = _ingest(from_json, chain / "json")
    assert "Ingested 3 files" in output
    # The same rows, column by column, but for what a JSON export does not carry.
    not_in_json = {"runs": "due_on, on_time", "answers": "repeat_failure", "actions": ""}
    for level, columns in not_in_json.items():
        left_out = ", ".join(("ingest_seq", columns)) if columns else "ingest_seq"

        def rows(root: Path, level: str = level, left_out: str = left_out) -> object:
            return duckdb.sql(
                f"SELECT * EXCLUDE ({left_out}) FROM read_parquet("
                f"'{root.as_posix()}/{level}/*/*/*.parquet', hive_partitioning = true, "
                "union_by_name = true) ORDER BY ALL"
            ).fetchall()

        assert rows(from_json) == rows(from_csv), level
    for report in ("league", "heatmap", "trend", "pareto", "repeats"):
        assert _report(from_json, report) == _report(from_csv, report), report


def test_a_json_export_whose_template_is_unknown_says_what_was_left_out(
    chain: Path, tmp_path: Path
) -> None:
    doc = json.loads((chain / "json" / "SH-021.json").read_text("utf-8"))
    strange = [r for r in doc["runs"] if r["template_id"] == "six-s"]
    for run in strange:
        run["template_hash"] = "f" * 64
    path = tmp_path / "SH-021.json"
    path.write_text(json.dumps(doc), "utf-8")
    code, output = _cli("hq", "ingest", str(path), "--warehouse", str(tmp_path / "wh"))
    assert code == 1 and "Traceback" not in output
    [line] = [line for line in output.splitlines() if "six-s" in line]
    assert f"{len(strange)} runs of six-s left out" in line and "--templates" in line
    league = _report(tmp_path / "wh", "league")
    assert league and "six-s" not in {r["template_id"] for r in league}
    set_language("zh")
    code, output = _cli("--lang", "zh", "hq", "ingest", str(path), "--warehouse",
                        str(tmp_path / "wh"))  # fmt: skip
    assert code == 1 and "six-s 的" in output and "--templates" in output


def test_a_file_holding_a_key_twice_is_refused_and_the_others_go_in(
    chain: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    lines = (chain / "all" / "SH-021-answer.csv").read_text("utf-8-sig").splitlines()
    changed = lines[1].replace(",pass,", ",fail,", 1)
    (folder / "twice.csv").write_text("\n".join([*lines, changed]), "utf-8")
    good = chain / "all" / "BJ-7-answer.csv"
    (folder / "good.csv").write_bytes(good.read_bytes())
    for lang, words in (("en", "times"), ("zh", "出现了")):
        code, output = _cli("--lang", lang, "hq", "ingest", str(folder), "--warehouse",
                            str(tmp_path / f"wh-{lang}"))  # fmt: skip
        assert code == 1 and "Traceback" not in output
        [line] = [line for line in output.splitlines() if "twice.csv" in line]
        assert words in line
        assert {r["store_code"] for r in _report(tmp_path / f"wh-{lang}", "heatmap")} == {"BJ-7"}


def _export_file(path: Path, store: str, rows: int) -> None:
    """An answer-level export of ``rows`` made-up rows (distinct runs)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(ANSWER_COLUMNS)
    for n in range(rows):
        row = dict.fromkeys(ANSWER_COLUMNS, "")
        row.update(export_version=str(EXPORT_VERSION), store_code=store, run_id=f"r{n // 20}",
                   item_id=f"I-{n % 20}", result="pass", item_text="Floor area clean 地面整洁",
                   finished_at="2026-11-02T10:00:00+08:00", points_possible="2")  # fmt: skip
        writer.writerow(row.values())
    path.write_text("\ufeff" + buffer.getvalue(), "utf-8")


def test_merge_streams_in_flat_memory(tmp_path: Path) -> None:
    """Twice the rows, about the same peak memory (an in-memory merge takes about twice);
    exact duplicates are still dropped, across any number of files."""
    for n in range(8):
        _export_file(tmp_path / f"s{n}.csv", f"S{n}", 2000)

    def peak(*files: str) -> tuple[int, str]:
        tracemalloc.start()
        code, output = _cli("merge", *files, "-o", str(tmp_path / "all.csv"))
        _size, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert code == 0, output
        return top, output

    names = [str(tmp_path / f"s{n}.csv") for n in range(8)]
    peak(names[0])  # what is loaded once (modules, caches) is not the merge's
    small, _output = peak(*names[:4])
    assert len(_rows(tmp_path / "all.csv")) == 4 * 2000
    large, output = peak(*names, names[0])  # twice the rows, and a file given twice
    assert "2000 duplicate rows dropped" in output
    merged = _rows(tmp_path / "all.csv")
    assert len(merged) == 8 * 2000 and list(merged[0]) == list(ANSWER_COLUMNS)
    assert large < 1.25 * small, (small, large)


def _answers_file(path: Path, rows: list[tuple[str, str, str]]) -> None:
    """An answer-level export of one store: (item, finished_at, result) per row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(ANSWER_COLUMNS)
    for item, at, result in rows:
        row = dict.fromkeys(ANSWER_COLUMNS, "")
        row.update(export_version=str(EXPORT_VERSION), store_code="S1", template_id="six-s",
                   run_id=f"r-{at}", finished_at=at, target_kind="own", item_id=item,
                   item_text=f"text {item}", section_id="A", result=result)  # fmt: skip
        writer.writerow(row.values())
    path.write_text("\ufeff" + buffer.getvalue(), "utf-8")


def test_streaks_across_months_equal_a_plain_computation_for_every_period(
    tmp_path: Path,
) -> None:
    """Streaks that run over a month's end, one fail ended early in the next month, N/A
    between fails: the repeats report equals the plain computation for every period,
    whichever order the months arrive in."""
    from storeops.hq.ingest import ingest
    from storeops.hq.reports import Filters, run_report

    sequences = {
        "A": "F F P F | F F P F | F N F",  # a streak over each month's end
        "B": "P P F | P F F | F P P",  # one fail ended by the next month's first pass
        "C": "F F F | F F | F",  # failing throughout
        "D": "F P F | N N | P F F",
    }
    months = ("2026-09", "2026-10", "2026-11")
    rows: dict[str, list[tuple[str, str, str]]] = {m: [] for m in months}
    for item, text in sequences.items():
        for month, part in zip(months, text.split("|"), strict=True):
            for n, mark in enumerate(part.split()):
                at = f"{month}-{10 + 3 * n:02d}T1{len(item)}:00:00+08:00"
                result = {"F": "fail", "P": "pass", "N": "na"}[mark]
                rows[month].append((item, at, result))
    for month in months:
        _answers_file(tmp_path / f"{month}.csv", rows[month])
    answers = [
        {"store_code": "S1", "template_id": "six-s", "item_id": item, "finished_at": at,
         "run_id": f"r-{at}", "target_kind": "own", "result": result}
        for month in months for item, at, result in rows[month]
    ]  # fmt: skip
    days = sorted({a["finished_at"][:10] for a in answers})
    periods = [("", "")] + [
        (a, b) for a in ("", *days[::2]) for b in (*days[1::2], "") if a <= (b or "9")
    ]
    for order in (months, months[::-1], ("2026-10", "2026-09", "2026-11")):
        warehouse = tmp_path / "-".join(order)
        for month in order:
            report = ingest([tmp_path / f"{month}.csv"], warehouse)
            assert not report.refused, report.refused
        kept = sorted(p.name for p in (warehouse / "summary" / "streak_days").iterdir())
        assert kept == [f"month={m}" for m in months]  # the report reads these, not the detail
        for since, until in periods:
            filters = Filters(None, date.fromisoformat(since) if since else None,
                              date.fromisoformat(until) if until else None)  # fmt: skip
            names, found = run_report(warehouse, "repeats", filters)
            got = {
                (r["store_code"], r["template_id"], r["item_id"]): (r["consecutive"], r["last_run"])
                for r in (dict(zip(names, row, strict=True)) for row in found)
            }
            assert got == plain_repeats(answers, since, until), (order, since, until)
