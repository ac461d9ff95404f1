"""Following a corrective action through in the app, by keys only, at 80×24: its detail,
editing it, a completion note, reopening with a reason, and a verification that names who
verified it and when."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.containers import VerticalScroll
from textual.message import Message
from textual.notifications import Notify
from textual.widgets import Input, OptionList, Static

from storeops.actions import CorrectiveAction
from storeops.context import open_context
from storeops.i18n import set_language, t
from storeops.storage import FileOps
from storeops.tui.screens.actions import ActionDetailScreen, ActionsScreen, EditActionScreen
from storeops.tui.widgets.form import FormScreen
from tests.tui_helpers import make_app

SIZE = (80, 24)
DESCRIPTION = "Replace the fire extinguisher by the fitting rooms"


def _raise(data_dir: Path, *, due: date = date(2026, 11, 20), **changes: Any) -> str:
    """A profile (manager Wang Fang), a 6S draft and one action on its item 6S-SAF-02;
    ``changes``: steps to take first (``done``, ``verified``)."""
    make_app(data_dir).ctx.close()
    ctx = open_context(data_dir)
    six_s = ctx.catalogue.get("six-s")
    run = ctx.runs.start(six_s, store_code="SH-021", header={"auditor": "Li"})
    action = ctx.actions.raise_action(
        run_id=run.id, template_id="six-s", item_id="6S-SAF-02", store_code="SH-021",
        description=DESCRIPTION, owner="Zhao", due=due, priority="high", by="Wang Fang",
    )  # fmt: skip
    if changes.get("done"):
        ctx.actions.set_status(action.id, "done", by="Zhao", note="replaced")
    if changes.get("verified"):
        ctx.actions.verify(action.id, by="Li Lei")
    ctx.close()
    return action.id


def _stored(data_dir: Path) -> CorrectiveAction:
    [action] = open_context(data_dir, readonly=True).actions.all()
    return action


def _text(widget: Static) -> str:
    return str(widget.render())


class Said:
    """The notifications the app showed (a message hook for ``run_test``)."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def __call__(self, message: Message) -> None:
        if isinstance(message, Notify):
            self.messages.append(message.notification.message)


async def _open_list(pilot: Any) -> None:
    await pilot.pause()
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ActionsScreen)


def _inside_the_screen(app: Any, widget: Any) -> None:
    """Nothing cropped: the widget lies within the 80×24 screen."""
    region = widget.region
    assert region.x >= 0 and region.y >= 0, region
    assert region.right <= SIZE[0] and region.bottom <= SIZE[1], region


# --- the detail -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "item", "overdue", "history"),
    [
        ("en", "Extinguishers and hose cabinets present and in date", "(overdue)", "Raised (Open)"),
        ("zh", "灭火器、消防箱在位且在有效期内", "（已逾期）", "建立（未开始）"),
    ],
)
async def test_enter_opens_the_detail_with_the_item_text_and_history(
    data_dir: Path, lang: str, item: str, overdue: str, history: str
) -> None:
    _raise(data_dir)
    app = make_app(data_dir)
    set_language(lang)
    async with app.run_test(size=SIZE) as pilot:
        await _open_list(pilot)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ActionDetailScreen)
        values = [_text(v) for v in screen.query(".action-value").results(Static)]
        assert values[0] == f"6S-SAF-02 {item}"  # the text from the run's template
        assert values[1] == DESCRIPTION and values[2] == "Zhao"
        assert values[3] == f"⚠ 2026-11-20{' ' if lang == 'en' else ''}{overdue}"
        assert values[4] == t("action.priority.high") and values[5] == t("action.status.open")
        lines = _text(screen.query_one("#action-history", Static)).splitlines()
        assert lines[0] == t("action.detail.history")
        assert lines[1].endswith(f"Wang Fang · {history}")
        _inside_the_screen(app, screen.query_one("#action-detail"))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ActionsScreen)
    app.ctx.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_long_history_scrolls_within_the_detail(data_dir: Path, lang: str) -> None:
    action_id = _raise(data_dir)
    ctx = open_context(data_dir)
    for n in range(10):
        ctx.actions.set_status(action_id, "done", by="Zhao", note=f"replaced, round {n}")
        ctx.actions.reopen(action_id, reason=f"the tag is missing again ({n})", by="Wang Fang")
    ctx.close()
    app = make_app(data_dir)
    set_language(lang)
    async with app.run_test(size=SIZE) as pilot:
        await _open_list(pilot)
        await pilot.press("enter")
        await pilot.pause()
        box = app.screen.query_one("#action-detail", VerticalScroll)
        _inside_the_screen(app, box)
        assert box.max_scroll_y > 0 and box.scroll_y == 0
        await pilot.press("end")
        await pilot.pause()
        assert box.scroll_y == box.max_scroll_y
        history = _text(app.screen.query_one("#action-history", Static))
        assert "(9)" in history and history.count("\n") == 21  # the title and 21 entries
    app.ctx.close()


