"""What the screens say, at 80×24 in both languages: footers that never cut a key's label
(they drop whole keys and keep the help), the team key on the dashboard, the command
palette and the help in Chinese, list summaries without field names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import CommandInput, CommandPalette
from textual.screen import Screen

from storeops.i18n import set_language, t
from storeops.tui.app import StoreOpsApp
from storeops.tui.keys import key_lines
from storeops.tui.screens.dashboard import DashboardScreen
from storeops.tui.screens.goals import GoalsScreen
from storeops.tui.screens.help import HelpScreen
from storeops.tui.screens.history import HistoryScreen
from storeops.tui.screens.people import StaffScreen, TeamScreen
from storeops.tui.screens.runner import RunnerScreen
from storeops.tui.widgets.footer import FooterEntry, KeyFooter
from tests.tui_helpers import make_app

LANGS = ["en", "zh"]


def _label(entry: FooterEntry) -> str:
    return f"{entry.display} {entry.description}".rstrip()


def _check_footer(screen: Screen[object]) -> list[str]:
    """The footer's line fits 80 columns and shows each key whole or not at all, the help
    key and the keys that leave or finish among them; the labels shown, in order."""
    footer = screen.query_one(KeyFooter)
    text = footer.render().plain
    assert cell_len(text) <= 80, text
    help_entry = footer.help_entry
    assert help_entry is not None
    labels = [_label(e) for e in footer.entries]
    if help_entry not in footer.entries:
        labels.append(_label(help_entry))
    shown = [label for label in labels if label in text]
    rest = text
    for label in shown:
        rest = rest.replace(label, "", 1)
    assert rest.strip() == "", f"cut: {rest.strip()!r} in {text!r}"
    assert _label(help_entry) in shown, text
    for entry in footer.entries:
        if entry.kept:
            assert _label(entry) in shown, text
    return shown


@pytest.mark.parametrize("lang", LANGS)
async def test_every_footer_shows_keys_whole_at_80_columns(data_dir: Path, lang: str) -> None:
    """The dashboard with a draft highlighted (its most keys), the goals, history, team and
    staff lists, and the runner on a plain and on a timed item."""
    app = make_app(data_dir, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "ctrl+s")  # a 6S audit (the auditor is filled in)
        await pilot.pause()
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        _check_footer(runner)
        for _ in runner.template.items:  # on to a timed item: the most keys
            item = runner.current_item
            if item is not None and item.stopwatch:
                break
            await pilot.press("down")
        assert runner.current_item is not None and runner.current_item.stopwatch
        await pilot.pause()
        _check_footer(runner)
        await pilot.press("escape")  # leave: the draft stays, at the top of the dashboard
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        _check_footer(app.screen)
        for key, kind in (("g", GoalsScreen), ("h", HistoryScreen), ("c", TeamScreen)):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, kind)
            _check_footer(app.screen)
            if kind is TeamScreen:
                await pilot.press("e")
                await pilot.pause()
                assert isinstance(app.screen, StaffScreen)
                _check_footer(app.screen)
                await pilot.press("escape")
                await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()


class _ManyKeys(Screen[None]):
    """More keys than 80 columns hold, the leaving and finishing ones last."""

    BINDINGS = [
        Binding(key, f"nothing('{key}')", description)
        for key, description in (
            ("enter", "Type a value"),
            *((key, f"Something {key}") for key in "abcdefghi"),
            ("ctrl+s", "Finish"),
            ("escape", "Leave"),
        )
    ]

    def compose(self) -> ComposeResult:
        yield KeyFooter()

    def action_nothing(self, key: str) -> None:
        pass


class _HelpApp(App[None]):
    BINDINGS = [Binding("f1", "help", "Help", show=False)]

    def __init__(self) -> None:
        super().__init__()
        self.helped = 0

    def get_default_screen(self) -> Screen[None]:
        return _ManyKeys()

    def action_help(self) -> None:
        self.helped += 1


async def test_a_full_footer_drops_the_last_keys_whole_and_keeps_leave_finish_and_help() -> None:
    app = _HelpApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = _check_footer(app.screen)
        assert shown[0] == "⏎ Type a value" and "a Something a" in shown
        assert shown[-3:] == ["^s Finish", "esc Leave", "f1 Help"]
        assert "i Something i" not in shown  # the last listed went first
        await pilot.press("f1")  # the help key shown is the one that works
        assert app.helped == 1


@pytest.mark.parametrize("lang", LANGS)
async def test_c_on_the_dashboard_is_shown_and_opens_the_team(data_dir: Path, lang: str) -> None:
    app = make_app(data_dir, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert f"c {t('key.team')}" in _check_footer(app.screen)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, TeamScreen)
        await pilot.press("question_mark")  # ? opens the help on a list too
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


NAMES = {"storeops", "English", "Excel"}  # names, the same in any language


def _latin_words(text: str) -> list[str]:
    """Words in Latin letters, but names and abbreviations (CSV, SVG)."""
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in NAMES and not w.isupper()]


async def test_the_palette_speaks_chinese_textuals_commands_too(data_dir: Path) -> None:
    """Theme, Quit, Keys, Screenshot … and storeops' own commands: titles and help in
    Chinese, the search prompt too; the theme picker's prompt as well."""
    app = make_app(data_dir, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app, StoreOpsApp)
        commands = list(app.get_system_commands(app.screen))
        titles = [command.title for command in commands]
        assert {"配色主题", "退出", "按键面板", "截图"} <= set(titles)
        assert [(c.title, c.help) for c in commands if _latin_words(c.title + c.help)] == []
        assert len({c.help for c in commands}) == len(commands)  # each says what it does
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert CommandPalette.is_open(app)  # type: ignore[arg-type]
        assert app.screen.query_one(CommandInput).placeholder == "搜索命令…"
        await pilot.press("escape")
        await pilot.pause()
        [theme] = [c for c in commands if c.title == "配色主题"]
        theme.callback()
        await pilot.pause()
        assert app.screen.query_one(CommandInput).placeholder == "搜索配色主题…"


async def test_the_help_lists_its_keys_in_chinese_screen_keys_first(data_dir: Path) -> None:
    """Textual's own keys (up, page down, next area …) in Chinese too; the dashboard's own
    keys, the banner's p and x among them, before the moving keys."""
    app = make_app(data_dir, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = key_lines(app.screen)
        said = [line.strip().split("  ", 1)[1] for line in lines]
        assert [text for text in said if _latin_words(text)] == []
        assert said.index(t("key.problems")) < said.index("上移")
        assert said.index(t("key.hide_problems")) < said.index("上移")
        set_language("en")
        app.refresh_language()
        await pilot.pause()
        assert "Up" in [line.strip().split("  ", 1)[1] for line in key_lines(app.screen)]


async def test_the_history_summary_names_its_filters_in_chinese(data_dir: Path) -> None:
    app = make_app(data_dir, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("h", "f", *"six-s", "enter", "enter", "enter", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen) and screen.filters["template"] == "six-s"
        summary = str(screen.query_one("#table-summary").render())
        assert "检查表编号：six-s" in summary and "template" not in summary


async def test_the_palette_never_opens_a_screen_that_is_open_already(data_dir: Path) -> None:
    """History over the actions over the history crashed the app (two screens of one id):
    a screen open anywhere in the stack is not offered again."""
    app = make_app(data_dir, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app, StoreOpsApp)
        [history] = [c for c in app.get_system_commands(app.screen) if c.title == t("cmd.history")]
        history.callback()
        await pilot.pause()
        [actions] = [c for c in app.get_system_commands(app.screen) if c.title == t("cmd.actions")]
        actions.callback()
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert t("cmd.history") not in titles and t("cmd.actions") not in titles
        assert t("cmd.goals") in titles
        ids = [s.id for s in app.screen_stack if s.id]
        assert len(ids) == len(set(ids))
