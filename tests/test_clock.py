"""The one clock: nothing else reads the wall clock, and pinning it pins every stamp."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storeops.cli import build_app
from storeops.clock import ENV_NOW, Clock, ClockError
from storeops.context import open_context
from storeops.goals import today_status
from storeops.profile import StoreProfile
from storeops.scoring import Answer

PACKAGE = Path(__file__).resolve().parent.parent / "storeops"
WALL_CLOCK = re.compile(
    r"datetime\.now\(|date\.today\(|datetime\.today\(|utcnow\(|time\.time\(|time\.localtime\("
    r"|\.astimezone\(\)"
)


def test_only_the_clock_module_reads_the_wall_clock() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "clock.py"
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if WALL_CLOCK.search(line)
    ]
    assert offenders == []


def test_a_pinned_clock_stays_put_until_moved() -> None:
    clock = Clock.pinned("2027-02-28T23:59:30+08:00")
    assert clock.now() == datetime(2027, 2, 28, 23, 59, 30, tzinfo=timezone(timedelta(hours=8)))
    clock.advance(timedelta(minutes=1))
    assert clock.today() == date(2027, 3, 1)
    clock.set("2025-01-01")
    assert clock.today() == date(2025, 1, 1) and clock.now().hour == 9


def test_a_running_pinned_clock_keeps_its_date_and_moves_on() -> None:
    clock = Clock.pinned("2026-06-01T10:00:00+00:00", running=True)
    first = clock.now()
    assert first.date() == date(2026, 6, 1)
    assert clock.now() >= first


def test_the_system_clock_cannot_be_moved() -> None:
    with pytest.raises(ClockError):
        Clock().advance(timedelta(days=1))


@pytest.mark.parametrize("moment", ["2031-07-04T08:15:00+02:00", "2019-01-31T22:00:00-05:00"])
def test_every_stamp_of_a_run_comes_from_the_context_clock(data_dir: Path, moment: str) -> None:
    """Started, answered, finished and the action's creation: all the pinned time."""
    clock = Clock.pinned(moment)
    ctx = open_context(data_dir, clock=clock)
    ctx.save_profile(StoreProfile("SH-021", "Nanjing Rd", "Wang Fang"))
    template = ctx.catalogue.get("six-s")
    run = ctx.runs.start(template, store_code="SH-021", header={"auditor": "Li"})
    answers = {i.id: Answer(True) for i in template.items if i.type == "pass_fail"}
    answers |= {i.id: Answer(1.0) for i in template.items if i.type == "number"}
    ctx.runs.answer_many(run, answers)
    clock.advance(timedelta(minutes=20))
    finished = ctx.runs.finish(run, "Li")
    action = ctx.actions.raise_action(
        run_id=run.id, template_id="six-s", item_id="6S-SAF-01", store_code="SH-021",
        description="x", owner="Li", due=clock.today(), priority="low", by="Li",
    )  # fmt: skip
    pinned = datetime.fromisoformat(moment)
    assert finished.started_at == pinned.isoformat()
    assert finished.finished_at == (pinned + timedelta(minutes=20)).isoformat()
    assert action.created_at == finished.finished_at
    assert [s.id for s in ctx.runs.summaries(since=pinned.date(), until=pinned.date())] == [run.id]
    ctx.close()


def test_todays_check_in_follows_the_pinned_day(data_dir: Path) -> None:
    """The check-in finished "today" by the clock counts as today's (the CI failure)."""
    clock = Clock.pinned("2030-03-05T20:00:00+08:00")
    ctx = open_context(data_dir, clock=clock)
    ctx.save_profile(StoreProfile("SH-021", "Nanjing Rd", "Wang Fang"))
    from storeops.goals import CHECK_TEMPLATE, check_in_header

    template = ctx.catalogue.get(CHECK_TEMPLATE)
    header = check_in_header(ctx.goals, clock.today(), clock.today(), "Wang Fang")
    run = ctx.runs.start(template, store_code="SH-021", header=header)
    answers = {}
    for item in template.items:
        if item.required and item.type == "pass_fail":
            answers[item.id] = Answer(True)
        elif item.required and item.type in ("number", "scale"):
            answers[item.id] = Answer(item.min if item.type == "scale" else 1.0)
        elif item.required:
            answers[item.id] = Answer("ok")
    ctx.runs.answer_many(run, answers)
    ctx.runs.finish(run, "Wang Fang")
    status = today_status(ctx.runs, ctx.goals, clock.today())
    assert status.checked_in and status.streak == 1
    ctx.close()


def test_the_cli_takes_today_from_storeops_now(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A check-in for a day after the pinned today is refused as a future day."""
    monkeypatch.setenv(ENV_NOW, "2020-05-10T12:00:00+08:00")
    result = CliRunner().invoke(
        build_app(), ["--data-dir", str(data_dir), "goals", "check-in", "--day", "2020-05-11"]
    )
    assert result.exit_code == 2
    assert "2020-05-11" in result.output


def test_a_bad_storeops_now_is_a_clear_message(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_NOW, "next tuesday")
    result = CliRunner().invoke(build_app(), ["--data-dir", str(data_dir), "runs", "list"])
    assert result.exit_code == 2
    assert ENV_NOW in result.output and "Traceback" not in result.output
