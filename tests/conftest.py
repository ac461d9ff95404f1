"""Shared fixtures: no test touches the real user data folder, and English is the default."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storeops.clock import ENV_NOW
from storeops.i18n import set_language

# The date every test runs on unless it pins its own: a Monday, late in a month.
PINNED_NOW = "2026-11-23T10:00:00+08:00"


@pytest.fixture(autouse=True)
def _isolated(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Point STOREOPS_DATA_DIR at a fresh folder, the template cache at one shared by the
    session, pin the clock (so no test depends on the machine's date), and reset the
    language after each test."""
    monkeypatch.setenv(ENV_NOW, PINNED_NOW)
    # The app's background check of every record starts at once in tests, not after 2 s.
    monkeypatch.setattr("storeops.tui.app.StoreOpsApp.check_delay", 0.0)
    monkeypatch.setenv("STOREOPS_DATA_DIR", str(tmp_path_factory.mktemp("default-data")))
    monkeypatch.setenv("STOREOPS_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder
