"""The real app in a real terminal (tmux, 80×24): a 6S audit with one failure and its
corrective action, typed key by key, then the stored run checked through the CLI.

This is the way a manager's terminal draws and delivers keys, not Textual's headless
driver. Skipped where tmux is not installed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from storeops.templates import load_catalogue

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

NOW = "2026-11-23T10:00:00+08:00"


def _tmux(*args: str) -> str:
    done = subprocess.run(["tmux", *args], capture_output=True, text=True, check=False)
    return done.stdout


def _screen(session: str) -> str:
    return _tmux("capture-pane", "-p", "-t", session)


def _wait_for(session: str, text: str, seconds: float = 20.0) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        screen = _screen(session)
        if text in screen:
            return screen
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{_screen(session)}")


def _keys(session: str, *keys: str, pause: float = 0.25) -> None:
    for key in keys:
        _tmux("send-keys", "-t", session, key)
        time.sleep(pause)


def _cli(data: Path, env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "storeops", "--data-dir", str(data), *args],
                          capture_output=True, text=True, env=env, check=True)  # fmt: skip
    return done.stdout


def test_a_6s_audit_with_a_failure_and_its_action_in_a_real_terminal(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "STOREOPS_NOW": NOW, "STOREOPS_CACHE_DIR": str(tmp_path / "cache"),
           "TERM": "xterm-256color", "LANG": "C.UTF-8"}  # fmt: skip
    _cli(data, env, "setup", "--store-code", "SH-021", "--store-name", "Nanjing Rd",
         "--manager", "Wang Fang", "--lang", "en")  # fmt: skip
    session = f"storeops-{uuid.uuid4().hex[:8]}"
    command = f"{sys.executable} -m storeops --data-dir {data}"
    env_args = [arg for key in ("STOREOPS_NOW", "STOREOPS_CACHE_DIR", "LANG")
                for arg in ("-e", f"{key}={env[key]}")]  # fmt: skip
    _tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", *env_args, command)
    try:
        _wait_for(session, "6S audit")
        _keys(session, "Enter")  # the 6S audit, first in the list
        _wait_for(session, "Auditor")
        _keys(session, "C-s")  # the auditor is filled in
        _wait_for(session, "Sort")
        items = load_catalogue(None).get("six-s").items
        first = items[0]
        assert first.type == "pass_fail"
        # The first item fails; its corrective action is raised on it (k back to it, a).
        _keys(session, "n", "k", "a")
        _wait_for(session, "Corrective action")
        _keys(session, *"Clear the storeroom aisle", pause=0.02)
        _keys(session, "Enter", "Enter", "Enter", "Enter")
        _keys(session, "j")
        for item in items[1:]:
            if not item.required:
                continue
            if item.type == "number":
                _keys(session, "y", "5", "Enter")
            else:
                _keys(session, "y", pause=0.15)
        _wait_for(session, "Signed off by")
        _keys(session, "Enter")
        time.sleep(1.0)
        _keys(session, "Escape", "q")
        time.sleep(1.0)
    finally:
        _tmux("kill-session", "-t", session)
    runs = json.loads(_cli(data, env, "runs", "list", "--format", "json"))
    assert len(runs) == 1 and runs[0]["template_id"] == "six-s"
    actions = json.loads(_cli(data, env, "actions", "list", "--format", "json"))
    assert [(a["item_id"], a["description"]) for a in actions] == [
        (first.id, "Clear the storeroom aisle")
    ]
