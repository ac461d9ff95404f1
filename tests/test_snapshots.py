"""Snapshots of every screen and dialog at 80×24, in English and Chinese.

Each is reached the way a manager reaches it, by keys from the dashboard, on a demo store
(two months of history made by ``storeops.demo``, the clock pinned). Update after an
intended change with ``pytest tests/test_snapshots.py --snapshot-update`` and look at the
SVGs in ``tests/__snapshots__`` (``snapshot_report.html`` shows diffs): a cropped word is a
failed snapshot.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from storeops.clock import Clock
from storeops.context import open_context
from storeops.demo import make_demo
from storeops.profile import StoreProfile
from tests.tui_helpers import TODAY, make_app

# Start the 6S audit, give the auditor, answer the first items: pass, pass, fail, N/A.
RUNNER_KEYS = ["enter", *"Wang Fang", "enter", "enter", "enter", "y", "y", "n", "x"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_runner(snap_compare, data_dir: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    """The runner after four answers: ✓ ✓ ✗ – marks, the item on SRT-05 with both
    languages and its key hint, live score with 4/37, and the footer keys."""
    app = make_app(data_dir, lang=lang)
    assert snap_compare(app, terminal_size=(80, 24), press=RUNNER_KEYS)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_finish_review_with_open_items(snap_compare, data_dir: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    """The finish review refusing to finish: the required items still open, listed by id."""
    app = make_app(data_dir, lang=lang)
    assert snap_compare(app, terminal_size=(80, 24), press=[*RUNNER_KEYS, "ctrl+s"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_dashboard(snap_compare, data_dir: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    """The dashboard of a new store: store and date, what is due, the checklists, latest
    results (none yet) and corrective actions (0 open)."""
    app = make_app(data_dir, lang=lang)
    assert snap_compare(app, terminal_size=(80, 24))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_first_launch_setup(snap_compare, data_dir: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    """The first-launch setup form: every label, the language and its buttons visible."""
    app = make_app(data_dir, profile=False, lang=lang)
    assert snap_compare(app, terminal_size=(80, 24))


# --- a store with history ---------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "data"
    ctx = open_context(folder, clock=Clock.pinned(TODAY, running=False))
    ctx.save_profile(StoreProfile("SH-021", "Nanjing Rd", "Wang Fang"))
    make_demo(ctx, today=TODAY, months=2)  # its complaint log too, ids from the seed
    ctx.close()
    return folder


# Each screen and dialog, by the keys that reach it from the dashboard.
SCREENS: dict[str, list[str]] = {
    "dashboard_with_history": [],
    "help": ["question_mark"],
    "history": ["h"],
    "history_filter": ["h", "f"],
    "result": ["h", "enter"],
    "actions": ["a"],
    "action_done": ["a", "down", "space"],
    "action_detail": ["a", "enter"],
    "action_edit": ["a", "e"],
    "goals": ["g"],
    "team": ["c"],
    "associate": ["c", "enter"],
    "staff": ["c", "e"],
    "reports_menu": ["r"],
    "trend": ["r", "enter"],
    "pareto": ["r", "down", "enter"],
    "visits": ["r", "down", "down", "down", "enter"],
    "league": ["r", "down", "down", "down", "down", "enter"],
    "export": ["r", "down", "down", "down", "down", "down", "enter"],
    "satisfaction": ["r", *["down"] * 6, "enter"],
    "setup": ["s"],
    "complaints": ["v"],
    "complaint_detail": ["v", "enter"],
    "complaint_form": ["v", "n"],
    "complaint_analysis": ["v", "s"],
    "header_form": ["enter"],
    "palette": ["ctrl+p"],
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_screen(  # type: ignore[no-untyped-def]
    snap_compare, demo_folder: Path, tmp_path: Path, screen: str, lang: str
) -> None:
    folder = tmp_path / "data"
    shutil.copytree(demo_folder, folder)
    app = make_app(folder, lang=lang)

    async def reach(pilot) -> None:  # type: ignore[no-untyped-def]
        for key in SCREENS[screen]:
            await pilot.press(key)
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=reach)
