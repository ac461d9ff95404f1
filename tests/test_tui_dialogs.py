"""Dialogs fit the terminal and choices are chosen, not typed.

Every dialog (store setup, the forms, the finish review, help, the data problems, the
reports menu, a question) is opened by keys at 80×24 and 100×32 in both languages: the
box is on the screen, its foot (errors, key hints, buttons) is in sight inside it, and
each field, walked through with enter, is in sight with its whole label. A field with
choices is a list in the current language, moved with the arrows or the first letters.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.containers import ScrollableContainer
from textual.geometry import Region
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, OptionList, Static

from storeops.context import open_context
from storeops.scoring import Answer
from storeops.tui.screens.ask import AskScreen
from storeops.tui.screens.dashboard import DashboardScreen
from storeops.tui.screens.help import HelpScreen
from storeops.tui.screens.problems import ProblemsScreen
from storeops.tui.screens.reports import ReportsScreen
from storeops.tui.screens.result import ResultScreen
from storeops.tui.screens.review import ReviewScreen
from storeops.tui.screens.runner import RunnerScreen
from storeops.tui.screens.setup import SetupScreen
from storeops.tui.widgets.choice import ChoiceList
from storeops.tui.widgets.form import FormScreen
from tests.tui_helpers import make_app

SIZES = [(80, 24), (100, 32)]
LANGS = ["en", "zh"]


def _seed(data_dir: Path) -> None:
    """A finished 6S audit (one failed point), a draft with every answer given (its
    review asks for the sign-off) and a staff record that cannot be read (the banner)."""
    ctx = open_context(data_dir)
    template = ctx.catalogue.get("six-s")
    answers = {
        i.id: Answer(i.id != "6S-SHN-01") if i.type == "pass_fail" else Answer(0.0)
        for i in template.items
        if i.type != "text"
    }
    run = ctx.runs.start(template, store_code="SH-021", header={"auditor": "Li"})
    ctx.runs.answer_many(run, answers)
    ctx.runs.finish(run, "Li")
    draft = ctx.runs.start(template, store_code="SH-021", header={"auditor": "Zhou"})
    ctx.runs.answer_many(draft, answers)
    ctx.staff.remember("Li")
    ctx.close()
    staff = data_dir / "staff.json"
    data = json.loads(staff.read_text("utf-8"))
    key = next(iter(data["_default"]))
    data["_default"][key]["name"] = 42
    staff.write_text(json.dumps(data), "utf-8")


def _inside(outer: Region, widget: Widget) -> bool:
    return widget.region.area > 0 and outer.contains_region(widget.region)


def _whole(label: Widget) -> bool:
    """Every cell of the label's text is drawn (it wraps rather than being cut)."""
    text = str(label.render())
    return label.size.width * label.size.height >= cell_len(text.replace("\n", ""))


def _check_fits(screen: Screen, size: tuple[int, int]) -> None:
    """The box is on the screen; its key hints and buttons are inside it; no label is cut."""
    box = screen.children[0]
    assert Region(0, 0, *size).contains_region(box.region), (screen, box.region)
    inside = box.content_region
    for part in [*screen.query(".hint"), *screen.query(Button)]:
        assert _inside(inside, part), (screen, str(part.render()), part.region, inside)
    for label in screen.query(Label):
        assert _whole(label), (screen, str(label.render()))


def _field_in_sight(screen: Screen) -> None:
    """The focused field and the label above it are in sight in the dialog's scrolling body."""
    entry = screen.focused
    assert entry is not None
    while not isinstance(entry.parent, ScrollableContainer):
        assert isinstance(entry.parent, Widget)
        entry = entry.parent
    body = entry.parent
    siblings = list(body.children)
    label = siblings[siblings.index(entry) - 1]
    assert isinstance(label, Label)
    assert _inside(body.region, label) and _inside(body.region, entry), str(label.render())