# --- editing ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "labels"), [("en", ["High", "Medium", "Low"]), ("zh", ["高", "中", "低"])]
)
async def test_edit_owner_due_and_priority_by_keys(
    data_dir: Path, lang: str, labels: list[str]
) -> None:
    _raise(data_dir)
    app = make_app(data_dir)
    set_language(lang)
    async with app.run_test(size=SIZE) as pilot:
        await _open_list(pilot)
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, EditActionScreen)
        _inside_the_screen(app, dialog.query_one("#action-edit"))
        priorities = dialog.query_one(OptionList)
        shown = [str(priorities.get_option_at_index(n).prompt) for n in range(3)]
        assert shown == labels  # chosen from a list in this language, never typed
        assert priorities.highlighted == 0  # the current one: high
        await pilot.press(*"Li Lei", "enter")  # the owner's name is selected: typing replaces it
        await pilot.press(*"+10", "enter")  # the due date as when raising it
        assert priorities.has_focus
        await pilot.press("down", "down", "enter")  # low, and enter saves
        await pilot.pause()
        assert isinstance(app.screen, ActionsScreen)
    app.ctx.close()
    action = _stored(data_dir)
    assert (action.owner, action.due, action.priority) == ("Li Lei", "2026-12-03", "low")
    edit = action.history[-1]
    assert edit["kind"] == "edited" and edit["by"] == "Wang Fang"
    assert edit["at"].startswith("2026-11-23") and edit["status"] == "open"
    assert edit["changes"] == {
        "owner": {"from": "Zhao", "to": "Li Lei"},
        "due": {"from": "2026-11-20", "to": "2026-12-03"},
        "priority": {"from": "high", "to": "low"},
    }


async def test_a_bad_due_date_is_said_in_the_dialog_and_nothing_is_saved(data_dir: Path) -> None:
    _raise(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _open_list(pilot)
        await pilot.press("e", "tab", *"next week", "ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, EditActionScreen)  # still open, the error shown
        errors = _text(dialog.query_one("#action-edit-errors", Static))
        assert "'next week' is not a date" in errors
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ActionsScreen)
    app.ctx.close()
    action = _stored(data_dir)
    assert action.due == "2026-11-20" and len(action.history) == 1


async def test_an_edit_from_the_detail_shows_there_at_once(data_dir: Path) -> None:
    _raise(data_dir)
    app = make_app(data_dir)
    said = Said()
    async with app.run_test(size=SIZE, message_hook=said) as pilot:
        await _open_list(pilot)
        await pilot.press("enter", "e")
        await pilot.pause()
        await pilot.press("tab", *"2026-12-01", "ctrl+s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ActionDetailScreen)
        values = [_text(v) for v in screen.query(".action-value").results(Static)]
        assert values[3] == "2026-12-01"  # no longer overdue
        history = _text(screen.query_one("#action-history", Static))
        assert "Changed Due 2026-11-20 → 2026-12-01" in history
        await pilot.press("e", "ctrl+s")  # saved as it is: nothing to keep
        await pilot.pause()
        assert said.messages[-1] == t("action.err.no_change")
    app.ctx.close()
    assert len(_stored(data_dir).history) == 2


# --- done, verify, reopen -------------------------------------------------------------


async def test_done_asks_what_was_done(data_dir: Path) -> None:
    _raise(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _open_list(pilot)
        await pilot.press("space")  # open → in progress, at once
        await pilot.pause()
        assert isinstance(app.screen, ActionsScreen)
        await pilot.press("space")  # → done: what was done?
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"New extinguisher, tag dated", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ActionsScreen)
    app.ctx.close()
    action = _stored(data_dir)
    assert action.status == "done"
    assert [h["status"] for h in action.history] == ["open", "in_progress", "done"]
    assert action.history[-1]["note"] == "New extinguisher, tag dated"
    assert action.history[-1]["by"] == "Wang Fang"


@pytest.mark.parametrize(
    ("lang", "line"),
    [("en", "Verified by Li Lei on 2026-11-23"), ("zh", "已由 Li Lei 于 2026-11-23 验证")],
)
async def test_verify_asks_who_defaulting_to_the_manager(
    data_dir: Path, lang: str, line: str
) -> None:
    _raise(data_dir, done=True)
    app = make_app(data_dir)
    set_language(lang)
    async with app.run_test(size=SIZE) as pilot:
        await _open_list(pilot)
        await pilot.press("v")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one(Input).value == "Wang Fang"  # the store's manager
        await pilot.press(*"Li Lei", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ActionsScreen)
        summary = _text(screen.query_one("#table-summary", Static))
        assert summary.splitlines()[1] == f"6S-SAF-02 · {line}"  # the list says who and when
        await pilot.press("enter")
        await pilot.pause()
        values = [_text(v) for v in app.screen.query(".action-value").results(Static)]
        assert values[5] == line  # and so does the detail
    app.ctx.close()
    verified = _stored(data_dir).verification
    assert verified is not None and verified.by == "Li Lei"
    assert verified.at.startswith("2026-11-23")


async def test_verify_without_a_name_is_refused(data_dir: Path) -> None:
    _raise(data_dir, done=True)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _open_list(pilot)
        await pilot.press("v", "ctrl+u", "enter")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)  # a name is required
        assert "required" in _text(app.screen.query_one("#form-errors", Static))
    app.ctx.close()
    assert _stored(data_dir).status == "done"


async def test_verify_of_an_open_action_asks_nothing_and_says_why(data_dir: Path) -> None:
    _raise(data_dir)
    app = make_app(data_dir)
    said = Said()
    async with app.run_test(size=SIZE, message_hook=said) as pilot:
        await _open_list(pilot)
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, ActionsScreen)
        assert said.messages[-1] == t("action.err.verify_before_done")
    app.ctx.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_reopen_asks_why_and_opens_it_again(data_dir: Path, lang: str) -> None:
    _raise(data_dir, done=True, verified=True)
    app = make_app(data_dir)
    set_language(lang)
    async with app.run_test(size=SIZE) as pilot:
        await _open_list(pilot)
        await pilot.press("enter", "r")  # from the detail
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press("enter")  # no reason: refused
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"Tag missing again", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ActionDetailScreen)
        values = [_text(v) for v in screen.query(".action-value").results(Static)]
        assert values[5] == t("action.status.open")
        history = _text(screen.query_one("#action-history", Static)).splitlines()
        reopened = t("action.hist.reopened", reason="Tag missing again")
        assert history[-1].endswith(f"Wang Fang · {reopened}")
        verified = t("action.hist.moved", status=t("action.status.verified"))
        assert history[-2].endswith(f"Li Lei · {verified}")
    app.ctx.close()
    action = _stored(data_dir)
    assert action.status == "open" and action.verification is None
    assert action.history[-1]["note"] == "Tag missing again"


