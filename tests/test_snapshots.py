"""Snapshots of the key screens at 80×24, in English and Chinese.

Update after an intended change with ``pytest tests/test_snapshots.py --snapshot-update``
and review the SVGs in ``tests/__snapshots__`` (``snapshot_report.html`` shows diffs).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui_helpers import make_app

# Start the 6S audit, give the auditor, answer the first items: pass, pass, fail, N/A.
RUNNER_KEYS = ["enter", *"Wang Fang", "enter", "enter", "enter", "y", "y", "n", "x"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_runner(snap_compare, data_dir: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    """The runner after four answers: ✓ ✓ ✗ – marks, the item on SRT-05 with both
    languages and its key hint, live score 66.7 with 4/37, and the footer keys."""
    app = make_app(data_dir, lang=lang)
    assert snap_compare(app, terminal_size=(80, 24), press=RUNNER_KEYS)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_finish_review_with_open_items(snap_compare, data_dir: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    """The finish review refusing to finish: 31 required items still open, listed by id."""
    app = make_app(data_dir, lang=lang)
    assert snap_compare(app, terminal_size=(80, 24), press=[*RUNNER_KEYS, "ctrl+s"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_dashboard(snap_compare, data_dir: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    """The dashboard: store and date, 'Start a new checklist' with the 6S audit,
    latest results (none yet) and corrective actions (0 open)."""
    app = make_app(data_dir, lang=lang)
    assert snap_compare(app, terminal_size=(80, 24))
