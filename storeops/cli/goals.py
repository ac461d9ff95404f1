"""``storeops goals show | check-in``: the month's service goals and the daily check-in."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

import typer

from storeops.cli._common import (
    EXIT_USAGE,
    OutputFormat,
    clock,
    day_option,
    echo_json,
    fail,
    format_option,
    incomplete,
    open_tui,
    opened,
    print_table,
    print_warnings,
)
from storeops.i18n import t

FIRST_CHECK_IN = date(2000, 1, 1)  # the earliest day a check-in can be for
GOAL_COLUMNS = ("goals.col.week", "goals.col.goal", "goals.col.rate", "goals.col.days",
                "goals.col.achieved")  # fmt: skip


def register(app: typer.Typer) -> None:
    group = typer.Typer(help=t("cli.goals.help"), no_args_is_help=True)
    app.add_typer(group, name="goals")
    group.command("show", help=t("cli.goals.show.help"))(show_goals)
    group.command("check-in", help=t("cli.goals.check_in.help"))(check_in)


def show_goals(
    month: Annotated[
        str | None, typer.Option("--month", metavar="YYYY-MM", help=t("cli.opt.month"))
    ] = None,
    fmt: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:
    from storeops.goals import CHECK_TEMPLATE, GoalError, month_of, month_weeks, progress

    with opened(readonly=True) as ctx:
        today = ctx.clock.today()
        chosen = month or month_of(today)
        try:
            state = progress(ctx.runs, ctx.goals, chosen)
            weeks = month_weeks(chosen)
        except GoalError as exc:
            raise fail(str(exc), EXIT_USAGE) from None
        except OverflowError:  # a month at the calendar's end (9999-12)
            raise fail(t("goals.err.month", value=chosen), EXIT_USAGE) from None
        # The month's plan, and its check-ins (late ones up to a month after its end).
        gaps = [
            *ctx.store.gaps(("goal_plans",), record_id=chosen),
            *ctx.store.gaps(("runs",), since=weeks[0][0], template_id=CHECK_TEMPLATE,
                            until=weeks[-1][1] + timedelta(days=31)),
        ]  # fmt: skip
        print_warnings(ctx, but=gaps)
    if fmt is OutputFormat.json:
        echo_json(_progress_json(state))
    else:
        _print_progress(state, today)
    if gaps:
        raise incomplete(gaps)


def check_in(day: Annotated[date | None, day_option()] = None) -> None:
    today = clock().today()
    when = day or today
    if when > today:
        raise fail(t("goals.err.future", day=when.isoformat()), EXIT_USAGE)
    if when < FIRST_CHECK_IN:
        raise fail(t("goals.err.too_early", day=when.isoformat(),
                     first=FIRST_CHECK_IN.isoformat()), EXIT_USAGE)  # fmt: skip
    open_tui(check_in_day=when)


def _progress_json(state: Any) -> dict[str, Any]:
    plan = state.plan
    return {
        "month": state.month,
        "planned": plan is not None,
        "weeks_achieved": state.weeks_achieved,
        "summary": plan.summary if plan else "",
        "next_goal": plan.next_goal if plan else "",
        "weeks": [
            {
                "week": w.number, "start": w.start.isoformat(), "end": w.end.isoformat(),
                "goal": w.goal.goal if w.goal else "",
                "behaviours": w.goal.behaviours if w.goal else "",
                "threshold": w.threshold, "opportunities": w.opportunities, "done": w.done,
                "rate": None if w.rate is None else round(w.rate, 1),
                "achieved": w.goal.achieved if w.goal else None,
                "days": [
                    {"day": d.day.isoformat(), "checked": d.checked, "late": d.late,
                     "met": d.met, "rate": None if d.rate is None else round(d.rate, 1)}
                    for d in w.days
                ],
            }
            for w in state.weeks
        ],
    }  # fmt: skip


def _print_progress(state: Any, today: date) -> None:
    """The same figures the goals screen shows, as a table."""
    from storeops.goals import day_marks, rate_text

    if state.plan is None:
        typer.echo(t("goals.summary.none", month=state.month))
    else:
        typer.echo(t("goals.summary", month=state.month, achieved=state.weeks_achieved,
                     weeks=len(state.weeks)))  # fmt: skip
    lines = []
    for w in state.weeks:
        goal = (w.goal.behaviours or w.goal.goal) if w.goal and not w.goal.empty else "—"
        verdict = "" if not w.goal or w.goal.achieved is None else ("✓" if w.goal.achieved else "✗")
        lines.append((f"W{w.number} {w.start:%m-%d}–{w.end:%m-%d}", goal, rate_text(w),
                      day_marks(w, today), verdict))  # fmt: skip
    print_table(GOAL_COLUMNS, lines, empty="cli.runs.none")
    if state.plan is not None and state.plan.summary:
        typer.echo(t("goals.summary.text", text=state.plan.summary))
