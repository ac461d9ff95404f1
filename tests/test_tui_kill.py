"""Killing the app mid-audit loses nothing: the draft resumes with every answer given."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from storeops.context import open_context
from storeops.tui.screens.runner import RunnerScreen
from tests.tui_helpers import make_app

HELPER = Path(__file__).parent / "helpers" / "tui_audit.py"


def _audit_until_killed(data_dir: Path, answers: int) -> int:
    """Run the app in a subprocess, SIGKILL it after ``answers`` answers; returns how many."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    proc = subprocess.Popen(
        [sys.executable, str(HELPER), str(data_dir)], stdout=subprocess.PIPE, text=True, env=env
    )
    given = 0
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("answered "):
                given = int(line.split()[1])
                if given >= answers:
                    break
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    return given


async def test_killed_mid_audit_the_draft_resumes_with_every_answer(data_dir: Path) -> None:
    given = _audit_until_killed(data_dir, answers=7)
    ctx = open_context(data_dir, readonly=True)
    [draft] = ctx.runs.drafts()
    assert len(draft.answers) >= given  # everything reported as given was saved
    ids = [item.id for item in ctx.catalogue.get("six-s").items]
    assert draft.answer_for(ids[3]).value is False  # the 4th key was "n"

    app = make_app(data_dir)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the dashboard lists the draft first
        await pilot.pause()
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        assert runner.draft.id == draft.id
        assert len(runner.draft.answers) == len(draft.answers)
        assert runner.current_item.id == ids[len(draft.answers)]
    app.ctx.close()
