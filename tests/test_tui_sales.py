"""Observing an associate through the seven steps, and the coaching views, by keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from storeops.context import open_context
from storeops.scoring import Answer
from storeops.tui.screens.dashboard import DashboardScreen
from storeops.tui.screens.people import AssociateScreen, TeamScreen
from storeops.tui.screens.result import ResultScreen
from storeops.tui.screens.review import ReviewScreen
from storeops.tui.screens.runner import RunnerScreen
from storeops.tui.widgets.form import FormScreen
from tests.tui_helpers import back_from_early_review, make_app

NOTES = {"SS-Z-01": "Trailed the customer", "SS-Z-02": "Just look around", "SS-Z-03": "Give space"}


async def test_observation_with_a_should_not_and_alteration_step_na(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")  # the second checklist: the sales observation
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"Li Lei", "enter", *"Wang Fang", "enter", "enter")
        await pilot.pause()
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        template = runner.template
        early = False
        while (item := runner.current_item) is not None:
            early = await back_from_early_review(pilot) or early
            if runner.draft.answer_for(item.id) is not None:
                break
            if item.section_id in ("S5", "C"):  # no trousers altered, no complaint
                await pilot.press("X")
            elif item.id == "SS-2-06":  # a "should not" seen: trailing the customer
                await pilot.press("y")
            elif item.id == "SS-1-01":
                await pilot.press("enter", "2", "enter")
            elif item.type == "text":
                await pilot.press("enter", *NOTES[item.id], "enter")
                if item.id == "SS-Z-03":
                    break
                continue
            elif item.type == "scale":
                await pilot.press("4")
            elif item.negative:
                await pilot.press("n")
            else:
                await pilot.press("y")
            await pilot.pause()
        assert early
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
    app.ctx.close()

    ctx = open_context(data_dir, readonly=True)
    [run] = ctx.runs.finished(template_id="sales-seven-step", subject="li lei")
    assert run.subject == "Li Lei" and run.auditor == "Wang Fang"
    assert run.answer_for("SS-2-06") == Answer(True)
    s5 = [i for i in template.items if i.section_id == "S5"]
    assert all(run.answer_for(i.id) == Answer(na=True) for i in s5)
    result = ctx.runs.score(run)
    assert result.section("S5").percent is None  # the step did not happen: out of the score
    s2 = template.section("S2")
    possible = sum(i.points for i in s2.items if i.type != "text")
    lost = template.item("SS-2-06").points
    assert result.section("S2").percent == pytest.approx(100 * (possible - lost) / possible)
    assert result.critical_failures == ()
    assert {k: run.answer_for(k).value for k in NOTES} == NOTES
    assert "Li Lei" in ctx.staff.names()  # remembered for next time


def _observe(data_dir: Path, name: str, fail_items: set[str]) -> None:
    ctx = open_context(data_dir)
    template = ctx.catalogue.get("sales-seven-step")
    run = ctx.runs.start(template, store_code="SH-021",
                         header={"associate": name, "observer": "Wang"})  # fmt: skip
    answers = {}
    for item in template.items:
        if item.type == "pass_fail":
            answers[item.id] = Answer(item.negative == (item.id in fail_items))
        elif item.type == "scale":
            answers[item.id] = Answer(item.max)
        elif item.type == "number":
            answers[item.id] = Answer(2.0)
    ctx.runs.answer_many(run, answers)
    ctx.runs.finish(run, "Wang")
    ctx.close()


async def test_team_and_associate_views_name_the_weakest_step(data_dir: Path) -> None:
    _observe(data_dir, "Li Lei", {"SS-3-01", "SS-3-02"})
    _observe(data_dir, "Li Lei", {"SS-2-01"})
    _observe(data_dir, "Han Meimei", set())
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("r", "down", "down", "enter")  # reports: trend, Pareto, coaching…
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TeamScreen)
        names = [str(screen.table.get_row_at(i)[0]) for i in range(screen.table.row_count)]
        assert names == ["Han Meimei", "Li Lei"]
        li_row = screen.table.get_row_at(1)
        assert str(li_row[1]) == "2" and "Invite to try on" in str(li_row[4])
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AssociateScreen)
        summary = str(app.screen.query_one("#table-summary").render())
        assert "Li Lei: 2 observations" in summary and "Invite to try on" in summary
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
    app.ctx.close()
