"""The runner at 80×24, typed key by key: the action after a fail, "should not" items that
read the same everywhere, and text that wraps instead of being cut (issue 16)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Static

from storeops.clock import Clock
from storeops.context import open_context
from storeops.i18n import set_language, t
from storeops.scoring import Answer
from storeops.tui.access import StartRequest
from storeops.tui.app import StoreOpsApp
from storeops.tui.screens.result import ResultScreen
from storeops.tui.screens.review import ReviewScreen
from storeops.tui.screens.runner import FLAG, ItemList, RunnerScreen
from storeops.tui.widgets.footer import KeyFooter
from storeops.tui.widgets.form import FormScreen
from tests.tui_helpers import TODAY, make_app

SIZE = (80, 24)
README = Path(__file__).resolve().parent.parent / "README.md"
SEVEN_STEP = {"associate": "Li Lei", "observer": "Wang Fang"}
SCENARIO = "Couple shopping for a wedding, wants trousers altered today and asks about returns"
VISIT = {"shopper": "Mei", "target": "Nanjing Rd", "target_kind": "own", "visit_date": "2026-11-22"}


def _app(data_dir: Path, template_id: str, header: dict[str, str], lang: str) -> StoreOpsApp:
    """The app as ``storeops run TEMPLATE`` opens it: the runner at once, the header given."""
    make_app(data_dir, lang=lang).ctx.close()  # the store's profile, in this language
    ctx = open_context(data_dir, lang=lang, clock=Clock.pinned(TODAY, running=True))
    return StoreOpsApp(ctx, start=StartRequest(template_id, header=header))


async def _runner(pilot: Pilot[None]) -> RunnerScreen:
    await pilot.pause()
    await pilot.pause()
    runner = pilot.app.screen
    assert isinstance(runner, RunnerScreen)
    return runner


async def _move_to(pilot: Pilot[None], runner: RunnerScreen, item_id: str) -> None:
    """Down (or up) with j / k, as the manager does, until ``item_id`` is highlighted."""
    ids = [item.id for item in runner.template.items]
    for _ in range(len(ids)):
        current = runner.current_item
        assert current is not None
        if current.id == item_id:
            return
        await pilot.press("j" if ids.index(current.id) < ids.index(item_id) else "k")
    raise AssertionError(f"never reached {item_id}")


def _drawn(widget: Widget) -> str:
    """What ``widget`` (and the texts in it) draw, line by line for their height, without
    spaces and line ends: what is cut off by their size is not in it."""
    parts = [widget, *widget.query(Static)]
    lines = (part.render_line(y).text for part in parts for y in range(part.size.height))
    return re.sub(r"\s+", "", "".join(lines))


def _lines(widget: Widget) -> list[str]:
    """The lines ``widget`` (and the texts in it) draw."""
    parts = [widget, *widget.query(Static)]
    return [part.render_line(y).text for part in parts for y in range(part.size.height)]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _row(runner: RunnerScreen, item_id: str) -> str:
    items = runner.query_one(ItemList)
    return str(items.get_option(item_id).prompt)


def _footer(runner: RunnerScreen) -> str:
    return runner.query_one(KeyFooter).render().plain


def _assert_fits(runner: RunnerScreen) -> None:
    """The detail pane draws the item's text and guidance whole, and the answer line, and
    ends above the section scores line."""
    pane = runner.query_one("#run-detail")
    item = runner.current_item
    assert item is not None
    drawn = _drawn(pane)
    assert _flat(item.text.both()) in drawn, item.id
    assert _flat(str(item.guidance)) in drawn, item.id
    assert _flat(t("runner.current", answer="")) in drawn, item.id
    assert pane.region.bottom <= runner.query_one("#run-sections").region.y, item.id
    items = runner.query_one(ItemList)
    assert items.region.height >= 3, item.id  # the list keeps some rows


# --- a, right after a fail ------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_right_after_a_fail_raises_the_action_on_the_item_just_failed(
    data_dir: Path, lang: str
) -> None:
    app = _app(data_dir, "six-s", {"auditor": "Wang Fang"}, lang)
    async with app.run_test(size=SIZE) as pilot:
        runner = await _runner(pilot)
        set_language(lang)
        await pilot.press("y", "n")  # 6S-SRT-02 fails; the list moves on to 6S-SRT-03
        await pilot.pause()
        assert runner.current_item is not None and runner.current_item.id == "6S-SRT-03"
        pane = runner.query_one("#run-detail")
        assert _flat(t("runner.action_after_fail", item="6S-SRT-02")) in _drawn(pane)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen) and "6S-SRT-02" in form.form_title
        await pilot.press(*"Label the returns shelf", "ctrl+s")
        await pilot.pause()
        assert app.screen is runner
        # the item has its mark in the list, its text where every other item's text starts
        failed, following = _row(runner, "6S-SRT-02"), _row(runner, "6S-SRT-03")
        assert failed.startswith(f" ✗{FLAG} ") and following.startswith(" ·  ")
        assert cell_len(failed[: failed.index("Defective" if lang == "en" else "残次")]) == 4
        assert _flat(t("runner.action_after_fail", item="6S-SRT-02")) not in _drawn(pane)
    app.ctx.close()
    [action] = open_context(data_dir, readonly=True).actions.find(today=date(2026, 11, 23))
    assert (action.item_id, action.description) == ("6S-SRT-02", "Label the returns shelf")


async def test_a_after_any_other_key_acts_on_the_highlighted_item(data_dir: Path) -> None:
    """Only the key right after the fail: a move or another answer ends it (and its hint)."""
    app = _app(data_dir, "six-s", {"auditor": "Wang Fang"}, "en")
    async with app.run_test(size=SIZE) as pilot:
        runner = await _runner(pilot)
        pane = runner.query_one("#run-detail")
        hint = _flat(t("runner.action_after_fail", item="6S-SRT-01"))
        await pilot.press("n")
        assert hint in _drawn(pane)
        await pilot.press("j")  # a move down
        assert hint not in _drawn(pane)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen) and "6S-SRT-03" in form.form_title
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("k", "n", "y", "a")  # a fail, then an answer, then a
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen) and "6S-SRT-04" in form.form_title
    app.ctx.close()


async def test_a_critical_fail_still_asks_at_once_and_a_then_means_the_next_item(
    data_dir: Path,
) -> None:
    app = _app(data_dir, "six-s", {"auditor": "Wang Fang"}, "en")
    async with app.run_test(size=SIZE) as pilot:
        runner = await _runner(pilot)
        await _move_to(pilot, runner, "6S-SAF-01")
        await pilot.press("n")  # the fire exit is blocked: the action is asked at once
        await pilot.pause()
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen) and "6S-SAF-01" in form.form_title
        await pilot.press(*"Clear the fire exit", "ctrl+s")
        await pilot.pause()
        assert app.screen is runner and _row(runner, "6S-SAF-01").startswith(f" ✗{FLAG} ! ")
        await pilot.press("a")  # asked already: a is for the highlighted item again
        await pilot.pause()
        second = app.screen
        assert isinstance(second, FormScreen) and "6S-SAF-02" in second.form_title
    app.ctx.close()
    [action] = open_context(data_dir, readonly=True).actions.find(today=date(2026, 11, 23))
    assert (action.item_id, action.priority) == ("6S-SAF-01", "high")


async def test_a_failing_last_answer_leaves_room_for_its_action_before_the_review(
    data_dir: Path,
) -> None:
    app = _app(data_dir, "six-s", {"auditor": "Wang Fang"}, "en")
    async with app.run_test(size=SIZE) as pilot:
        runner = await _runner(pilot)
        required = [i for i in runner.template.items if i.required]
        last = required[-1]
        answers = {i.id: Answer(True if i.type == "pass_fail" else 0.0) for i in required[:-1]}
        app.ctx.runs.answer_many(runner.draft, answers)
        runner._refresh_status()
        await _move_to(pilot, runner, last.id)
        await pilot.press("n")
        await pilot.pause()
        await pilot.pause()
        assert app.screen is runner  # not the review: a may follow
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen) and last.id in form.form_title
        await pilot.press(*"Fix it", "ctrl+s", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
    app.ctx.close()


async def test_a_whole_six_s_audit_with_one_failure_and_its_action_costs_the_keys_in_readme(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From the dashboard: enter, ctrl+s (the auditor is filled in), one key per pass/fail
    item, n a … ctrl+s for the failed one, t t for the timed search, 0 enter for the count
    of findings, and enter to sign off in the review that opens by itself."""
    clock = iter([100.0, 112.4])
    monkeypatch.setattr("storeops.tui.screens.runner.stopwatch_now", lambda: next(clock, 112.4))
    description = "Label the returns shelf"
    app = make_app(data_dir)
    keys = 0
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "ctrl+s")
        keys += 2
        runner = await _runner(pilot)
        assert runner.draft.auditor == "Wang Fang"
        for item in [i for i in runner.template.items if i.required]:
            assert runner.current_item is not None and runner.current_item.id == item.id
            if item.id == "6S-SRT-02":
                await pilot.press("n", "a", *description, "ctrl+s")
                keys += 3  # the words of the action are not counted
            elif item.stopwatch:
                await pilot.press("t", "t")
                keys += 2
            elif item.type == "number":
                await pilot.press("0", "enter")
                keys += 2
            else:
                await pilot.press("y")
                keys += 1
            await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("enter")
        keys += 1
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
    app.ctx.close()
    ctx = open_context(data_dir, readonly=True)
    [run] = ctx.runs.finished(template_id="six-s")
    assert run.signed_off_by == "Wang Fang"
    assert run.answer_for("6S-SRT-02") == Answer(False)
    assert run.answer_for("6S-SIO-03") == Answer(12.4)
    assert ctx.runs.score(run).items["6S-SRT-02"].status == "fail"
    [action] = ctx.actions.find(today=date(2026, 11, 23))
    assert (action.run_id, action.item_id, action.description) == (run.id, "6S-SRT-02",
                                                                   description)  # fmt: skip
    assert (action.owner, action.due, action.priority) == ("Wang Fang", "2026-11-30", "medium")
    runner_section = README.read_text("utf-8").split("### Doing a checklist (the runner)")[1]
    runner_section = runner_section.split("\n### ")[0]
    assert f"{keys} keys" in runner_section


