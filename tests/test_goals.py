"""Service goals: week boundaries, goal-behaviour rate, streak, late and future check-ins."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storeops.cli import build_app
from storeops.clock import Clock
from storeops.context import Context, open_context
from storeops.goals import (
    GoalError,
    check_in_header,
    check_ins_by_day,
    day_marks,
    existing_check_in,
    is_late,
    month_of,
    month_weeks,
    progress,
    streak,
    today_status,
    week_number,
)
from storeops.scoring import Answer

CST = timezone(timedelta(hours=8))


def test_weeks_of_a_month_starting_mid_week() -> None:
    # October 2026 starts on a Thursday: its first week is Mon 28 Sep – Sun 4 Oct.
    weeks = month_weeks("2026-10")
    assert weeks[0] == (date(2026, 9, 28), date(2026, 10, 4))
    assert all((end - start).days == 6 and start.weekday() == 0 for start, end in weeks)


def test_a_five_week_month_and_a_four_week_month() -> None:
    assert len(month_weeks("2026-10")) == 5  # Thursdays 1, 8, 15, 22, 29
    assert len(month_weeks("2026-11")) == 4  # Thursdays 5, 12, 19, 26
    assert month_weeks("2026-10")[-1] == (date(2026, 10, 26), date(2026, 11, 1))


def test_every_day_belongs_to_exactly_one_week_of_one_month() -> None:
    day = date(2026, 1, 1)
    while day.year == 2026:
        month = month_of(day)
        (start, end) = month_weeks(month)[week_number(day) - 1]
        assert start <= day <= end
        day += timedelta(days=1)
    assert month_of(date(2026, 11, 1)) == "2026-10"  # a Sunday in October's last week
    assert month_of(date(2026, 11, 30)) == "2026-12"  # a Monday of December's first week


def test_bad_month_is_refused() -> None:
    with pytest.raises(GoalError):
        month_weeks("2026-13")


def _check_in(ctx: Context, day: date, opportunities: float, done: float, *,
              on: date | None = None) -> None:  # fmt: skip
    """A finished check-in for ``day``, recorded on ``on`` (late when after the day)."""
    template = ctx.catalogue.get("daily-service-check")
    when = datetime.combine(on or day, datetime.min.time(), CST).replace(hour=21)
    header = check_in_header(ctx.goals, day, on or day, "Wang")
    run = ctx.runs.start(template, store_code="S1", header=header, now=when)
    answers = {}
    for item in template.items:
        if item.type == "pass_fail":
            answers[item.id] = Answer(True)
        elif item.type == "number":
            answers[item.id] = Answer({"DG-08": opportunities, "DG-09": done}.get(item.id, 0.0))
    ctx.runs.answer_many(run, answers, now=when)
    ctx.runs.finish(run, "Wang", now=when)


@pytest.fixture
def ctx(data_dir: Path) -> Context:
    # The check-ins below run to 2026-11-30: the store's clock is at the month's end.
    context = open_context(data_dir, clock=Clock.pinned("2026-11-30T22:00:00+08:00"))
    plan = context.goals.new_plan("2026-11", examples=context.goal_examples()[:2])
    plan.weeks[3].behaviours = "Greet every customer within 3 s"
    plan.weeks[3].threshold = 90
    context.goals.save(plan)
    return context


def test_rate_is_done_over_opportunities_for_the_week(ctx: Context) -> None:
    _check_in(ctx, date(2026, 11, 23), 10, 9)
    _check_in(ctx, date(2026, 11, 24), 20, 16)
    state = progress(ctx.runs, ctx.goals, "2026-11")
    week = state.weeks[3]
    assert (week.opportunities, week.done) == (30, 25)
    assert week.rate == pytest.approx(83.33, abs=0.01)
    assert week.on_track is False  # target 90 %
    days = {d.day: d for d in week.days}
    assert days[date(2026, 11, 23)].met is True  # 90 % on the day
    assert days[date(2026, 11, 24)].met is False  # 80 %
    assert days[date(2026, 11, 25)].checked is False and days[date(2026, 11, 25)].met is None


def test_day_without_opportunities_is_checked_in_without_a_result(ctx: Context) -> None:
    """Nothing typed decides a day: without a count there is no ✓ or ✗, only ○."""
    _check_in(ctx, date(2026, 11, 23), 0, 0)
    week = progress(ctx.runs, ctx.goals, "2026-11").weeks[3]
    day = week.days[0]
    assert day.checked and day.rate is None and day.met is None
    assert day_marks(week, date(2026, 11, 23)) == "○      "  # the other days still to come


def test_streak_counts_days_in_a_row_up_to_today_or_yesterday(ctx: Context) -> None:
    for d in (19, 21, 22):
        _check_in(ctx, date(2026, 11, d), 5, 5)
    runs = check_ins_by_day(ctx.runs.finished(template_id="daily-service-check"))
    assert streak(runs, date(2026, 11, 23)) == 2  # today still open: 21, 22
    _check_in(ctx, date(2026, 11, 23), 5, 5)
    runs = check_ins_by_day(ctx.runs.finished(template_id="daily-service-check"))
    assert streak(runs, date(2026, 11, 23)) == 3
    assert streak(runs, date(2026, 11, 25)) == 0  # yesterday missed


def test_late_check_in_is_allowed_and_marked(ctx: Context) -> None:
    _check_in(ctx, date(2026, 11, 20), 4, 4, on=date(2026, 11, 23))
    run = existing_check_in(ctx.runs, date(2026, 11, 20))
    assert run is not None and is_late(run)
    day = progress(ctx.runs, ctx.goals, "2026-11").weeks[2].days[4]
    assert day.day == date(2026, 11, 20) and day.checked and day.late


def test_future_check_in_is_refused(ctx: Context) -> None:
    with pytest.raises(GoalError, match="future"):
        check_in_header(ctx.goals, date(2026, 11, 24), date(2026, 11, 23), "Wang")


def test_check_in_header_carries_the_weeks_goal(ctx: Context) -> None:
    header = check_in_header(ctx.goals, date(2026, 11, 2), date(2026, 11, 23), "Wang")
    example = ctx.goal_examples()[0]
    assert header["week_goal"] == example.behaviours[0] and header["day"] == "2026-11-02"


def test_new_plan_from_examples_keeps_their_weekly_recognition(ctx: Context) -> None:
    examples = ctx.goal_examples()
    plan = ctx.goals.new_plan("2026-12", examples=examples, lang="zh")  # five weeks, four examples
    assert [w.follow_up for w in plan.weeks[:4]] == [e.follow_up[1] for e in examples]
    assert plan.weeks[4].follow_up == ""
    assert all(w.achieved is None for w in plan.weeks)


def test_new_plan_copies_last_month_without_its_results(ctx: Context) -> None:
    plan = ctx.goals.get("2026-11")
    assert plan is not None
    plan.weeks[0].follow_up, plan.weeks[0].achieved = "Ambassador elected", True
    ctx.goals.save(plan)
    december = ctx.goals.new_plan("2026-12", copy_from="2026-11")
    assert december.weeks[0].behaviours == plan.weeks[0].behaviours
    assert (december.weeks[0].follow_up, december.weeks[0].achieved) == ("", None)
    with pytest.raises(GoalError):
        ctx.goals.new_plan("2026-12")


def test_dashboard_figures_today(ctx: Context) -> None:
    _check_in(ctx, date(2026, 11, 22), 10, 10)
    _check_in(ctx, date(2026, 11, 23), 10, 8)
    status = today_status(ctx.runs, ctx.goals, date(2026, 11, 23))
    assert status.checked_in and status.streak == 2
    assert status.week.number == 4 and status.week.rate == 80.0
    assert [d.day for d in status.week.days] == [date(2026, 11, 23)]  # only days so far


def test_cli_goals_show_prints_the_same_figures(ctx: Context, data_dir: Path) -> None:
    _check_in(ctx, date(2026, 11, 23), 10, 9)
    _check_in(ctx, date(2026, 11, 24), 20, 16)
    ctx.close()
    app = build_app()
    shown = CliRunner().invoke(app, ["--data-dir", str(data_dir), "goals", "show", "--month",
                                     "2026-11", "--format", "json"])  # fmt: skip
    import json

    data = json.loads(shown.output)
    week = data["weeks"][3]
    assert (week["opportunities"], week["done"], week["rate"], week["threshold"]) == (
        30,
        25,
        83.3,
        90,
    )
    table = CliRunner().invoke(
        app, ["--data-dir", str(data_dir), "goals", "show", "--month", "2026-11"]
    )
    assert "83% ✗ (90%)" in table.output and "W4 11-23–11-29" in table.output
    bad = CliRunner().invoke(
        app, ["--data-dir", str(data_dir), "goals", "show", "--month", "11/2026"]
    )
    assert bad.exit_code == 2 and "Traceback" not in bad.output
