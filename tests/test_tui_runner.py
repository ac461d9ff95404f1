"""The checklist runner driven by keys only, as a store manager walks the store."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from rich.cells import cell_len

from storeops.context import open_context
from storeops.i18n import t
from storeops.scoring import Answer
from storeops.tui.screens.actions import ActionsScreen
from storeops.tui.screens.dashboard import DashboardScreen
from storeops.tui.screens.history import HistoryScreen
from storeops.tui.screens.result import ResultScreen
from storeops.tui.screens.review import ReviewScreen
from storeops.tui.screens.runner import RunnerScreen
from storeops.tui.widgets.choice import ChoiceList
from storeops.tui.widgets.footer import KeyFooter
from storeops.tui.widgets.form import FormScreen
from tests.tui_helpers import make_app


async def _start_six_s(pilot, auditor: str = "Wang Fang") -> None:  # type: ignore[no-untyped-def]
    """From the dashboard: enter on the 6S audit, type the auditor, skip the optional fields."""
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, FormScreen)
    await pilot.press(*auditor, "enter", "enter", "enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, RunnerScreen)


async def test_complete_six_s_audit_with_keys_only(data_dir: Path) -> None:
    app = make_app(data_dir)
    keys_per_item: dict[str, int] = {}
    async with app.run_test() as pilot:
        await pilot.pause()
        await _start_six_s(pilot)
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        reviewed_early = False
        while True:
            if isinstance(app.screen, ReviewScreen):
                # The last required answer opens the review at once; escape goes back
                # to the optional notes, where the cursor already is.
                assert runner.result.complete and not reviewed_early
                reviewed_early = True
                await pilot.press("escape")
                await pilot.pause()
                assert app.screen is runner
            item = runner.current_item
            if item is None or runner.draft.answer_for(item.id) is not None:
                break
            if item.id == "6S-SAF-01":  # fail a critical item: the action dialog opens at once
                await pilot.press("n")
                await pilot.pause()
                assert isinstance(app.screen, FormScreen)
                await pilot.press(*"Clear the fire exit", "enter", "enter", "enter", "enter")
                await pilot.pause()
                keys_per_item[item.id] = 1
            elif item.id == "6S-SRT-06":
                await pilot.press("x")
                keys_per_item[item.id] = 1
            elif item.type == "pass_fail":
                await pilot.press("y")
                keys_per_item[item.id] = 1
            elif item.type == "number":
                value = "0" if item.id == "6S-STD-04" else "45"
                await pilot.press("enter", *value, "enter")
                keys_per_item[item.id] = 2 + len(value)
            elif item.type == "text":
                await pilot.press("enter", *"Windows spotless", "enter")
                keys_per_item[item.id] = 0
                break
            await pilot.pause()
        assert reviewed_early and runner.current_item is not None
        assert runner.current_item.id == "6S-Z-02"  # after the note, on to the next one
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("enter")  # sign-off defaults to the auditor
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        assert "6S-SAF-01" in str(app.screen.query_one("#result-failed").render())
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert "6S audit: 96.0 Fail" in str(app.screen.query_one("#dash-scores").render())
    app.ctx.close()

    pass_fail = [
        k for i, k in keys_per_item.items() if not i.startswith(("6S-SIO-03", "6S-STD-04"))
    ]
    assert set(pass_fail) <= {0, 1}
    ctx = open_context(data_dir, readonly=True)
    [run] = ctx.runs.finished(template_id="six-s")
    assert run.signed_off_by == "Wang Fang" and run.auditor == "Wang Fang"
    assert run.answer_for("6S-SRT-06") == Answer(na=True)
    assert run.answer_for("6S-SIO-03") == Answer(45.0)
    result = ctx.runs.score(run)
    assert result.critical_failures == ("6S-SAF-01",)
    assert result.band is not None and result.band.key == "fail"
    # Safety: 4 of 20 possible lost → 80 %; Sort without its N/A item is still 100 %.
    assert result.section("SAF").percent == pytest.approx(80.0)
    assert result.section("SRT").percent == pytest.approx(100.0)
    assert ctx.runs.drafts() == []
    [action] = ctx.actions.find(today=date(2026, 11, 23))
    assert (action.item_id, action.priority, action.due) == ("6S-SAF-01", "high", "2026-11-30")
    assert action.description == "Clear the fire exit" and action.owner == "Wang Fang"


async def test_nothing_is_prefilled_and_one_key_answers_and_moves_on(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        await pilot.pause()
        await _start_six_s(pilot)
        runner = app.screen
        assert runner.draft.answers == {}
        assert runner.current_item.id == "6S-SRT-01"
        await pilot.press("y", "n")
        assert runner.current_item.id == "6S-SRT-03"
        assert runner.draft.answer_for("6S-SRT-02") == Answer(False)
    app.ctx.close()


async def test_na_refused_where_not_allowed(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        await pilot.pause()
        await _start_six_s(pilot)
        runner = app.screen
        items = runner.query_one("#items")
        items.highlighted = items.get_option_index("6S-SAF-01")
        await pilot.press("down", "up")  # the manager moves onto the exit item
        assert runner.current_item.id == "6S-SAF-01"
        await pilot.press("x")
        assert runner.draft.answer_for("6S-SAF-01") is None
    app.ctx.close()


async def test_escape_keeps_the_draft_and_dashboard_resumes_it(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        await pilot.pause()
        await _start_six_s(pilot)
        await pilot.press("y", "y", "n", "escape")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("enter")  # the draft is listed first
        await pilot.pause()
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        assert len(runner.draft.answers) == 3
        assert runner.current_item.id == "6S-SRT-04"
    app.ctx.close()


async def test_stopwatch_fills_the_seconds(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter([100.0, 100.0, 112.4, 112.4, 112.4])
    monkeypatch.setattr("storeops.tui.screens.runner.stopwatch_now", lambda: next(clock, 112.4))
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        await pilot.pause()
        await _start_six_s(pilot)
        runner = app.screen
        await pilot.press(*"y" * 6, "y", "y")  # to 6S-SIO-03, the timed search
        assert runner.current_item.id == "6S-SIO-03"
        await pilot.press("t")
        await pilot.press("t")
        assert runner.draft.answer_for("6S-SIO-03") == Answer(12.4)
        assert runner.current_item.id == "6S-SIO-04"
    app.ctx.close()


async def test_finish_is_refused_while_items_are_open(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        await pilot.pause()
        await _start_six_s(pilot)
        await pilot.press("y", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert "34 required items still open" in str(app.screen.query_one("#review-open").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, RunnerScreen)
    app.ctx.close()
    assert open_context(data_dir, readonly=True).runs.finished() == []


def _finished_run(data_dir: Path) -> str:
    """A finished 6S audit made through the domain, for history tests."""
    ctx = open_context(data_dir)
    template = ctx.catalogue.get("six-s")
    run = ctx.runs.start(template, store_code="SH-021", header={"auditor": "Li"})
    for item in template.items:
        if item.type == "pass_fail":
            ctx.runs.answer(run, item.id, Answer(True))
        elif item.type == "number":
            ctx.runs.answer(run, item.id, Answer(0.0))
    ctx.runs.finish(run, "Li")
    ctx.close()
    return run.id


async def test_history_opens_a_run_and_amends_it_keeping_the_original(data_dir: Path) -> None:
    run_id = _finished_run(data_dir)
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press(*"6S-SHN-01", "enter", "n", "enter", *"Smears seen later", "enter")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
    app.ctx.close()
    ctx = open_context(data_dir, readonly=True)
    run = ctx.runs.get(run_id)
    assert run.answers["6S-SHN-01"]["value"] is True  # the original is kept
    assert run.answer_for("6S-SHN-01") == Answer(False)
    [amendment] = run.amendments
    assert amendment["why"] == "Smears seen later" and amendment["by"] == "Wang Fang"
    assert ctx.runs.score(run).section("SHN").percent == pytest.approx(80.0)


async def test_actions_move_on_to_verified(data_dir: Path) -> None:
    ctx = open_context(data_dir)
    ctx.actions.raise_action(
        run_id="r1", template_id="six-s", item_id="6S-SAF-02", store_code="SH-021",
        description="Replace extinguisher", owner="Zhao", due=date(2026, 11, 20), priority="high",
    )  # fmt: skip
    ctx.close()
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert "1 overdue" in str(app.screen.query_one("#dash-actions").render())
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ActionsScreen)
        await pilot.press("v")  # not done yet: refused
        await pilot.press("space", "space")  # in progress, then done: what was done?
        await pilot.pause()
        await pilot.press(*"Replaced", "enter", "v")  # verified by: the manager
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
    app.ctx.close()
    [action] = open_context(data_dir, readonly=True).actions.all()
    assert [h["status"] for h in action.history] == ["open", "in_progress", "done", "verified"]


async def test_run_from_the_shell_skips_questions_already_answered(data_dir: Path) -> None:
    """`storeops run six-s --auditor Li` opens the runner at once with the auditor set."""
    from storeops.clock import Clock
    from storeops.tui.access import StartRequest
    from storeops.tui.app import StoreOpsApp

    make_app(data_dir).ctx.close()  # profile saved
    app = StoreOpsApp(
        open_context(data_dir, clock=Clock.pinned("2026-11-23", running=True)),
        start=StartRequest("six-s", by_role={"auditor": "Li", "subject": ""}),
    )  # fmt: skip
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, RunnerScreen)
        assert app.screen.draft.auditor == "Li"
    app.ctx.close()


async def test_help_in_the_runner_explains_keys_and_the_current_s(data_dir: Path) -> None:
    from textual.widgets import Static

    from storeops.tui.screens.help import HelpScreen

    app = make_app(data_dir)
    async with app.run_test() as pilot:
        await pilot.pause()
        await _start_six_s(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one(".help-extra", Static).render())
        assert "next open item" in text and "区分要的与不要的物品" in text
        keys = str(app.screen.query_one("#help-keys", Static).render())
        # Built from the bindings: every key of the runner is listed, in this language,
        # with what it does on the item highlighted (a pass/fail item: y is Pass).
        elsewhere = ("observed", "never", "type_number", "digit", "choose")  # other kinds
        for binding in RunnerScreen.BINDINGS:
            if binding.action.split("(")[0] not in elsewhere:
                assert t(binding.description) in keys, binding.key
        assert "ctrl+s" in keys.lower() or "^s" in keys
    app.ctx.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_dashboard_help_lists_every_dashboard_key(data_dir: Path, lang: str) -> None:
    from textual.widgets import Static

    from storeops.i18n import set_language
    from storeops.tui.screens.help import HelpScreen

    app = make_app(data_dir, lang=lang)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = str(app.screen.query_one("#help-keys", Static).render())
        set_language(lang)
        for binding in DashboardScreen.BINDINGS:
            assert t(binding.description) in keys, binding.key
    app.ctx.close()


async def test_a_digit_on_a_number_item_starts_typing_it(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        await pilot.pause()
        await _start_six_s(pilot)
        runner = app.screen
        items = runner.query_one("#items")
        items.highlighted = items.get_option_index("6S-STD-04")
        await pilot.press("down", "up")
        await pilot.press("0")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press("enter")  # two keys: the digit and enter
        await pilot.pause()
        assert runner.draft.answer_for("6S-STD-04") == Answer(0.0)
    app.ctx.close()


def _footer_keys(screen) -> list[str]:  # type: ignore[no-untyped-def]
    return [entry.key for entry in screen.query_one(KeyFooter).entries]


def _footer_text(screen) -> str:  # type: ignore[no-untyped-def]
    return screen.query_one(KeyFooter).render().plain


async def test_footer_follows_the_item_and_the_language(data_dir: Path) -> None:
    """The footer is rebuilt only when its keys change, but always when they do: the
    stopwatch appears on the timed item and goes on the next; descriptions follow ``l``."""
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        await pilot.pause()
        home = _footer_keys(app.screen)
        assert "h" in home and "q" in home
        assert "h History" in _footer_text(app.screen)
        # "l 中文" is four cells wide, not three: the keys must still fit in 80 columns
        assert cell_len(_footer_text(app.screen)) <= 80
        await pilot.press("l")
        await pilot.pause()
        await pilot.pause()
        assert "h 历史" in _footer_text(app.screen)
        await pilot.press("l")
        await pilot.pause()
        await _start_six_s(pilot)
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        while runner.current_item is not None and runner.current_item.id != "6S-SIO-03":
            await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
        assert "t" in _footer_keys(runner)
        # on a number item n says it never happened; y (type the value, as enter) is not shown
        assert "y" not in _footer_keys(runner)
        assert "n Never" in _footer_text(runner)
        await pilot.press("t", "t")
        await pilot.pause()
        await pilot.pause()
        assert runner.current_item is not None and runner.current_item.id == "6S-SIO-04"
        assert "t" not in _footer_keys(runner)
        assert "y" in _footer_keys(runner)
        assert "y Pass" in _footer_text(runner)


async def test_clicking_a_footer_key_presses_it(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        await pilot.pause()
        text = _footer_text(app.screen)
        await pilot.click(KeyFooter, offset=(text.index("h History") + 3, 0))
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)


async def test_a_critical_failure_as_last_answer_asks_for_the_action_not_the_review(
    data_dir: Path,
) -> None:
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        await pilot.pause()
        await _start_six_s(pilot)
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        while not isinstance(app.screen, ReviewScreen) and runner.result.open_required != (
            "6S-SAF-01",
        ):
            item = runner.current_item
            assert item is not None
            if item.id == "6S-SAF-01":
                await pilot.press("down")  # left for last
            elif item.stopwatch:
                await pilot.press("t", "t")
            elif item.type == "number":
                await pilot.press("0", "enter")
            else:
                await pilot.press("y")
            await pilot.pause()
        assert app.screen is runner
        for _ in range(12):
            if runner.current_item is not None and runner.current_item.id == "6S-SAF-01":
                break
            await pilot.press("up")
        await pilot.press("n")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)  # the corrective action comes first
        await pilot.press(*"Clear the fire exit", "enter", "enter", "enter", "enter")
        await pilot.pause()
        await pilot.pause()
        assert app.screen is runner and runner.result.complete
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)


async def test_the_auditor_is_filled_in_with_the_last_one_or_the_manager(data_dir: Path) -> None:
    app = make_app(data_dir)  # manager: Wang Fang
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("enter", "ctrl+s")  # open the 6S audit, accept the header
        await pilot.pause()
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        assert runner.draft.auditor == "Wang Fang"
        await pilot.press("escape")
        await pilot.pause()
    app.ctx.close()

    ctx = open_context(data_dir)
    six_s = ctx.catalogue.get("six-s")
    run = ctx.runs.start(six_s, store_code="SH-021", header={"auditor": "Zhou Min"})
    for item in six_s.items:
        if item.required:
            value = 0.0 if item.type == "number" else True
            ctx.runs.answer(run, item.id, Answer(value))
    ctx.runs.finish(run, "Zhou Min")
    ctx.close()

    app = make_app(data_dir)
    async with app.run_test() as pilot:
        await pilot.pause()
        # the dashboard lists the draft left above first, then the checklists
        for _ in range(4):
            if "6S" in str(app.screen.query_one("#template-detail").render()):
                break
            await pilot.press("down")
        await pilot.press("enter", "ctrl+s")
        await pilot.pause()
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        assert runner.draft.auditor == "Zhou Min"
    app.ctx.close()


async def test_a_choice_is_typed_in_either_language(data_dir: Path) -> None:
    """In Chinese the action's priority is chosen from 高 / 中 / 低 (中 for an item that
    is not critical); typing 高 picks high."""
    app = make_app(data_dir, lang="zh")
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("enter", "ctrl+s")
        await pilot.pause()
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        await pilot.press("a")  # a corrective action on the first item
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        priority = form.query_one("#field-priority", ChoiceList)
        assert [str(option.prompt) for option in priority.options] == ["高", "中", "低"]
        assert priority.value == "medium"  # not critical
        await pilot.press(*"Tidy the stockroom", "enter", "enter", "enter")
        assert priority.has_focus
        await pilot.press("高")
        assert priority.value == "high"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is runner
    app.ctx.close()
    [action] = open_context(data_dir, readonly=True).actions.all()
    assert action.priority == "high"
