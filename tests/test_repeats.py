"""Repeat findings (an item failed twice in a row) and the run export's due/on-time columns."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta
from pathlib import Path

from typer.testing import CliRunner

from storeops.cli import build_app
from storeops.context import Context, open_context
from storeops.exporting import Selection, export_csv
from storeops.profile import StoreProfile
from storeops.schedules import StoreSchedules
from storeops.scoring import Answer
from storeops.templates import Schedule

ZONE = "+08:00"


def _parse(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def _six_s(ctx: Context, day: date, failed: set[str], auditor: str = "Li") -> str:
    template = ctx.catalogue.get("six-s")
    when = datetime.fromisoformat(f"{day.isoformat()}T15:00:00{ZONE}")
    run = ctx.runs.start(template, store_code="SH-1", header={"auditor": auditor}, now=when)
    answers = {}
    for item in template.items:
        if not item.required:
            continue
        if item.type == "pass_fail":
            answers[item.id] = Answer(item.id not in failed)
        elif item.type == "number":
            answers[item.id] = Answer(0)
        elif item.type == "scale":
            answers[item.id] = Answer(item.max)
    ctx.runs.answer_many(run, answers, now=when)
    return ctx.runs.finish(run, auditor, now=when).id


def _store(tmp_path: Path) -> Context:
    ctx = open_context(tmp_path / "data")
    ctx.save_profile(StoreProfile("SH-1", "Store", "Wang"))
    return ctx


def test_an_item_failed_twice_in_a_row_is_a_repeat_on_the_second_run_only(tmp_path: Path) -> None:
    ctx = _store(tmp_path)
    item = next(i.id for i in ctx.catalogue.get("six-s").items if i.type == "pass_fail")
    other = [i.id for i in ctx.catalogue.get("six-s").items if i.type == "pass_fail"][1]
    first = _six_s(ctx, date(2026, 11, 2), {item, other})
    second = _six_s(ctx, date(2026, 11, 9), {item})
    third = _six_s(ctx, date(2026, 11, 16), {other})
    rows = _parse(export_csv("answer", ctx.runs, [], Selection("six-s"), ctx.profile,
                             date(2026, 11, 23))[0])  # fmt: skip
    flags = {(r["run_id"], r["item_id"]): r["repeat_failure"] for r in rows}
    assert flags[(first, item)] == "N" and flags[(second, item)] == "Y"
    assert flags[(second, other)] == "N" and flags[(third, other)] == "N"
    assert flags[(third, item)] == "N"
    # A period that starts after the first run still judges the second against it.
    later = Selection("six-s", since=date(2026, 11, 5))
    rows = _parse(export_csv("answer", ctx.runs, [], later, ctx.profile, date(2026, 11, 23))[0])
    assert {(r["run_id"], r["item_id"]): r["repeat_failure"] for r in rows}[(second, item)] == "Y"
    ctx.close()


def test_report_repeats_lists_items_by_runs_failed_in_a_row(tmp_path: Path) -> None:
    ctx = _store(tmp_path)
    items = [i.id for i in ctx.catalogue.get("six-s").items if i.type == "pass_fail"]
    for n in range(3):
        _six_s(
            ctx,
            date(2026, 11, 2) + timedelta(days=7 * n),
            {items[0]} | ({items[1]} if n else set()),
        )
    ctx.close()
    done = CliRunner().invoke(build_app(), ["--data-dir", str(tmp_path / "data"), "report",
                                            "repeats", "--format", "json"])  # fmt: skip
    assert done.exit_code == 0, done.output
    found = json.loads(done.output)
    assert [(f["item_id"], f["runs"]) for f in found] == [(items[0], 3), (items[1], 2)]
    assert found[0]["item_text"]


def test_the_run_export_says_when_each_run_was_due_and_whether_on_time(tmp_path: Path) -> None:
    ctx = _store(tmp_path)
    on_monday = _six_s(ctx, date(2026, 11, 9), set())  # due Monday, within 2 days
    on_friday = _six_s(ctx, date(2026, 11, 20), set())
    rows = {r["run_id"]: r for r in _parse(export_csv(
        "run", ctx.runs, [], Selection("six-s"), ctx.profile, date(2026, 11, 23),
        StoreSchedules())[0])}  # fmt: skip
    assert (rows[on_monday]["due_on"], rows[on_monday]["on_time"]) == ("2026-11-09", "Y")
    assert (rows[on_friday]["due_on"], rows[on_friday]["on_time"]) == ("2026-11-16", "N")
    off = StoreSchedules(changed={"six-s": None})
    rows = _parse(export_csv("run", ctx.runs, [], Selection("six-s"), ctx.profile,
                             date(2026, 11, 23), off)[0])  # fmt: skip
    assert {r["due_on"] for r in rows} == {""} and {r["on_time"] for r in rows} == {""}
    friday = StoreSchedules(changed={"six-s": Schedule("week", on="fri")})
    exported = export_csv("run", ctx.runs, [], Selection("six-s"), ctx.profile,
                          date(2026, 11, 23), friday)[0]  # fmt: skip
    rows = {r["run_id"]: r for r in _parse(exported)}
    assert rows[on_friday]["due_on"] == "2026-11-20" and rows[on_friday]["on_time"] == "Y"
    ctx.close()
