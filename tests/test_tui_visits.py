"""A mystery-shopper visit by keys, timed with the stopwatch, then reviewed and ranked."""

from __future__ import annotations

from pathlib import Path

import pytest

from storeops.context import open_context
from storeops.scoring import Answer
from storeops.tui.screens.result import ResultScreen
from storeops.tui.screens.runner import RunnerScreen
from storeops.tui.screens.visits import LeagueScreen, VisitsScreen
from storeops.tui.widgets.form import FormScreen
from tests.tui_helpers import back_from_early_review, make_app


async def test_visit_with_the_stopwatch_then_accept_and_rank(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ticks = iter([500.0, 500.0, 508.0])  # started at 500 s, greeted at 508 s
    monkeypatch.setattr("storeops.tui.screens.runner.stopwatch_now", lambda: next(ticks, 508.0))
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # the third checklist: mystery-shopper visit
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        # Shopper, store visited, own store or competitor; the visit date is today.
        await pilot.press(*"Mei", "enter", *"Store A", "enter", *"own", "ctrl+s")
        await pilot.pause()
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        early = False
        while (item := runner.current_item) is not None:
            early = await back_from_early_review(pilot) or early
            if runner.draft.answer_for(item.id) is not None:
                break
            if item.id == "MS-B-01":
                await pilot.press("t")
                await pilot.press("t")
            elif item.section_id == "MH":
                await pilot.press("X")
            elif item.type == "number":
                await pilot.press("enter", "3", "enter")
            elif item.type == "scale":
                await pilot.press("3")
            elif item.type == "text":
                await pilot.press("enter", *"Friendly", "enter")
            else:
                await pilot.press("y")
            await pilot.pause()
        assert runner.draft.answer_for("MS-B-01") == Answer(8.0)
        assert early
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("r", *["down"] * 3, "enter")  # reports → visits
        await pilot.pause()
        assert isinstance(app.screen, VisitsScreen)
        assert "1 awaiting review" in str(app.screen.query_one("#table-summary").render())
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("r", *["down"] * 4, "enter")  # reports → league
        await pilot.pause()
        await app.workers.wait_for_complete()  # the league is worked out in a thread
        await pilot.pause()
        league = app.screen
        assert isinstance(league, LeagueScreen)
        row = league.table.get_row_at(0)
        assert str(row[1]) == "Store A" and str(row[2]) == "1"
        # MB lost MS-B-01 (8 s > 3 s: 6 of 15 points) → 60 %; scales at 3/4 cost the rest.
        assert float(str(row[3])) < 100.0 and str(row[6]) == ""
    app.ctx.close()
    ctx = open_context(data_dir, readonly=True)
    [visit] = ctx.runs.finished(template_id="mystery-shopper")
    assert visit.review_status == "accepted" and visit.subject == "Store A"
    assert ctx.runs.score(visit).section("MB").percent == pytest.approx(60.0)
