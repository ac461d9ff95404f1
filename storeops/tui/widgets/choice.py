"""A form field whose answer is chosen, not typed.

The choices are listed in the current language; the arrows move, the first letters of a
choice (in either language, or its stored value) jump to it, and enter takes the one
highlighted. A list is read at a glance and cannot be misspelt: a priority, own store or
competitor, an export level, the item to amend, the checklist of a filter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import events
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

# Keys typed closer together than this search on from the letters before (``6s-sh``);
# after a pause a letter starts a new search.
SEARCH_PAUSE = 1.0


@dataclass(frozen=True)
class Shown:
    """One choice as the list shows it: the value returned, the label shown, and every
    name it may be typed as (its labels in both languages)."""

    value: str
    label: str
    names: tuple[str, ...] = ()


class ChoiceList(OptionList):
    """The choices of one field; :attr:`value` is the highlighted one's value ("" when
    none is highlighted yet: a required choice with no default must be made)."""

    @dataclass
    class Chosen(Message):
        """Enter (or a click) took the highlighted choice."""

        choice_list: ChoiceList

    def __init__(self, choices: Sequence[Shown], value: str = "", *, id: str | None = None) -> None:
        super().__init__(*(Option(choice.label) for choice in choices), id=id)
        self.choices = list(choices)
        values = [choice.value for choice in choices]
        self._start = values.index(value) if value in values else None
        self._typed = ""
        self._typed_at = float("-inf")

    def on_mount(self) -> None:
        self.highlighted = self._start

    @property
    def value(self) -> str:
        """The value of the highlighted choice, or "" when none is."""
        index = self.highlighted
        return "" if index is None else self.choices[index].value

    def action_select(self) -> None:
        """Enter or a click: the form moves on (or saves after its last field)."""
        self.post_message(self.Chosen(self))

    def on_key(self, event: events.Key) -> None:
        """A letter jumps to the next choice whose name begins with what was typed."""
        char = event.character
        if not char or not char.isprintable() or event.key in ("enter", "tab"):
            return
        if event.time - self._typed_at > SEARCH_PAUSE:
            self._typed = ""
        self._typed_at = event.time
        found = self._search(self._typed + char.casefold())
        if found is None:
            self._typed = ""
            found = self._search(char.casefold())
        if found is not None:
            self.highlighted = found
        event.stop()
        event.prevent_default()

    def _search(self, typed: str) -> int | None:
        """The choice ``typed`` names: the one highlighted if it still fits (``co`` on
        the way to ``competitor``), else the next one that does, so a letter pressed
        again goes on to the next choice that begins with it."""
        self._typed = typed
        count = len(self.choices)
        current = self.highlighted
        repeated = len(typed) > 1 and set(typed) == {typed[0]}
        if repeated:  # "aa": the second choice beginning with a
            typed = typed[0]
        first = 0 if current is None else current + (0 if len(typed) > 1 else 1)
        for step in range(count):
            index = (first + step) % count
            if any(name.startswith(typed) for name in self._names(index)):
                return index
        return None

    def _names(self, index: int) -> tuple[str, ...]:
        choice = self.choices[index]
        return tuple(name.casefold() for name in (choice.value, choice.label, *choice.names))
