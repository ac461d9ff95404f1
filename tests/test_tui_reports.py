"""Reports and the export screen, by keys."""

from __future__ import annotations

from pathlib import Path

from storeops.context import open_context
from storeops.scoring import Answer
from storeops.tui.screens.analysis import ParetoScreen, TrendScreen
from tests.tui_helpers import make_app


def _audit(data_dir: Path, fail: str) -> None:
    ctx = open_context(data_dir)
    template = ctx.catalogue.get("six-s")
    run = ctx.runs.start(template, store_code="SH-021", header={"auditor": "Li"})
    ctx.runs.answer_many(run, {
        i.id: Answer(i.id != fail) if i.type == "pass_fail" else Answer(0.0)
        for i in template.items if i.type != "text"
    })  # fmt: skip
    ctx.runs.finish(run, "Li")
    ctx.close()


async def test_trend_pareto_and_export_from_the_reports_menu(
    data_dir: Path, tmp_path: Path
) -> None:
    _audit(data_dir, "6S-SHN-01")
    _audit(data_dir, "6S-SHN-01")
    app = make_app(data_dir)
    folder = tmp_path / "head-office"
    folder.mkdir()
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("r", "enter")
        await _loaded(pilot)
        assert isinstance(app.screen, TrendScreen)
        assert app.screen.table.row_count == 1  # both audits in this week
        await pilot.press("escape", "r", "down", "enter")
        await _loaded(pilot)
        assert isinstance(app.screen, ParetoScreen)
        first = app.screen.table.get_row_at(0)
        assert str(first[0]) == "6S-SHN-01" and str(first[4]) == "100.0"
        for again in (False, True):  # the second export must not replace the first
            await pilot.press("escape", "r", *["down"] * 5, "enter")
            await pilot.pause()
            # level, format, checklist, from, to; the folder; the name it suggests
            await pilot.press(*["enter"] * 5, "ctrl+a", "ctrl+k", *str(folder), "enter", "enter")
            await pilot.pause()
            if again:  # the name is taken: enter saves under a free one
                await pilot.press("enter")
            await _loaded(pilot)
    app.ctx.close()
    made = sorted(p.name for p in folder.iterdir())
    assert made == [
        "storeops-SH-021-runs-to-2026-11-23-2.csv",
        "storeops-SH-021-runs-to-2026-11-23.csv",
    ]
    text = (folder / made[1]).read_bytes().decode("utf-8-sig")
    assert text.startswith("export_version,store_code") and text.count("\r\n") == 3


async def _loaded(pilot) -> None:  # type: ignore[no-untyped-def]
    """Reports and exports work in a thread: wait for it, then for the screen."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
