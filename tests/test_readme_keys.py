"""README's key tables and the screens' bindings cannot drift apart: every key a table lists
is bound on its screen, and every key a screen shows in its footer is in its table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.dom import DOMNode

from storeops.tui.app import StoreOpsApp
from storeops.tui.screens.dashboard import DashboardScreen, TemplateList
from storeops.tui.screens.runner import ItemList, RunnerScreen

README = Path(__file__).resolve().parent.parent / "README.md"

# Each table ("| key | on the dashboard |") and the nodes whose keys work there: the screen,
# the widget that has the focus on it, and the app.
TABLES: dict[str, tuple[type[DOMNode], type[DOMNode]]] = {
    "on the dashboard": (DashboardScreen, TemplateList),
    "in the runner": (RunnerScreen, ItemList),
}
# How README writes a key → how a binding names it.
NAMES = {"↑": "up", "↓": "down", "?": "question_mark", "f1": "f1"}


def _tables() -> dict[str, list[tuple[str, set[str]]]]:
    """Each key table of README: its heading, and per row what the keys do and the keys."""
    tables: dict[str, list[tuple[str, set[str]]]] = {}
    rows: list[tuple[str, set[str]]] | None = None
    for line in README.read_text("utf-8").splitlines():
        heading = re.fullmatch(r"\| key \| (.+) \|", line)
        if heading:
            rows = tables.setdefault(heading.group(1), [])
        elif rows is not None and line.startswith("|"):
            cell, text = line.split("|")[1:3]
            if set(cell.strip()) <= {"-"}:
                continue
            rows.append((text.strip(), _keys(cell)))
        else:
            rows = None
    return tables


def _keys(cell: str) -> set[str]:
    """The keys in a table's first cell: `y`, `ctrl+s`, `↑` `↓`, a range `0`–`9`."""
    found = re.findall(r"`([^`]+)`", cell)
    keys = {NAMES.get(key.lower() if len(key) > 1 else key, key) for key in found}
    span = re.search(r"`(\d)`–`(\d)`", cell)
    if span:
        keys |= {str(n) for n in range(int(span.group(1)), int(span.group(2)) + 1)}
    return keys


def _bindings(*nodes: type[DOMNode]) -> list[Binding]:
    return [binding for node in nodes for _key, binding in node._merged_bindings or ()]


def test_readme_has_a_key_table_for_each_screen_checked() -> None:
    assert set(TABLES) <= set(_tables()), sorted(_tables())


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_key_in_the_table_is_bound(table: str) -> None:
    screen, widget = TABLES[table]
    bound = {b.key for b in _bindings(screen, widget, StoreOpsApp)}
    bound.add(StoreOpsApp.COMMAND_PALETTE_BINDING)
    unbound = [(text, sorted(keys - bound)) for text, keys in _tables()[table] if keys - bound]
    assert unbound == []


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_key_the_footer_shows_is_in_the_table(table: str) -> None:
    screen, widget = TABLES[table]
    listed = set().union(*(keys for _, keys in _tables()[table]))
    shown = {b.key for b in _bindings(screen, widget) if b.show}
    assert sorted(shown - listed) == []


def test_the_parser_reads_ranges_arrows_and_alternatives() -> None:
    assert _keys("`0`–`9`") == {str(n) for n in range(10)}
    assert _keys("`↑` `↓` or `j` `k`") == {"up", "down", "j", "k"}
    assert _keys("`?` or `F1`") == {"question_mark", "f1"}
    assert _keys("`ctrl+s`") == {"ctrl+s"} and _keys("`X`") == {"X"}


def test_the_team_key_is_documented_bound_and_shown_on_the_dashboard() -> None:
    """`c` opens the team view: in README's dashboard table and in the dashboard's footer."""
    rows = _tables()["on the dashboard"]
    assert any("c" in keys and "team" in text.lower() for text, keys in rows)
    [team] = [b for b in _bindings(DashboardScreen) if b.key == "c"]
    assert team.action == "app.team" and team.show
