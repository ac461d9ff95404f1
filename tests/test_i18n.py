"""The catalogue: both languages present, with the same format fields."""

from __future__ import annotations

import string

import pytest

from storeops.i18n import CATALOGUE, set_language, t


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_entry_has_both_languages_with_same_fields(key: str) -> None:
    en, zh = CATALOGUE[key]
    assert en.strip() and zh.strip()
    assert _fields(en) == _fields(zh)


def test_language_switch_changes_text() -> None:
    assert t("key.quit") == "Quit"
    set_language("zh")
    assert t("key.quit") == "退出"


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError):
        set_language("fr")
