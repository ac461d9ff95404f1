"""Key bindings whose descriptions come from the catalogue.

Screens write ``Binding(..., description="key.quit")`` with a catalogue key; each node
calls :func:`localize_bindings` when it is made and again when the language changes,
so the footer and the key panel always speak the current language.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode
from textual.screen import Screen

from storeops.i18n import CATALOGUE, t


def _tr(text: str | None) -> str | None:
    return t(text) if text and text in CATALOGUE else text


def localize_bindings(node: DOMNode) -> None:
    """Give ``node`` its class bindings with descriptions in the current language."""
    merged = type(node)._merged_bindings
    if merged is None:
        return
    localized = BindingsMap()
    class_keys = set()
    for _key, binding in merged:
        class_keys.add((binding.key, binding.action))
        localized._add_binding(
            replace(
                binding,
                description=_tr(binding.description) or "",
                tooltip=_tr(binding.tooltip) or "",
            )
        )
    for _key, binding in node._bindings:  # bindings added at run time (command palette …)
        if (binding.key, binding.action) not in class_keys:
            localized._add_binding(binding)
    node._bindings = localized


def key_lines(screen: Screen[object]) -> list[str]:
    """Every key of ``screen`` (the focused widget's, the screen's, the app's), each once,
    as ``key  what it does`` in the current language: the help is built from the
    bindings, so it can never list a key that does not work or miss one that does."""
    nodes: list[DOMNode] = []
    node: DOMNode | None = screen.focused
    while node is not None:
        nodes.append(node)
        node = node.parent if node is not screen else None
    if screen not in nodes:
        nodes.append(screen)
    nodes.append(screen.app)
    seen: set[str] = set()
    lines: list[str] = []
    for owner in nodes:
        for _key, binding in owner._bindings:
            if not binding.description or binding.description in seen:
                continue
            seen.add(binding.description)
            lines.append(f"{_display(screen, binding):>9}  {binding.description}")
    return lines


def _display(screen: Screen[object], binding: Binding) -> str:
    if binding.key_display:
        return binding.key_display
    return " / ".join(screen.app.get_key_display(replace(binding, key=key))
                      for key in binding.key.split(","))  # fmt: skip
