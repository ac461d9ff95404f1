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

# Textual's own descriptions of its widgets' keys (and of the palette's), by their English
# text: the help and Textual's key panel show them in the current language too.
TEXTUAL_TEXTS: dict[str, str] = {
    "Up": "tx.up", "Down": "tx.down", "Cursor up": "tx.up", "Cursor down": "tx.down",
    "Cursor left": "tx.left", "Cursor right": "tx.right", "Move cursor left": "tx.left",
    "First": "tx.first", "Last": "tx.last",
    "Page Up": "tx.page_up", "Page up": "tx.page_up", "Page Down": "tx.page_down",
    "Page down": "tx.page_down", "Page Left": "tx.page_left", "Page Right": "tx.page_right",
    "Scroll Up": "tx.scroll_up", "Scroll Down": "tx.scroll_down",
    "Scroll Left": "tx.scroll_left", "Scroll Right": "tx.scroll_right",
    "Scroll Home": "tx.scroll_home", "Scroll End": "tx.scroll_end",
    "Top": "tx.top", "Bottom": "tx.bottom", "Home": "tx.home", "End": "tx.end",
    "Select": "tx.select", "Toggle": "tx.toggle", "Next option": "tx.next_option",
    "Previous option": "tx.previous_option", "Press button": "tx.press", "Submit": "tx.submit",
    "Focus Next": "tx.focus_next", "Focus Previous": "tx.focus_previous",
    "Copy selected text": "tx.copy", "Cut selected text": "tx.cut",
    "Paste text from the clipboard": "tx.paste", "Select all": "tx.select_all",
    "Select line start": "tx.select_start", "Select line end": "tx.select_end",
    "Go to start": "tx.go_start", "Go to end": "tx.go_end",
    "Move cursor left and select": "tx.cursor_left_select",
    "Move cursor right and select": "tx.cursor_right_select",
    "Move cursor left a word": "tx.word_left", "Move cursor right a word": "tx.word_right",
    "Move cursor left a word and select": "tx.word_left_select",
    "Move cursor right a word and select": "tx.word_right_select",
    "Move cursor right or accept the completion suggestion": "tx.accept",
    "Delete character left": "tx.delete_left", "Delete character right": "tx.delete_right",
    "Delete left to start of word": "tx.delete_word_left",
    "Delete right to start of word": "tx.delete_word_right",
    "Delete all to the left": "tx.delete_all_left",
    "Delete all to the right": "tx.delete_all_right",
    "Exit the command palette": "tx.palette_close", "Next command": "tx.palette_next",
    "Previous command": "tx.palette_previous", "Go to top": "tx.palette_first",
    "Go to bottom": "tx.palette_last", "Next page": "tx.page_down",
    "Previous page": "tx.page_up",
    "palette": "key.palette", "Open the command palette": "tx.palette_open",
    "Quit": "key.quit", "Quit the app and return to the command prompt.": "tx.quit",
}  # fmt: skip
# Each language's text of those back to Textual's, so a binding translated once can be
# translated again after a language switch.
_SOURCES = {text: source for source, key in TEXTUAL_TEXTS.items() for text in CATALOGUE[key]}


def textual_text(text: str) -> str:
    """One of Textual's own English texts in the current language (others unchanged)."""
    key = TEXTUAL_TEXTS.get(_SOURCES.get(text, text))
    return t(key) if key else text


def _tr(text: str | None) -> str | None:
    if not text:
        return text
    return t(text) if text in CATALOGUE else textual_text(text)


def _is_textual(binding: Binding) -> bool:
    """A key Textual's widgets bring (moving, scrolling, editing), not one of storeops'
    (quit and the palette read as storeops' own)."""
    key = TEXTUAL_TEXTS.get(_SOURCES.get(binding.description, binding.description), "")
    return key.startswith("tx.")


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
            localized._add_binding(
                replace(
                    binding,
                    description=_tr(binding.description) or "",
                    tooltip=_tr(binding.tooltip) or "",
                )
            )
    node._bindings = localized


def key_lines(screen: Screen[object]) -> list[str]:
    """Every key of ``screen`` (the focused widget's, the screen's, the app's) as
    ``key  what it does`` in the current language, the keys that do the same joined: the
    help is built from the bindings, so it can never list a key that does not work or miss
    one that does. storeops' own keys come first (the banner's p and x among them), then
    the moving and editing keys Textual's widgets bring."""
    nodes: list[DOMNode] = []
    node: DOMNode | None = screen.focused
    while node is not None:
        nodes.append(node)
        node = node.parent if node is not screen else None
    if screen not in nodes:
        nodes.append(screen)
    nodes.append(screen.app)
    bindings = [binding for owner in nodes for _key, binding in owner._bindings]
    # A key does what its first priority binding says, else the first in the chain.
    effective: dict[str, Binding] = {}
    for binding in bindings:
        first = effective.get(binding.key)
        if first is None or (binding.priority and not first.priority):
            effective[binding.key] = binding
    keys: dict[str, list[str]] = {}  # what it does → the keys that do it, in order
    for textual in (False, True):
        for binding in bindings:
            description = _tr(binding.description)
            if (not description or effective[binding.key] is not binding
                    or _is_textual(binding) != textual):  # fmt: skip
                continue
            shown = keys.setdefault(description, [])
            display = _display(screen, binding)
            if display not in shown:
                shown.append(display)
    return [f"{' / '.join(shown):>9}  {description}" for description, shown in keys.items()]


def _display(screen: Screen[object], binding: Binding) -> str:
    if binding.key_display:
        return binding.key_display
    return " / ".join(screen.app.get_key_display(replace(binding, key=key))
                      for key in binding.key.split(","))  # fmt: skip
