"""Data entry in the runner, typed key by key: what is typed is what is stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual._time import get_time

from storeops.scoring import Answer
from storeops.tui.screens.review import ReviewScreen
from storeops.tui.screens.runner import ItemList, RunnerScreen
from storeops.tui.widgets.form import FormScreen
from tests.tui_helpers import make_app


async def _open_runner(pilot, template_id: str = "six-s"):  # type: ignore[no-untyped-def]
    app = pilot.app
    app.start_run(template_id, {"auditor": "Wang Fang"})
    await pilot.pause()
    assert isinstance(app.screen, RunnerScreen)
    return app.screen


async def _go_to(pilot, runner: RunnerScreen, item_id: str) -> None:  # type: ignore[no-untyped-def]
    items = runner.query_one(ItemList)
    items.highlighted = items.get_option_index(item_id)
    await pilot.pause()
    assert runner.current_item is not None and runner.current_item.id == item_id


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    ("item_id", "keys", "stored"),
    [
        ("6S-STD-04", ["4", "0", "enter"], 40.0),  # a count, first digit opens the input
        ("6S-STD-04", ["1", "2", "3", "enter"], 123.0),
        ("6S-SIO-03", ["2", ".", "5", "enter"], 2.5),  # the stopwatch item's seconds
        ("6S-SIO-03", ["enter", "4", "0", "enter"], 40.0),  # enter, then the number
        ("6S-SIO-03", ["y", "9", "0", "enter"], 90.0),  # y on a number item: type it
    ],
)
async def test_a_number_typed_digit_by_digit_is_stored_whole(
    data_dir: Path, lang: str, item_id: str, keys: list[str], stored: float
) -> None:
    app = make_app(data_dir, lang=lang)
    async with app.run_test() as pilot:
        runner = await _open_runner(pilot)
        await _go_to(pilot, runner, item_id)
        await pilot.press(*keys)
        await pilot.pause()
        assert isinstance(app.screen, RunnerScreen)
        assert runner.draft.answer_for(item_id) == Answer(stored)
        saved = app.ctx.runs.get(runner.draft.id)  # what is on disk, not only on screen
        assert saved.answer_for(item_id) == Answer(stored)
    app.ctx.close()


async def test_editing_a_stored_number_replaces_it(data_dir: Path) -> None:
    """enter on an answered number item selects the old value: typing replaces it."""
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        runner = await _open_runner(pilot)
        await _go_to(pilot, runner, "6S-STD-04")
        await pilot.press("4", "0", "enter")
        await pilot.pause()
        await _go_to(pilot, runner, "6S-STD-04")
        await pilot.press("enter", "7", "enter")
        await pilot.pause()
        assert runner.draft.answer_for("6S-STD-04") == Answer(7.0)
    app.ctx.close()


async def test_a_scale_typed_after_enter_is_stored(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        app.start_run("csas", {"assessor": "Wang Fang", "team": "A"})
        await pilot.pause()
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        await _go_to(pilot, runner, "CSAS-01")
        await pilot.press("enter", "3", "enter")
        await pilot.pause()
        assert runner.draft.answer_for("CSAS-01") == Answer(3)
    app.ctx.close()


def _typed_ahead(key: str, at: float) -> events.Key:
    """A key pressed at ``at``: still in the terminal's queue when a dialog opened."""
    event = events.Key(key, key if len(key) == 1 else None)
    event.time = at
    return event


async def _all_but_last_answered(pilot):  # type: ignore[no-untyped-def]
    """A 6S draft with every required item answered except the last one."""
    app = pilot.app
    runner = await _open_runner(pilot)
    template = runner.template
    required = [i for i in template.items if i.required]
    last = required[-1]
    answers = {
        i.id: (Answer(True) if i.type == "pass_fail" else Answer(1.0))
        for i in required[:-1]
        if i.type in ("pass_fail", "number")
    }
    app.ctx.runs.answer_many(runner.draft, answers)
    runner._refresh_status()
    await _go_to(pilot, runner, last.id)
    assert last.type == "pass_fail"
    return runner, last


async def test_a_key_typed_ahead_does_not_become_the_sign_off_name(data_dir: Path) -> None:
    """y y on the last required item: the second y was pressed before the review opened
    by itself, so it must not replace the name in "Signed off by"."""
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        runner, _last = await _all_but_last_answered(pilot)
        pressed = get_time()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        app.post_message(_typed_ahead("y", pressed))
        app.post_message(_typed_ahead("enter", pressed))
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)  # the typed-ahead enter signed nothing
        name = app.screen.query_one("#signoff").value  # type: ignore[attr-defined]
        assert name == "Wang Fang"
        assert not runner.draft.finished
        await pilot.press("enter")  # a key pressed now signs off
        await pilot.pause()
        assert app.ctx.runs.get(runner.draft.id).signed_off_by == "Wang Fang"
    app.ctx.close()


async def test_keys_typed_after_a_review_opened_by_ctrl_s_are_taken(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        runner, last = await _all_but_last_answered(pilot)
        app.ctx.runs.answer(runner.draft, last.id, Answer(True))
        runner._refresh_status()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("ctrl+a", "ctrl+k", *"Li Lei", "enter")
        await pilot.pause()
        assert app.ctx.runs.get(runner.draft.id).signed_off_by == "Li Lei"
    app.ctx.close()


async def test_a_key_typed_ahead_does_not_fill_the_critical_action_form(data_dir: Path) -> None:
    """n on a critical item opens the action form by itself; a key pressed before it
    showed is not its description."""
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        runner = await _open_runner(pilot)
        await _go_to(pilot, runner, "6S-SAF-01")
        pressed = get_time()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        app.post_message(_typed_ahead("y", pressed))
        await pilot.pause()
        form = app.screen
        assert form.values()["description"] == ""
        await pilot.press(*"Clear the exit")
        await pilot.pause()
        assert form.values()["description"] == "Clear the exit"
    app.ctx.close()