# --- "should not" items -----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_should_not_item_reads_the_same_in_the_footer_pane_and_list(
    data_dir: Path, lang: str
) -> None:
    """y means the bad behaviour was seen (it costs the points): the footer says Seen /
    Not seen, the pane says so, and the list marks the outcome with its word: ✓ not seen,
    ✗ seen; never a bare ✓ beside a bad behaviour."""
    app = _app(data_dir, "sales-seven-step", SEVEN_STEP, lang)
    async with app.run_test(size=SIZE) as pilot:
        runner = await _runner(pilot)
        set_language(lang)
        assert f"y {t('key.yes')}" in _footer(runner)  # a "should" item: pass / fail
        await _move_to(pilot, runner, "SS-P-10")
        await pilot.pause()
        footer = _footer(runner)
        assert f"y {t('key.observed')}" in footer and f"n {t('key.not_observed')}" in footer
        assert f"y {t('key.yes')}" not in footer
        pane = runner.query_one("#run-detail")
        assert _flat(t("runner.hint.negative")) in _drawn(pane)
        assert t("runner.list.should_not") in _row(runner, "SS-P-10")
        await pilot.press("f1")  # the help, built from the keys, says the same
        await pilot.pause()
        keys = str(app.screen.query_one("#help-keys", Static).render())
        assert t("key.observed") in keys and t("key.not_observed") in keys
        assert t("key.yes") not in keys
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is runner
        await pilot.press("n", "y")  # SS-P-10 not seen; SS-P-11 seen
        await pilot.pause()
        not_seen, seen = _row(runner, "SS-P-10"), _row(runner, "SS-P-11")
        assert not_seen.startswith(f" ✓  {t('runner.list.not_observed')}")
        assert seen.startswith(f" ✗  {t('runner.list.observed')}")
        await pilot.press("k", "k")
        await pilot.pause()
        assert runner.current_item is not None and runner.current_item.id == "SS-P-10"
        answer = t("runner.current", answer=f"✓ {t('runner.answer.not_observed')}")
        assert _flat(answer) in _drawn(pane)
    app.ctx.close()
    ctx = open_context(data_dir, readonly=True)
    [draft] = ctx.runs.drafts()
    assert draft.answer_for("SS-P-10") == Answer(False)  # not seen: earns its points
    assert draft.answer_for("SS-P-11") == Answer(True)  # seen: costs them
    statuses = ctx.runs.score(draft).items
    assert (statuses["SS-P-10"].status, statuses["SS-P-11"].status) == ("pass", "fail")