async def _walk(pilot, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """Check the dialog, then every field of a form in turn (enter moves on)."""
    await pilot.pause()
    screen = pilot.app.screen
    _check_fits(screen, size)
    if isinstance(screen, FormScreen):
        for n in range(len(screen.fields)):
            if n:
                await pilot.press("enter")
                await pilot.pause()
                assert pilot.app.screen is screen
            _field_in_sight(screen)
    elif isinstance(screen, SetupScreen):
        _field_in_sight(screen)


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGS)
async def test_every_dialog_fits_with_its_keys_in_sight(
    data_dir: Path, lang: str, size: tuple[int, int]
) -> None:
    _seed(data_dir)
    app = make_app(data_dir, lang=lang)
    async with app.run_test(size=size) as pilot:
        await _settle(pilot)
        dashboard = app.screen
        assert isinstance(dashboard, DashboardScreen)
        for keys, kind in [
            (["s"], SetupScreen),  # store setup
            (["question_mark"], HelpScreen),
            (["r"], ReportsScreen),
            (["r", *["down"] * 5, "enter"], FormScreen),  # export
            (["d"], AskScreen),  # discard the draft?
            (["p"], ProblemsScreen),  # the staff record that could not be read
        ]:
            await pilot.press(*keys)
            await pilot.pause()
            assert isinstance(app.screen, kind), keys
            await _walk(pilot, size)
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is dashboard
        await pilot.press("enter")  # the draft, every answer given
        await pilot.pause()
        assert isinstance(app.screen, RunnerScreen)
        for keys, kind in [(["ctrl+s"], ReviewScreen), (["a"], FormScreen), (["c"], FormScreen)]:
            await pilot.press(*keys)  # the sign-off, a corrective action, a note
            await pilot.pause()
            assert isinstance(app.screen, kind), keys
            await _walk(pilot, size)
            if kind is ReviewScreen:  # the sign-off: in sight, whatever the scores above it
                signoff = app.screen.query_one("#signoff")
                assert signoff.has_focus
                assert _inside(app.screen.children[0].content_region, signoff)
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is dashboard
        for steps in (1, 3):  # the 6S audit's header, the mystery-shopper visit's
            await pilot.press("home", *["down"] * steps, "enter")
            await pilot.pause()
            assert isinstance(app.screen, FormScreen)
            await _walk(pilot, size)
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("h")
        await _settle(pilot)
        await pilot.press("f")  # the history's filter
        await _walk(pilot, size)
        await pilot.press("escape", "enter")
        await _settle(pilot)
        assert isinstance(app.screen, ResultScreen)
        await pilot.press("m")  # amend
        await _walk(pilot, size)
        await pilot.press("escape", "escape", "escape")
        await pilot.pause()
        await pilot.press("g", "n")  # a new month plan
        await _walk(pilot, size)
    app.ctx.close()


@pytest.mark.parametrize("lang", LANGS)
async def test_first_launch_setup_fits_with_the_store_code_label_in_sight(
    data_dir: Path, lang: str
) -> None:
    """At 80×24 the store code's label and the buttons were below the screen; at 100×32
    it must stay as it was."""
    for size in SIZES:
        app = make_app(data_dir, profile=False, lang=lang)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, SetupScreen)
            await _walk(pilot, size)
            assert screen.focused is screen.query_one("#store_code")
            label = str(screen.query(Label).first().render())
            assert label == "Store code · 门店编号"
            _field_in_sight(screen)
            for button in ("#save", "#cancel"):
                assert _inside(screen.children[0].content_region, screen.query_one(button))
            await pilot.press("escape")  # nothing saved: the next size starts afresh
        app.ctx.close()


# --- choices ---------------------------------------------------------------------------


def _shown(choices: ChoiceList) -> list[str]:
    return [str(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)]


async def _six_s_runner(pilot) -> RunnerScreen:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press("enter", "ctrl+s")  # the 6S audit, the auditor filled in
    await pilot.pause()
    runner = pilot.app.screen
    assert isinstance(runner, RunnerScreen)
    return runner


@pytest.mark.parametrize(("lang", "letter"), [("en", "h"), ("zh", "高")])
async def test_the_priority_is_chosen_from_a_list(data_dir: Path, lang: str, letter: str) -> None:
    app = make_app(data_dir, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        runner = await _six_s_runner(pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        priority = form.query_one("#field-priority", ChoiceList)
        assert _shown(priority) == (
            ["High", "Medium", "Low"] if lang == "en" else ["高", "中", "低"]
        )
        assert priority.value == "medium"  # not a critical item
        await pilot.press(*"Tidy the stockroom", "enter", "enter", "enter")
        assert priority.has_focus
        await pilot.press("down")
        assert priority.value == "low"
        await pilot.press(letter)
        assert priority.value == "high"
        await pilot.press("enter")  # the last field: saved
        await pilot.pause()
        assert app.screen is runner
    app.ctx.close()
    [action] = open_context(data_dir, readonly=True).actions.all()
    assert (action.priority, action.description) == ("high", "Tidy the stockroom")


@pytest.mark.parametrize(("lang", "letter"), [("en", "c"), ("zh", "竞")])
async def test_own_store_or_competitor_is_chosen_and_must_be(
    data_dir: Path, lang: str, letter: str
) -> None:
    """The visit's kind has no default: saving without choosing names the field; the
    first letter of "Competitor" (竞争对手) chooses it."""
    app = make_app(data_dir, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # the mystery-shopper visit
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        kind = form.query_one("#field-target_kind", ChoiceList)
        assert _shown(kind) == (
            ["Own store", "Competitor"] if lang == "en" else ["本品牌门店", "竞争对手"]
        )
        await pilot.press(*"Mei", "enter", *"Store B", "enter")
        assert kind.has_focus and kind.value == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        errors = str(form.query_one("#form-errors", Static).render())
        assert (
            "Own store or competitor is required" if lang == "en" else "本品牌门店或竞争对手"
        ) in errors
        await pilot.press(letter, "ctrl+s")
        await pilot.pause()
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        assert runner.draft.header["target_kind"] == "competitor"
    app.ctx.close()


async def test_letters_jump_to_a_choice_and_again_to_the_next(data_dir: Path) -> None:
    """In the export form: a (answer), a again (action), r (run); the format by x and j;
    a word typed quickly (comp…) is searched as a whole."""
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r", *["down"] * 5, "enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        seen = []
        for key in ("a", "a", "r", "down", "up"):
            await pilot.press(key)
            seen.append(form.values()["level"])
        assert seen == ["answer", "action", "run", "answer", "run"]
        await pilot.press("enter", "x")
        assert form.values()["format"] == "xlsx"
        await pilot.press("j")
        assert form.values()["format"] == "json"
        await pilot.press("enter", *"mystery")
        assert form.values()["template"] == "mystery-shopper"
    app.ctx.close()


@pytest.mark.parametrize("lang", LANGS)
async def test_the_item_to_amend_is_chosen_from_the_checklist(data_dir: Path, lang: str) -> None:
    """The list shows each item with its answer now; the failed one is offered first;
    the arrows move to another one."""
    _seed(data_dir)
    app = make_app(data_dir, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        await pilot.press("h")
        await _settle(pilot)
        await pilot.press("enter")
        await _settle(pilot)
        result = app.screen
        assert isinstance(result, ResultScreen)
        await pilot.press("m")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        items = form.query_one("#field-item", ChoiceList)
        assert items.value == "6S-SHN-01"
        offered = _shown(items)[items.highlighted or 0]
        assert (
            offered.startswith("6S-SHN-01 · ") and ("fail" if lang == "en" else "不合格") in offered
        )
        await pilot.press("down")
        assert items.value == "6S-SHN-02"
        await pilot.press("up", "enter", "y", "enter", *"Glass re-checked", "enter", "enter")
        await pilot.pause()
        assert app.screen is result
    app.ctx.close()
    [run] = open_context(data_dir, readonly=True).runs.finished(template_id="six-s")
    assert run.answer_for("6S-SHN-01") == Answer(True)
    assert [sorted(a["answers"]) for a in run.amendments] == [["6S-SHN-01"]]


async def test_an_optional_choice_can_be_left_empty(data_dir: Path) -> None:
    """The export's checklist is optional: its first choice is all checklists ("")."""
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r", *["down"] * 5, "enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        checklists = form.query_one("#field-template", OptionList)
        assert str(checklists.get_option_at_index(0).prompt) == "All checklists"
        assert form.values()["template"] == ""
        inputs = [i.id for i in form.query(Input)]
        assert "field-template" not in inputs and "field-level" not in inputs
    app.ctx.close()


@pytest.mark.parametrize("lang", LANGS)
async def test_the_history_filter_chooses_its_checklist_from_a_list(
    data_dir: Path, lang: str
) -> None:
    """The filter's checklist was a text field to type an id into; it is a list of the
    checklists by their titles in the current language, 'all' first."""
    app = make_app(data_dir, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await _settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        checklists = form.query_one("#field-template", OptionList)
        title = app.ctx.catalogue.get("six-s").title
        prompts = [str(checklists.get_option_at_index(i).prompt)
                   for i in range(checklists.option_count)]  # fmt: skip
        assert str(title) in prompts
        await pilot.press("down", "enter")  # the first checklist in the list
        await pilot.pause()
        assert form.values()["template"] == app.ctx.catalogue.sorted()[0].template.id
    app.ctx.close()