async def test_an_open_action_is_not_reopened(data_dir: Path) -> None:
    _raise(data_dir)
    app = make_app(data_dir)
    said = Said()
    async with app.run_test(size=SIZE, message_hook=said) as pilot:
        await _open_list(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ActionsScreen)
        assert said.messages[-1] == t("action.err.reopen_open")
    app.ctx.close()


# --- a write that fails ---------------------------------------------------------------


class DiskFull(FileOps):
    """Every write of a file fails, as on a full disk."""

    def open(self, path: Any, flags: int, mode: int = 0o777) -> int:  # type: ignore[override]
        if flags & os.O_WRONLY:
            raise OSError(28, "No space left on device")
        return os.open(path, flags, mode)


@pytest.mark.parametrize(
    ("keys", "done"),
    [(("v", "enter"), True), (("r", *"why", "enter"), True), (("e", *"Li", "ctrl+s"), False)],
)
async def test_a_change_that_cannot_be_written_says_so_and_changes_nothing(
    data_dir: Path, keys: tuple[str, ...], done: bool
) -> None:
    _raise(data_dir, done=done)
    path = data_dir / "actions.json"
    before = path.read_bytes()
    app = make_app(data_dir)
    said = Said()
    async with app.run_test(size=SIZE, message_hook=said) as pilot:
        await _open_list(pilot)
        app.ctx.store.fs = DiskFull()
        await pilot.press(*keys)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ActionsScreen)
        assert said.messages[-1] == t("store.write_failed.nospace", path=path)
        status = _text(screen.query_one("#table-summary", Static)).splitlines()[1]
        assert status == "6S-SAF-02 · " + t(f"action.status.{'done' if done else 'open'}")
    app.ctx.close()
    assert path.read_bytes() == before
    assert json.loads(before)  # still the file it was


def test_every_key_of_the_action_screens_says_what_it_does() -> None:
    for screen in (ActionsScreen, ActionDetailScreen, EditActionScreen):
        for binding in screen.BINDINGS:
            assert not binding.show or t(binding.description), (screen, binding.key)
    keys = {binding.key for binding in ActionsScreen.BINDINGS}  # type: ignore[union-attr]
    assert {"enter", "e", "r", "v", "space"} <= keys


async def test_evidence_is_attached_from_a_file_picker_by_keys(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """u opens a file picker (a folder tree and a path line); the file chosen is copied into
    the data folder and named in the action's history."""
    pictures = tmp_path / "home" / "Pictures"
    pictures.mkdir(parents=True)
    (pictures / "fixed.jpg").write_bytes(b"a photo of the fix")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    action_id = _raise(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("enter")  # the detail
        await pilot.pause()
        assert isinstance(app.screen, ActionDetailScreen)
        await pilot.press("u")
        await pilot.pause()
        from storeops.tui.screens.evidence import EvidencePicker

        assert isinstance(app.screen, EvidencePicker)
        await pilot.press("tab", *str(pictures / "fixed.jpg"), "enter")
        await pilot.pause()
        assert not isinstance(app.screen, EvidencePicker)
    app.ctx.close()
    stored = open_context(data_dir, readonly=True).actions.get(action_id)
    [file] = stored.history[-1]["evidence"]
    assert file["name"] == "fixed.jpg"
    assert (data_dir / file["path"]).read_bytes() == b"a photo of the fix"