async def test_a_after_a_should_not_seen_raises_the_action_on_it(data_dir: Path) -> None:
    app = _app(data_dir, "sales-seven-step", SEVEN_STEP, "en")
    async with app.run_test(size=SIZE) as pilot:
        runner = await _runner(pilot)
        await _move_to(pilot, runner, "SS-P-11")
        await pilot.press("y", "a")  # seen: that is the failure
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen) and "SS-P-11" in form.form_title
    app.ctx.close()


# --- nothing cut at 80×24 -----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_greeting_rule_and_the_visit_header_are_shown_whole(
    data_dir: Path, lang: str
) -> None:
    """The mystery shopper's greeting guidance ends with the rule ("… critical failure
    and fails the visit"); the header shows the choice by its label, on as many lines as
    it needs."""
    app = _app(data_dir, "mystery-shopper", VISIT, lang)
    async with app.run_test(size=SIZE) as pilot:
        runner = await _runner(pilot)
        set_language(lang)
        await _move_to(pilot, runner, "MS-B-01")
        await pilot.pause()
        item = runner.template.item("MS-B-01")
        pane = runner.query_one("#run-detail")
        assert _flat(str(item.guidance)) in _drawn(pane)
        _assert_fits(runner)
        context = runner.query_one("#run-context", Static)
        own = runner.template.header[2].choice("own")
        assert own is not None
        assert _flat(f"{runner.template.header[2].text}: {own.text}") in _drawn(context)
        assert _flat(t("runner.hint.threshold", direction="<=", threshold="3",
                       unit=item.unit)) in _drawn(pane)  # fmt: skip
    app.ctx.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_observation_scenario_wraps(data_dir: Path, lang: str) -> None:
    app = _app(data_dir, "sales-seven-step", {**SEVEN_STEP, "scenario": SCENARIO}, lang)
    async with app.run_test(size=SIZE) as pilot:
        runner = await _runner(pilot)
        context = runner.query_one("#run-context", Static)
        assert _flat(SCENARIO) in _drawn(context)
        assert context.region.height >= 2
        _assert_fits(runner)
    app.ctx.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_running_stopwatch_is_in_sight(
    data_dir: Path, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("storeops.tui.screens.runner.stopwatch_now", lambda: 50.0)
    app = _app(data_dir, "six-s", {"auditor": "Wang Fang"}, lang)
    async with app.run_test(size=SIZE) as pilot:
        runner = await _runner(pilot)
        set_language(lang)
        await _move_to(pilot, runner, "6S-SIO-03")
        await pilot.press("t")
        await pilot.pause()
        pane = runner.query_one("#run-detail")
        assert _flat(t("runner.stopwatch.running", seconds="0")) in _drawn(pane)
        _assert_fits(runner)
        keys = [entry.key for entry in runner.query_one(KeyFooter).entries]
        assert {"t", "n", "a", "escape", "ctrl+s"} <= set(keys)
    app.ctx.close()


@pytest.mark.parametrize(
    ("lang", "template_id", "header", "item_id", "labels"),
    [
        ("en", "csas", {"team": "Floor", "assessor": "Wang Fang"}, "CSAS-01",
         "0 Never · 1 Rarely · 2 Occasionally · 3 Often · 4 Usually · 5 Always"),
        ("zh", "csas", {"team": "Floor", "assessor": "Wang Fang"}, "CSAS-01",
         "0 从不 · 1 很少 · 2 偶尔 · 3 经常 · 4 通常 · 5 一直"),
        ("en", "sales-seven-step", SEVEN_STEP, "SS-P-09",
         "0 not done · 1 poor · 2 partly met · 3 met · 4 exceeded"),
        ("zh", "sales-seven-step", SEVEN_STEP, "SS-P-09",
         "0 未做 · 1 差 · 2 部分达标 · 3 达标 · 4 超出"),
    ],
)  # fmt: skip
async def test_a_scale_item_shows_its_labels_before_it_is_answered(
    data_dir: Path, lang: str, template_id: str, header: dict[str, str], item_id: str,
    labels: str,
) -> None:  # fmt: skip
    app = _app(data_dir, template_id, header, lang)
    async with app.run_test(size=SIZE) as pilot:
        runner = await _runner(pilot)
        await _move_to(pilot, runner, item_id)
        await pilot.pause()
        assert runner.draft.answer_for(item_id) is None
        pane = runner.query_one("#run-detail")
        # on one line, each value beside its label
        assert any(labels in pane_line for pane_line in _lines(pane))
        _assert_fits(runner)
        await pilot.press("3")
        assert runner.draft.answer_for(item_id) == Answer(3)
    app.ctx.close()


@pytest.mark.parametrize(
    ("lang", "template_id", "header"),
    [("en", "mystery-shopper", VISIT), ("zh", "sales-seven-step", SEVEN_STEP)],
)
async def test_every_item_of_the_longest_checklists_fits(
    data_dir: Path, lang: str, template_id: str, header: dict[str, str]
) -> None:
    """Down through every item: the pane draws its whole text above the section scores,
    which name every section; the top line's score is not cut by a long title."""
    app = _app(data_dir, template_id, header, lang)
    async with app.run_test(size=SIZE) as pilot:
        runner = await _runner(pilot)
        sections = runner.query_one("#run-sections", Static)
        drawn = _drawn(sections)
        for section in runner.template.sections:
            if runner.result.section(section.id).raw_possible > 0:
                assert section.id in drawn or _flat(str(section.title)) in drawn
        for item in runner.template.items:
            await _move_to(pilot, runner, item.id)
            await pilot.pause()
            _assert_fits(runner)
    app.ctx.close()


async def test_a_long_title_leaves_the_score_whole(data_dir: Path) -> None:
    """CSAS has the longest title ("Customer Service Assessment Scale (CSAS)"; the Chinese
    titles are short): the progress bar gives way, the score is whole."""
    app = _app(data_dir, "csas", {"team": "Floor", "assessor": "Wang Fang"}, "en")
    async with app.run_test(size=SIZE) as pilot:
        runner = await _runner(pilot)
        await pilot.press("3")
        await pilot.pause()
        score = runner.query_one("#run-score", Static)
        assert _flat(t("runner.score", score="60.0", answered=1, total=20)) in _drawn(score)
        assert score.region.right <= SIZE[0]
    app.ctx.close()
