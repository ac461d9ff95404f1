"""Key bindings whose descriptions come from the catalogue.

Screens write ``Binding(..., description="key.quit")`` with a catalogue key; each node
calls :func:`localize_bindings` when it is made and again when the language changes,
so the footer and the key panel always speak the current language.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import BindingsMap
from textual.dom import DOMNode

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
