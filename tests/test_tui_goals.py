"""Planning the month and checking in by keys; the dashboard shows the week's rate and streak."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.app import App
from textual.widgets import Static

from storeops.context import open_context
from storeops.goals import day_marks, rate_text
from storeops.i18n import t
from storeops.tui.screens.dashboard import DashboardScreen
from storeops.tui.screens.goals import GoalsScreen
from storeops.tui.screens.result import ResultScreen
from storeops.tui.screens.review import ReviewScreen
from storeops.tui.screens.runner import RunnerScreen
from storeops.tui.widgets.form import FormScreen
from tests.tui_helpers import TODAY, make_app


async def _edit_week(pilot, row: int, behaviours: str, threshold: str) -> None:  # type: ignore[no-untyped-def]
    screen = pilot.app.screen
    screen.table.move_cursor(row=row)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, FormScreen)
    # goal, behaviours, type, measure, threshold, actions
    await pilot.press(*"Warm greeting", "enter", *behaviours, "enter", "enter",
                      *"greeted within 3 s", "enter", "ctrl+a", "ctrl+k", *threshold, "enter",
                      *"Morning drill", "enter")  # fmt: skip
    await pilot.pause()


async def _check_in(pilot, day: str, opportunities: str, done: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("c")
    await pilot.pause()
    await pilot.press("ctrl+a", "ctrl+k", *day, "enter")
    await pilot.pause()
    runner = pilot.app.screen
    assert isinstance(runner, RunnerScreen)
    assert runner.draft.header["day"] == day
    while runner.result.open_required:
        item = runner.current_item
        assert item is not None
        if item.type == "text" or runner.draft.answer_for(item.id) is not None:
            await pilot.press("down")  # See / Hear / Develop are optional: move on
        elif item.type == "pass_fail":
            await pilot.press("y")
        else:
            value = {"DG-08": opportunities, "DG-09": done, "DG-06": "8", "DG-07": "3"}.get(
                item.id, "0"
            )
            await pilot.press("enter", *value, "enter")
        await pilot.pause()
    await pilot.pause()
    assert isinstance(pilot.app.screen, ReviewScreen)  # opened by the last required answer
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ResultScreen)
    await pilot.press("escape")
    await pilot.pause()


async def test_plan_two_weeks_check_in_three_days_and_see_rate_and_streak(data_dir: Path) -> None:
    app = make_app(data_dir)  # today is Monday 2026-11-23, week 4 of November
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GoalsScreen)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+k", *"empty", "enter")
        await pilot.pause()
        await _edit_week(pilot, 2, "Greet every customer within 3 s", "90")
        await _edit_week(pilot, 3, "Smile and say hello first", "80")
        assert isinstance(app.screen, GoalsScreen)
        await _check_in(pilot, "2026-11-21", "10", "9")
        await _check_in(pilot, "2026-11-22", "10", "10")
        await _check_in(pilot, "2026-11-23", "20", "15")
        assert isinstance(app.screen, GoalsScreen)
        row = app.screen.table.get_row_at(3)
        assert str(row[2]) == "75% ✗ (80%)"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        goal = str(app.screen.query_one("#dash-goal", Static).render())
        assert "Smile and say hello first" in goal
        assert "done ✓" in goal
        assert "75% (target 80%)" in goal and "streak 3" in goal
    app.ctx.close()
    plan = open_context(data_dir, readonly=True).goals.get("2026-11")
    assert plan is not None and plan.weeks[2].threshold == 90


async def test_enter_on_a_month_without_a_plan_writes_the_first_goal(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        await _edit_week(pilot, 0, "Say hello within 3 s", "85")
        assert isinstance(app.screen, GoalsScreen)
    app.ctx.close()
    plan = open_context(data_dir, readonly=True).goals.get("2026-11")
    assert plan is not None and plan.weeks[0].behaviours == "Say hello within 3 s"
    assert plan.weeks[0].threshold == 85 and len(plan.weeks) == 4


def _screen_lines(app: App[None]) -> list[str]:
    """What the terminal shows, line by line."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_week_is_one_glance_at_80x24_goal_wrapped_beside_its_figures(
    data_dir: Path, lang: str
) -> None:
    """Planned from the sample weeks (long goals), week 1 marked achieved: every column's
    heading shows whole at 80 columns, the goal wraps (all of it, never past its column)
    and the week's rate, days and verdict are on its first line."""
    app = make_app(data_dir, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("g", "n")
        await pilot.pause()
        await pilot.press("enter")  # start from the sample weeks
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GoalsScreen) and screen.state and screen.state.plan
        await pilot.press("f", *"Done", "enter", "y", "enter")  # week 1: achieved
        await pilot.pause()
        lines = _screen_lines(app)
        headings = [t(key) for key in GoalsScreen.COLUMNS]
        heading_line = next(line for line in lines if headings[1] in line)
        assert all(heading in heading_line for heading in headings), heading_line
        assert all(cell_len(line) <= 80 for line in lines)

        goal = screen.state.plan.weeks[0].behaviours
        assert cell_len(goal) > 80  # a sample week's goal is longer than a line
        cell = str(screen.table.get_row_at(0)[1])
        assert "".join(cell.split()) == "".join(goal.split())  # all of it, wrapped
        assert len(cell.splitlines()) > 1
        width = screen.table.ordered_columns[1].width
        assert all(cell_len(line) <= width for line in cell.splitlines())

        first = cell.splitlines()[0]
        row_line = next(line for line in lines if first in line)
        week = screen.state.weeks[0]
        assert row_line.rstrip().endswith("✓")  # the verdict, in the last column
        assert rate_text(week) in row_line  # the rate so far and the days beside it
        assert day_marks(week, TODAY) in row_line
