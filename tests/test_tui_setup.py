"""The store setup, by keys at 80×24 in both languages: the store attributes (NAME=VALUE
lines, checked as ``setup --attribute`` checks them, kept when not touched), each
checklist's schedule (enter switches it off, or back to the template's) and the days the
store is closed, written on save and seen at once by the dashboard's due list."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.containers import ScrollableContainer
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Button, Label, Static, TextArea

from storeops.context import open_context
from storeops.tui.app import StoreOpsApp
from storeops.tui.screens.dashboard import DashboardScreen
from storeops.tui.screens.setup import SetupScreen
from storeops.tui.widgets.due_list import DueList
from tests.tui_helpers import TODAY, make_app

SIZE = (80, 24)
LANGS = pytest.mark.parametrize("lang", ["en", "zh"])
# From the store code: name, manager, language, templates folder, attributes, schedules,
# closed days.
TO_ATTRIBUTES, TO_SCHEDULES, TO_CLOSED = 5, 6, 7
OFF_HERE = {"en": "6S audit: not scheduled (this store)", "zh": "6S 审核：未排期（本店）"}
TEMPLATE_AGAIN = {"en": "6S audit: every week, due Monday, within 2 days (template)",
                  "zh": "6S 审核：每周,周一到期,2 天内（模板）"}  # fmt: skip


async def _setup(pilot: Pilot[None], tabs: int = 0) -> SetupScreen:
    """s on the dashboard, then ``tabs`` fields on."""
    await pilot.pause()
    await pilot.press("s")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SetupScreen)
    await pilot.press(*["tab"] * tabs)
    await pilot.pause()
    return screen


def _in_sight(screen: SetupScreen) -> None:
    """The dialog is on the screen with its buttons; the focused field and its label are
    in sight in the scrolling body; no label is cut."""
    box = screen.children[0]
    assert Region(0, 0, *SIZE).contains_region(box.region)
    for button in screen.query(Button):
        assert box.content_region.contains_region(button.region)
    focused = screen.focused
    assert focused is not None
    body = focused.parent
    assert isinstance(body, ScrollableContainer)
    siblings = list(body.children)
    label = siblings[siblings.index(focused) - 1]
    assert isinstance(label, Label)
    for part in (label, focused):
        assert part.region.area and body.region.contains_region(part.region), part
    for shown in screen.query(Label):
        text = str(shown.render())
        assert shown.size.width * shown.size.height >= cell_len(text), text


def _errors(app: StoreOpsApp) -> str:
    return str(app.screen.query_one("#setup-errors", Static).render())


@LANGS
async def test_store_attributes_are_typed_as_lines_checked_and_saved(
    data_dir: Path, lang: str
) -> None:
    app = make_app(data_dir, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _setup(pilot, TO_ATTRIBUTES)
        assert isinstance(screen.focused, TextArea)
        _in_sight(screen)
        await pilot.press(*"fitting rooms", "ctrl+s")  # no "=": refused, nothing saved
        await pilot.pause()
        assert app.screen is screen
        assert "fitting rooms" in _errors(app) and "NAME=VALUE" in _errors(app)
        await pilot.press("ctrl+a", "ctrl+k", *"fitting_rooms=yes", "enter", *"floor = 2")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
    app.ctx.close()
    profile = open_context(data_dir, readonly=True).profile
    assert profile is not None
    assert profile.attributes == {"fitting_rooms": "yes", "floor": "2"}
    assert profile.language == lang


async def test_the_attributes_are_shown_and_kept_when_only_the_name_changes(
    data_dir: Path,
) -> None:
    """The setup used to save a new profile without them: every attribute was lost."""
    app = make_app(data_dir)
    profile = app.ctx.profile
    assert profile is not None
    app.ctx.save_profile(dataclasses.replace(profile, attributes={"fitting_rooms": "yes"}))
    async with app.run_test(size=SIZE) as pilot:
        screen = await _setup(pilot, 1)
        assert screen.query_one("#attributes", TextArea).text == "fitting_rooms=yes"
        await pilot.press("ctrl+a", "ctrl+k", *"West Lake", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
    app.ctx.close()
    saved = open_context(data_dir, readonly=True).profile
    assert saved is not None and saved.store_name == "West Lake"
    assert saved.attributes == {"fitting_rooms": "yes"}


@LANGS
async def test_a_schedule_is_switched_off_and_back_and_the_due_list_follows(
    data_dir: Path, lang: str
) -> None:
    app = make_app(data_dir, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        due = app.screen.query_one(DueList)
        assert "six-s" in {d.template_id for d in due.entries}
        screen = await _setup(pilot, TO_SCHEDULES)
        _in_sight(screen)
        schedules = screen.query_one("#schedules")
        assert schedules.has_focus
        await pilot.press("enter")  # the 6S audit, the first
        await pilot.pause()
        assert str(schedules.get_option_at_index(0).prompt) == OFF_HERE[lang]  # type: ignore[attr-defined]
        assert "six-s" not in app.ctx.schedules.read().changed  # written on save only
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert app.ctx.schedules.read().changed == {"six-s": None}
        due = app.screen.query_one(DueList)
        assert "six-s" not in {d.template_id for d in due.entries}
        screen = await _setup(pilot, TO_SCHEDULES)
        await pilot.press("enter")  # back to the template's
        await pilot.pause()
        prompt = screen.query_one("#schedules").get_option_at_index(0).prompt  # type: ignore[attr-defined]
        assert str(prompt) == TEMPLATE_AGAIN[lang]
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert app.ctx.schedules.read().changed == {}
        assert "six-s" in {d.template_id for d in app.screen.query_one(DueList).entries}
    app.ctx.close()


@LANGS
async def test_closed_days_are_a_list_of_dates(data_dir: Path, lang: str) -> None:
    """Today closed: the daily check-in is not due; a word that is not a date is refused
    (and named); escape leaves the days as they were."""
    app = make_app(data_dir, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _setup(pilot, TO_CLOSED)
        _in_sight(screen)
        await pilot.press(*"2026-12-25, 2026-13-01", "ctrl+s")
        await pilot.pause()
        assert app.screen is screen and "2026-13-01" in _errors(app)
        assert "2026-12-25" not in _errors(app)
        await pilot.press("ctrl+a", "ctrl+k", *f"{TODAY.isoformat()} 2026-12-25", "ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert app.ctx.schedules.read().closed == {TODAY, date(2026, 12, 25)}
        entries = {d.template_id for d in app.screen.query_one(DueList).entries}
        assert "daily-service-check" not in entries
        screen = await _setup(pilot, TO_CLOSED)
        assert screen.query_one("#closed").value == "2026-11-23 2026-12-25"  # type: ignore[attr-defined]
        await pilot.press("ctrl+a", "ctrl+k", *"2026-12-25", "ctrl+s")  # today open again
        await pilot.pause()
        assert app.ctx.schedules.read().closed == {date(2026, 12, 25)}
    app.ctx.close()


@LANGS
async def test_every_field_of_the_setup_is_in_sight_at_80x24(data_dir: Path, lang: str) -> None:
    app = make_app(data_dir, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _setup(pilot)
        _in_sight(screen)
        for _ in range(TO_CLOSED):
            await pilot.press("tab")
            await pilot.pause()
            _in_sight(screen)
        assert screen.focused is screen.query_one("#closed")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
    app.ctx.close()
