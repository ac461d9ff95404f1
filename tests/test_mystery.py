"""Mystery-shopper visits: scoring by hand, review, the league table, importing from a file."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storeops.cli import build_app
from storeops.context import Context, open_context
from storeops.importing import import_runs
from storeops.rankings import league
from storeops.runs import RunError
from storeops.scoring import Answer, score_run
from storeops.storage import SourceFile
from storeops.templates import Template, load_catalogue

CST = timezone(timedelta(hours=8))


@pytest.fixture(scope="module")
def form() -> Template:
    return load_catalogue().get("mystery-shopper")


def best(form: Template, **changes: Answer) -> dict[str, Answer]:
    """The best answer to every scored item (bonus not given), with ``changes``."""
    answers: dict[str, Answer] = {}
    for item in form.items:
        if item.type == "pass_fail" and not item.bonus:
            answers[item.id] = Answer(not item.negative)
        elif item.type == "scale":
            answers[item.id] = Answer(item.max)
        elif item.type == "number" and item.threshold is not None:
            answers[item.id] = Answer(2.0)
    answers.update({k.replace("_", "-"): v for k, v in changes.items()})
    return answers


def test_all_best_scores_100(form: Template) -> None:
    result = score_run(form, best(form))
    assert (result.score, result.band.key if result.band else None) == (100.0, "excellent")


def test_weighted_total_by_hand(form: Template) -> None:
    # Environment (weight 15, 15 points): MS-A-01 (3 points) failed → 12/15 = 80 %.
    # Total = (15 × 80 + 85 × 100) / 100 = 97.0
    assert score_run(form, best(form, MS_A_01=Answer(False))).score == 97.0


def test_na_is_excluded_by_hand(form: Template) -> None:
    # MS-A-04 (2 points) N/A and MS-A-01 (3) failed: Environment = 10/13 = 76.923 %.
    # Total = (15 × 76.923 + 8500) / 100 = 96.538 → 96.5; raw counts the N/A: 10/15 → 95.0
    result = score_run(form, best(form, MS_A_01=Answer(False), MS_A_04=Answer(na=True)))
    assert (result.score, result.raw_score) == (96.5, 95.0)


def test_bonus_adds_to_earned_but_is_capped_at_100(form: Template) -> None:
    # Personal standards (20 points): MS-G-01 (3 points) at 2 of 4 earns 1.5 → 18.5/20 = 92.5 %.
    # Total without bonus = (80 × 100 + 20 × 92.5) / 100 = 98.5
    weak = best(form, MS_G_01=Answer(2))
    assert score_run(form, weak).score == 98.5
    # The 2 bonus points lift the section to 20.5/20, capped at 100 % → total 100.0
    assert score_run(form, {**weak, "MS-G-08": Answer(True)}).score == 100.0
    assert score_run(form, {**best(form), "MS-G-08": Answer(True)}).score == 100.0


def test_greeting_after_30_seconds_fails_the_visit_and_names_it(form: Template) -> None:
    # Greeting (15 points): MS-B-01 (6 points) missed → 9/15 = 60 % → total 94.0, but Fail.
    result = score_run(form, best(form, MS_B_01=Answer(45.0)))
    assert result.score == 94.0
    assert result.band is not None and result.band.key == "fail"
    assert result.critical_failures == ("MS-B-01",)
    never = score_run(form, best(form, MS_B_01=Answer(None)))
    assert never.critical_failures == ("MS-B-01",)
    slow = score_run(form, best(form, MS_B_01=Answer(10.0)))
    assert slow.critical_failures == () and slow.score == 94.0


# --- review and league -------------------------------------------------------------


def _visit(
    ctx: Context, form: Template, target: str, day: int, kind: str = "own", **changes: Answer
) -> str:
    when = datetime(2026, 10, day, 14, 0, tzinfo=CST)
    header = {"shopper": "S", "target": target, "target_kind": kind,
              "visit_date": when.date().isoformat()}  # fmt: skip
    run = ctx.runs.start(form, store_code="HQ", header=header, now=when)
    ctx.runs.answer_many(run, best(form, **changes), now=when)
    ctx.runs.finish(run, "S", now=when)
    return run.id


def _review(ctx: Context, run_id: str, status: str, reason: str = "") -> None:
    ctx.runs.set_review(ctx.runs.get(run_id), status, by="Manager", reason=reason)


def test_visits_are_submitted_until_reviewed(data_dir: Path, form: Template) -> None:
    ctx = open_context(data_dir)
    run_id = _visit(ctx, form, "Store A", 1)
    assert ctx.runs.get(run_id).review_status == "submitted"
    with pytest.raises(RunError):
        _review(ctx, run_id, "returned")  # a reason is required
    _review(ctx, run_id, "returned", "Receipt missing")
    _review(ctx, run_id, "submitted")
    _review(ctx, run_id, "accepted")
    history = ctx.runs.get(run_id).review["history"]
    assert [h["status"] for h in history] == ["submitted", "returned", "submitted", "accepted"]
    assert history[1]["reason"] == "Receipt missing"
    with pytest.raises(RunError):
        _review(ctx, run_id, "returned", "too late")  # accepted is final


def test_league_orders_by_mean_of_last_accepted_visits(data_dir: Path, form: Template) -> None:
    ctx = open_context(data_dir)
    a_old = _visit(ctx, form, "Store A", 1, MS_A_01=Answer(False))  # 97.0, falls out of window 2
    a1 = _visit(ctx, form, "Store A", 5)  # 100
    a2 = _visit(ctx, form, "Store A", 9, MS_G_01=Answer(2))  # 98.5
    b1 = _visit(ctx, form, "Competitor B", 6)  # 100
    b2 = _visit(ctx, form, "Competitor B", 8)  # 100, returned: does not count
    b3 = _visit(ctx, form, "Competitor B", 3, MS_B_01=Answer(45.0))  # 94.0 and critical
    c1 = _visit(ctx, form, "Store C", 7)  # never reviewed: pending
    for run_id in (a_old, a1, a2, b1, b3):
        _review(ctx, run_id, "accepted")
    _review(ctx, b2, "returned", "Wrong store")

    table = league(ctx.runs, form, window=2)
    assert [(s.target, s.mean) for s in table] == [("Store A", 99.3), ("Competitor B", 97.0)]
    assert table[1].critical == ("MS-B-01",) and not table[0].flagged
    assert table[0].weaknesses[0] == "MG"  # the only section below 100 in A's window
    assert b2 not in {run.id for s in table for run, _ in s.visits}
    with_pending = league(ctx.runs, form, window=2, include_pending=True)
    assert [s.target for s in with_pending][:1] == ["Store C"] and c1
    wide = league(ctx.runs, form, window=3)
    assert wide[0].target == "Store A" and wide[0].mean == 98.5  # (97 + 100 + 98.5) / 3


# --- importing -------------------------------------------------------------------


def _row(form: Template, target: str, **changes: str) -> dict[str, str]:
    row = {"shopper": "Mei", "target": target, "target_kind": "own", "visit_date": "2026-10-12",
           "finished_at": "2026-10-12T15:00"}  # fmt: skip
    for item_id, answer in best(form).items():
        value = answer.value
        row[item_id] = "y" if value is True else "n" if value is False else f"{value:g}"
    row.update({k.replace("_", "-"): v for k, v in changes.items()})
    return row


def _write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_import_with_one_bad_row_imports_nothing_and_names_it(
    data_dir: Path, tmp_path: Path, form: Template
) -> None:
    rows = [_row(form, "Store A"), _row(form, "Store B", MS_A_01="maybe"), _row(form, "Store C")]
    path = tmp_path / "visits.csv"
    _write_csv(path, rows)
    result = CliRunner().invoke(
        build_app(), ["--data-dir", str(data_dir), "import", "visits", str(path)]
    )
    assert result.exit_code == 1
    assert "row 3, column MS-A-01" in result.output  # spreadsheet row 3: header is row 1
    assert "Traceback" not in result.output
    assert open_context(data_dir, readonly=True).runs.finished() == []


def test_import_csv_then_again_skips_duplicates(
    data_dir: Path, tmp_path: Path, form: Template
) -> None:
    path = tmp_path / "visits.csv"
    _write_csv(path, [_row(form, "Store A"), _row(form, "门店 B", MS_B_01="45")])
    app = build_app()
    first = CliRunner().invoke(app, ["--data-dir", str(data_dir), "import", "visits", str(path)])
    assert first.exit_code == 0 and "Imported 2" in first.output
    again = CliRunner().invoke(app, ["--data-dir", str(data_dir), "import", "visits", str(path)])
    assert "Imported 0" in again.output and "2 already imported" in again.output
    ctx = open_context(data_dir, readonly=True)
    runs = ctx.runs.finished(template_id="mystery-shopper")
    assert sorted(r.subject for r in runs) == ["Store A", "门店 B"]
    assert all(r.review_status == "submitted" for r in runs)
    b = next(r for r in runs if r.subject == "门店 B")
    assert ctx.runs.score(b).critical_failures == ("MS-B-01",)
    assert b.finished_at.startswith("2026-10-12T15:00")


def test_import_json_reports_unknown_columns_and_missing_required(
    data_dir: Path, form: Template
) -> None:
    ctx = open_context(data_dir)
    good = _row(form, "Store A")
    bad = {k: v for k, v in _row(form, "Store B").items() if k != "MS-HW-01"}
    bad["colour"] = "red"
    source = SourceFile("visits.json", json.dumps([good, bad]).encode())
    result = import_runs(ctx.runs, form, source, store_code="HQ")
    assert result.runs == []
    assert sorted((p.row, p.column) for p in result.problems) == [(2, "MS-HW-01"), (2, "colour")]
    assert ctx.runs.finished() == []


def test_import_reads_gbk_csv_from_chinese_excel(
    data_dir: Path, tmp_path: Path, form: Template
) -> None:
    path = tmp_path / "visits.csv"
    row = _row(form, "南京路店")
    with path.open("w", encoding="gb18030", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(row))
        writer.writeheader()
        writer.writerow(row)
    result = CliRunner().invoke(
        build_app(), ["--data-dir", str(data_dir), "import", "visits", str(path)]
    )
    assert result.exit_code == 0, result.output
    assert open_context(data_dir, readonly=True).runs.finished()[0].subject == "南京路店"


def test_cli_league_and_visit_review(data_dir: Path, form: Template) -> None:
    ctx = open_context(data_dir)
    run_id = _visit(ctx, form, "Store A", 2)
    ctx.close()
    app = build_app()
    empty = CliRunner().invoke(
        app, ["--data-dir", str(data_dir), "report", "league", "--format", "json"]
    )
    assert json.loads(empty.output) == []  # submitted, not accepted yet
    nobody = CliRunner().invoke(app, ["--data-dir", str(data_dir), "visits", "accept", run_id])
    assert nobody.exit_code == 1 and "who reviews" in nobody.output  # no profile, no --by
    accepted = CliRunner().invoke(
        app, ["--data-dir", str(data_dir), "visits", "accept", run_id, "--by", "Wang"]
    )
    assert accepted.exit_code == 0
    rows = json.loads(CliRunner().invoke(app, ["--data-dir", str(data_dir), "report", "league",
                                               "--format", "json"]).output)  # fmt: skip
    assert [(r["target"], r["mean"]) for r in rows] == [("Store A", 100.0)]
    refused = CliRunner().invoke(app, ["--data-dir", str(data_dir), "visits", "return", run_id,
                                       "--reason", "late", "--by", "Wang"])  # fmt: skip
    assert refused.exit_code == 1 and "Traceback" not in refused.output
