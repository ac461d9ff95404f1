"""The catalogue has tooling: every key code uses exists, every key exists for a reason,
and both languages fill in the same fields."""

from __future__ import annotations

import ast
import string
from pathlib import Path

from storeops.i18n import CATALOGUE

PACKAGE = Path(__file__).resolve().parent.parent / "storeops"


def _sources() -> dict[Path, ast.Module]:
    """Every module but the catalogue itself (its keys are literals too)."""
    return {
        path: ast.parse(path.read_text("utf-8"))
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "i18n.py"
    }


def _literal_strings(tree: ast.Module) -> set[str]:
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def _fstring_prefixes(tree: ast.Module) -> set[str]:
    """``f"weekday.{n}"`` → ``weekday.``: every key with that prefix may be used."""
    prefixes = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr) and node.values:
            first = node.values[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value:
                prefixes.add(first.value)
    return prefixes


def _keys_asked_for(tree: ast.Module) -> set[str]:
    """Literal first arguments of ``t(…)`` and binding descriptions ``"key.…"``."""
    asked = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        first = node.args[0]
        if name == "t" and isinstance(first, ast.Constant) and isinstance(first.value, str):
            asked.add(first.value)
        if name == "Binding" and len(node.args) >= 3:
            third = node.args[2]
            if isinstance(third, ast.Constant) and isinstance(third.value, str):
                asked.add(third.value)
    return asked


def test_every_key_code_asks_for_is_in_the_catalogue() -> None:
    missing = sorted(
        f"{path.relative_to(PACKAGE)}: {key}"
        for path, tree in _sources().items()
        for key in _keys_asked_for(tree)
        if key not in CATALOGUE
    )
    assert missing == []


def test_every_catalogue_key_is_used_somewhere() -> None:
    literals: set[str] = set()
    prefixes: set[str] = set()
    for tree in _sources().values():
        literals |= _literal_strings(tree)
        prefixes |= _fstring_prefixes(tree)
    unused = sorted(
        key
        for key in CATALOGUE
        if key not in literals and not any(key.startswith(p) for p in prefixes if "." in p)
    )
    assert unused == []


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_fill_in_the_same_fields() -> None:
    differing = sorted(key for key, (en, zh) in CATALOGUE.items() if _fields(en) != _fields(zh))
    assert differing == []


def test_every_key_has_both_languages() -> None:
    assert sorted(key for key, (en, zh) in CATALOGUE.items() if not en or not zh) == []


def test_a_template_problem_follows_a_language_switch() -> None:
    """Problems are kept as keys and fields, translated when shown."""
    from storeops.i18n import set_language
    from storeops.templates import TemplateError, template_from_data

    data = {"id": "t", "version": 1, "title": {"en": "T"}, "sections": "oops"}
    try:
        template_from_data(data, "t.toml")
    except TemplateError as exc:
        problem = exc.problems[0]
    english = str(problem)
    set_language("zh")
    chinese = str(problem)
    assert english != chinese and "t.toml" in chinese
    assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese)
