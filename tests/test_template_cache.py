"""The parsed-template cache: a hit skips TOML, an edit misses, a bad cache is harmless."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from storeops.storage import SourceFile
from storeops.templates import TemplateCatalogue, TomlCache, load_catalogue

from .test_templates import VALID


def load(cache_file: Path, *sources: SourceFile) -> TemplateCatalogue:
    cache = TomlCache(cache_file)
    catalogue = TemplateCatalogue.from_sources([], list(sources), cache=cache)
    cache.save()
    return catalogue


def no_toml(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("TOML parsed although the cache holds the file")

    monkeypatch.setattr(tomllib, "loads", refuse)


def test_second_load_comes_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache_file = tmp_path / "templates.json"
    first = load(cache_file, SourceFile("t.toml", VALID.encode()))
    no_toml(monkeypatch)
    second = load(cache_file, SourceFile("t.toml", VALID.encode()))
    assert second.get("tiny") == first.get("tiny")
    assert second.get("tiny").hash == first.get("tiny").hash


def test_an_edited_file_is_parsed_afresh(tmp_path: Path) -> None:
    cache_file = tmp_path / "templates.json"
    load(cache_file, SourceFile("t.toml", VALID.encode()))
    edited = VALID.replace("Floor clean", "Floor spotless")
    catalogue = load(cache_file, SourceFile("t.toml", edited.encode()))
    assert str(catalogue.get("tiny").items[0].text) == "Floor spotless"
    # Only the files in use stay in the cache.
    assert len(json.loads(cache_file.read_text("utf-8"))["entries"]) == 1


def test_cached_data_is_still_validated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache written by another version (or edited by hand) is never trusted blindly."""
    cache_file = tmp_path / "templates.json"
    raw = VALID.encode()
    load(cache_file, SourceFile("t.toml", raw))
    stored = json.loads(cache_file.read_text("utf-8"))
    [key] = stored["entries"]
    stored["entries"][key]["sections"][0]["items"][0]["type"] = "bogus"
    cache_file.write_text(json.dumps(stored), "utf-8")
    no_toml(monkeypatch)
    catalogue = load(cache_file, SourceFile("t.toml", raw))
    assert "tiny" not in catalogue
    assert "bogus" in str(catalogue.problems[0])


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b'{"format": 99, "entries": {}}'])
def test_a_broken_cache_is_ignored_and_rewritten(tmp_path: Path, content: bytes) -> None:
    cache_file = tmp_path / "templates.json"
    cache_file.write_bytes(content)
    catalogue = load(cache_file, SourceFile("t.toml", VALID.encode()))
    assert "tiny" in catalogue
    assert json.loads(cache_file.read_text("utf-8"))["format"] == TomlCache.FORMAT


def test_an_unwritable_cache_folder_costs_nothing_but_time(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    catalogue = load(blocker / "templates.json", SourceFile("t.toml", VALID.encode()))
    assert "tiny" in catalogue
    assert blocker.read_text() == "a file where the cache folder should be"


def test_a_date_in_a_template_is_not_cached(tmp_path: Path) -> None:
    """JSON cannot hold a TOML date; such a file is parsed every time, and still reported."""
    cache_file = tmp_path / "templates.json"
    dated = VALID.replace("version = 1", "version = 1979-05-27")
    catalogue = load(cache_file, SourceFile("t.toml", dated.encode()))
    assert "tiny" not in catalogue
    assert not cache_file.exists()


def test_load_catalogue_writes_the_cache_under_storeops_cache_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STOREOPS_CACHE_DIR", str(tmp_path / "cache"))
    first = load_catalogue()
    assert (tmp_path / "cache" / "templates.json").is_file()
    no_toml(monkeypatch)
    assert load_catalogue().templates == first.templates
