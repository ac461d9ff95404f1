"""Drafts discarded from the dashboard (after asking) and the app's export for head office:
a file name that says what it holds, and a file already there replaced only when asked.
Everything by keys at 80×24, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Static

from storeops.context import open_context
from storeops.goals import CHECK_TEMPLATE
from storeops.i18n import set_language
from storeops.scoring import Answer
from storeops.tui.screens.ask import AskScreen
from storeops.tui.screens.dashboard import DashboardScreen
from storeops.tui.widgets.form import FormScreen
from tests.tui_helpers import make_app

LANGS = ["en", "zh"]
SIZE = (80, 24)


def _finished_audit(data_dir: Path) -> None:
    ctx = open_context(data_dir)
    template = ctx.catalogue.get("six-s")
    run = ctx.runs.start(template, store_code="SH-021", header={"auditor": "Li"})
    ctx.runs.answer_many(run, {
        i.id: Answer(i.id != "6S-SHN-01") if i.type == "pass_fail" else Answer(0.0)
        for i in template.items if i.type != "text"
    })  # fmt: skip
    ctx.runs.finish(run, "Li")
    ctx.close()


def _prompts(screen: DashboardScreen) -> dict[str, str]:
    options = screen.query_one("#templates", OptionList)
    return {
        option.id or "": str(option.prompt)
        for option in (options.get_option_at_index(i) for i in range(options.option_count))
    }


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


# --- drafts --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
async def test_a_draft_is_discarded_only_when_the_manager_says_so(
    data_dir: Path, lang: str
) -> None:
    """d on a draft asks first (on a checklist to start it does nothing): n and escape
    keep it, y (en) or enter (zh) discards it; the corrective action raised on it is
    kept and the question says so."""
    app = make_app(data_dir, lang=lang)
    ctx = app.ctx
    template = ctx.catalogue.get("six-s")
    draft = ctx.runs.start(template, store_code="SH-021", header={"auditor": "Li"})
    ctx.runs.answer(draft, "6S-SRT-01", Answer(False))
    ctx.actions.raise_action(run_id=draft.id, template_id="six-s", item_id="6S-SRT-01",
                             store_code="SH-021", description="Clear the shelf", owner="Li",
                             due=app.today(), priority="high", by="Li")  # fmt: skip
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        dashboard = app.screen
        assert isinstance(dashboard, DashboardScreen)
        assert f"draft:{draft.id}" in _prompts(dashboard)
        await pilot.press("down", "d")  # on a checklist to start: d does nothing
        await pilot.pause()
        assert app.screen is dashboard
        await pilot.press("up")  # back on the draft
        for keep in ("n", "escape"):
            await pilot.press("d")
            await pilot.pause()
            ask = app.screen
            assert isinstance(ask, AskScreen)
            question = str(ask.query_one("#ask-question", Static).render())
            assert "1/" in question and ("Li" in question)
            assert ("(1) are kept" if lang == "en" else "仍保留（共 1 项）") in question
            await pilot.press(keep)
            await pilot.pause()
            assert app.screen is dashboard
        assert [run.id for run in ctx.runs.drafts()] == [draft.id]
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y" if lang == "en" else "enter")
        await pilot.pause()
        await pilot.pause()
        assert app.screen is dashboard
        assert f"draft:{draft.id}" not in _prompts(dashboard)
    ctx.close()
    after = open_context(data_dir, readonly=True)
    assert after.runs.drafts() == []
    assert [action.run_id for action in after.actions.all()] == [draft.id]


@pytest.mark.parametrize("lang", LANGS)
async def test_a_late_check_in_draft_shows_the_day_it_is_for(data_dir: Path, lang: str) -> None:
    """Started today (23rd) for the 20th: the draft says the 20th, and that it is late."""
    app = make_app(data_dir, lang=lang)
    ctx = app.ctx
    template = ctx.catalogue.get(CHECK_TEMPLATE)
    late = ctx.runs.start(template, store_code="SH-021",
                          header={"day": "2026-11-20", "manager": "Wang Fang"})  # fmt: skip
    today = ctx.runs.start(template, store_code="SH-021",
                           header={"day": "2026-11-23", "manager": "Wang Fang"})  # fmt: skip
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        prompts = _prompts(app.screen)  # type: ignore[arg-type]
    ctx.close()
    late_label, today_label = prompts[f"draft:{late.id}"], prompts[f"draft:{today.id}"]
    assert "2026-11-20" in late_label and "2026-11-23" not in late_label
    assert ("for 2026-11-20 (late)" if lang == "en" else "补填 2026-11-20") in late_label
    assert "2026-11-23" in today_label and ("late" not in today_label and "补填" not in today_label)
    assert "10:" not in late_label + today_label  # not when it was started


# --- export --------------------------------------------------------------------------


async def _open_export(pilot) -> FormScreen:  # type: ignore[no-untyped-def]
    await pilot.press("r", *["down"] * 5, "enter")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    return form


def _name(form: FormScreen) -> str:
    return form.query_one("#field-name", Input).value


@pytest.mark.parametrize("lang", LANGS)
async def test_the_suggested_file_name_follows_level_checklist_and_period(
    data_dir: Path, tmp_path: Path, lang: str
) -> None:
    _finished_audit(data_dir)
    folder = tmp_path / "out"
    folder.mkdir()
    app = make_app(data_dir, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = await _open_export(pilot)
        assert _name(form) == "storeops-SH-021-runs-to-2026-11-23.csv"
        await pilot.press("down", "enter")  # level: one row per answer
        await pilot.pause()
        assert _name(form) == "storeops-SH-021-answers-to-2026-11-23.csv"
        await pilot.press("enter", "6", "enter")  # CSV; the 6S audit (its first letter)
        await pilot.pause()
        assert _name(form) == "storeops-SH-021-answers-six-s-to-2026-11-23.csv"
        await pilot.press(*"2026-11-01", "enter", *"2026-11-30", "enter")
        await pilot.pause()
        assert _name(form) == "storeops-SH-021-answers-six-s-2026-11.csv"
        await pilot.press("ctrl+a", "ctrl+k", *str(folder), "enter", "enter")
        await _settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
    app.ctx.close()
    [made] = folder.iterdir()
    assert made.name == "storeops-SH-021-answers-six-s-2026-11.csv"
    assert made.read_bytes().decode("utf-8-sig").startswith("export_version,store_code")


async def test_a_name_typed_in_is_kept_when_the_level_changes(
    data_dir: Path, tmp_path: Path
) -> None:
    _finished_audit(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = await _open_export(pilot)
        await pilot.press(*["enter"] * 5, "ctrl+a", "ctrl+k", *str(tmp_path), "enter")
        await pilot.press("ctrl+a", "ctrl+k", *"for-head-office")
        await pilot.press(*["shift+tab"] * 6, "down", "down")  # back to the level: actions
        await pilot.pause()
        assert form.values()["level"] == "action"
        assert _name(form) == "for-head-office"
        await pilot.press("ctrl+s")
        await _settle(pilot)
    app.ctx.close()
    made = (tmp_path / "for-head-office.csv").read_bytes().decode("utf-8-sig")
    assert made.startswith("export_version,store_code,action_id")


@pytest.mark.parametrize("lang", LANGS)
async def test_a_file_already_there_is_replaced_only_when_asked(
    data_dir: Path, tmp_path: Path, lang: str
) -> None:
    """The name is taken: the app asks. escape goes back to the form (what was entered is
    kept), r replaces the file, enter saves under the free name it offers."""
    _finished_audit(data_dir)
    folder = tmp_path / "out"
    folder.mkdir()
    taken = folder / "storeops-SH-021-runs-to-2026-11-23.csv"
    taken.write_bytes(b"made by hand")
    app = make_app(data_dir, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _open_export(pilot)
        await pilot.press(*["enter"] * 5, "ctrl+a", "ctrl+k", *str(folder), "enter", "enter")
        await pilot.pause()
        ask = app.screen
        assert isinstance(ask, AskScreen)
        question = str(ask.query_one("#ask-question", Static).render())
        assert taken.name in question and "storeops-SH-021-runs-to-2026-11-23-2.csv" in question
        await pilot.press("escape")  # back: change the name?
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.values()["folder"] == str(folder) and _name(form) == taken.name
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AskScreen)
        await pilot.press("r")  # replace it
        await _settle(pilot)
        assert taken.read_bytes().decode("utf-8-sig").startswith("export_version")
        assert [p.name for p in folder.iterdir()] == [taken.name]
        form = await _open_export(pilot)
        await pilot.press(*["enter"] * 5, "ctrl+a", "ctrl+k", *str(folder), "enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AskScreen)
        replaced = taken.read_bytes()
        await pilot.press("enter")  # the free name
        await _settle(pilot)
    app.ctx.close()
    set_language("en")
    assert sorted(p.name for p in folder.iterdir()) == [
        "storeops-SH-021-runs-to-2026-11-23-2.csv",
        taken.name,
    ]
    assert taken.read_bytes() == replaced


@pytest.mark.parametrize("lang", LANGS)
async def test_an_export_into_the_data_folder_is_refused_on_the_form(
    data_dir: Path, lang: str
) -> None:
    _finished_audit(data_dir)
    before = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    app = make_app(data_dir, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = await _open_export(pilot)
        await pilot.press(*["enter"] * 5, "ctrl+a", "ctrl+k", *str(data_dir), "enter")
        await pilot.press("ctrl+a", "ctrl+k", *"runs.json", "enter")
        await _settle(pilot)
        assert app.screen is form  # still on the form, saying why
        errors = str(form.query_one("#form-errors", Static).render())
        assert str(data_dir) in errors
        assert ("data folder" if lang == "en" else "数据文件夹") in errors
    app.ctx.close()
    after = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    assert {k: v for k, v in after.items() if k in before} == before
    assert not any(name.startswith("storeops-") for name in after)
