"""Shared fixtures: no test touches the real user data folder, and English is the default."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storeops.i18n import set_language


@pytest.fixture(autouse=True)
def _isolated(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Point STOREOPS_DATA_DIR at a fresh folder, the template cache at one shared by the
    session, and reset the language after each test."""
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
