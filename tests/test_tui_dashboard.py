"""The first screen, driven by keys as a store manager would."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from storeops.context import open_context
from storeops.tui.screens.dashboard import DashboardScreen
from storeops.tui.screens.help import HelpScreen
from storeops.tui.screens.setup import SetupScreen
from tests.tui_helpers import make_app


def _text(app, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(selector, Static).render())


async def test_first_launch_asks_for_the_store_then_shows_dashboard(data_dir: Path) -> None:
    app = make_app(data_dir, profile=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        await pilot.press(*"SH-9", "tab", *"Pudong", "tab", *"Li Lei")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert "SH-9" in _text(app, "#dash-store")
    app.ctx.close()
    profile = open_context(data_dir, readonly=True).profile
    assert profile is not None and profile.store_name == "Pudong"


async def test_first_launch_refuses_missing_fields(data_dir: Path) -> None:
    app = make_app(data_dir, profile=False)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press(*"SH-9", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        assert "required" in _text(app, "#setup-errors")
    app.ctx.close()
    assert open_context(data_dir, readonly=True).profile is None


async def test_dashboard_shows_store_date_and_templates(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert "SH-021" in _text(app, "#dash-store")
        assert "2026-11-23" in _text(app, "#dash-today")
        assert "Monday" in _text(app, "#dash-today")
        options = app.screen.query_one("#templates")
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]  # type: ignore[attr-defined]
        assert prompts[0] == "Start a new checklist"
        assert "6S audit" in prompts and "Seven-step sales observation" in prompts
        assert "6S audit" in _text(app, "#template-detail")
        assert "Nothing finished yet." in _text(app, "#dash-scores")
        assert "0 open, 0 overdue" in _text(app, "#dash-actions")
    app.ctx.close()


async def test_language_key_switches_everything_to_chinese_and_saves_it(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        await pilot.pause()
        assert "今天是" in _text(app, "#dash-today")
        assert "6S 审核" in _text(app, "#template-detail")
        descriptions = {b.description for _, b in app.screen._bindings}
        assert "设置" in descriptions and "历史" in descriptions
    app.ctx.close()
    profile = open_context(data_dir, readonly=True).profile
    assert profile is not None and profile.language == "zh"


async def test_store_setup_key_changes_the_profile(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SetupScreen)
        await pilot.press("tab", "ctrl+a", "ctrl+k", *"West Lake", "ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert "West Lake" in _text(app, "#dash-store")
    app.ctx.close()


async def test_help_opens_and_closes(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)
    app.ctx.close()


async def test_every_visible_binding_has_a_description(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        await pilot.pause()
        for _key, (_node, binding, _enabled, _tip) in app.screen.active_bindings.items():
            if binding.show:
                assert binding.description and "." not in binding.description, binding
    app.ctx.close()


async def test_the_due_list_is_redrawn_in_chinese_with_the_language(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert _text(app, "#due-title") == "What is due today: 1 overdue, 3 due"
        await pilot.press("l")
        await pilot.pause()
        await pilot.pause()
        assert _text(app, "#due-title") == "今日待办：1 项逾期，3 项待完成"
        due = app.screen.query_one("#due")
        prompts = [str(due.get_option_at_index(i).prompt) for i in range(due.option_count)]  # type: ignore[attr-defined]
        assert prompts[0].startswith("! 已逾期") and "顾客服务评估表" in prompts[0]
    app.ctx.close()
