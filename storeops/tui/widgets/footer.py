"""The footer used on every screen: the keys that apply now, as one line of text.

The help key ends the line on every screen (``?``, or ``f1`` where ``?`` is not bound): the
help lists every key. A line of 80 columns cannot always hold every key (the runner on a
timed item has eleven, in Chinese as in English), and a key cut mid-word ("esc Leav")
helps nobody. So keys are dropped whole, last listed first, sparing the keys that leave
or finish (escape, ctrl+…) and the help key.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

from storeops.i18n import t

HELP_ACTIONS = ("help", "app.help")


class FooterEntry(NamedTuple):
    key: str  # the key pressed, e.g. "ctrl+s"
    display: str  # how it is shown, e.g. "^s"
    description: str
    enabled: bool

    @property
    def width(self) -> int:
        """Cells taken on the line: the key, a space and what it does."""
        return cell_len(f"{self.display} {self.description}".rstrip())

    @property
    def kept(self) -> bool:
        """Leaving and finishing are never dropped from the line."""
        return self.key == "escape" or self.key.startswith("ctrl+")


def fit_entries(
    entries: tuple[FooterEntry, ...], help_entry: FooterEntry | None, width: int
) -> tuple[list[FooterEntry], str]:
    """The entries that fit on a line of ``width`` cells, ``help_entry`` (where every key
    is listed) at the end unless listed already, and the gap between them: two spaces
    when all fit so, else one; else the last listed are dropped whole (the kept ones last
    of all, the help key never while anything else is left)."""

    def size(shown: list[FooterEntry], gap: int) -> int:
        return sum(e.width for e in shown) + gap * max(len(shown) - 1, 0)

    shown = list(entries)
    if help_entry is not None and help_entry not in shown:
        shown.append(help_entry)
    for gap in (2, 1):
        if size(shown, gap) <= width:
            return shown, " " * gap
    drop_order = [e for e in reversed(entries) if not e.kept and e != help_entry]
    drop_order += [e for e in reversed(entries) if e.kept and e != help_entry]
    for entry in drop_order:
        if size(shown, 1) <= width:
            break
        shown.remove(entry)
    while shown and size(shown, 1) > width:
        shown.pop()
    return shown, " "


class KeyFooter(Widget):
    """Keys and what they do, drawn as one line.

    Textual's own footer is a widget per key, recomposed on every bindings update: in
    the runner, moving from a pass/fail item to a timed one mounted and styled a dozen
    widgets and laid the screen out again (about 40 ms of a key press). This footer is
    one widget of fixed size: when the keys change it repaints a line, nothing more.
    A click on a key presses it, as in Textual's footer.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer-key--key", "footer-key--description"}
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
        & > .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self, *, show_command_palette: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.show_command_palette = show_command_palette
        self.entries: tuple[FooterEntry, ...] = ()
        self.help_entry: FooterEntry | None = None  # the key that opens the help
        self._spans: list[tuple[int, int, FooterEntry]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        if screen is not self.screen:
            return
        entries, help_entry = self.key_entries()
        if (entries, help_entry) != (self.entries, self.help_entry):
            self.entries, self.help_entry = entries, help_entry
            self.refresh()

    def key_entries(self) -> tuple[tuple[FooterEntry, ...], FooterEntry | None]:
        """One entry per action (the first key bound to it), as Textual's footer shows;
        and the help key (shown or not)."""
        palette_key = self.app.COMMAND_PALETTE_BINDING
        seen: set[str] = set()
        entries: list[FooterEntry] = []
        palette: FooterEntry | None = None
        help_entry: FooterEntry | None = None
        for key, (_node, binding, enabled, _tip) in self.screen.active_bindings.items():
            entry = FooterEntry(binding.key, self.app.get_key_display(binding),
                                binding.description, enabled)  # fmt: skip
            if key == palette_key and self.app.ENABLE_COMMAND_PALETTE:
                palette = entry._replace(description=t("key.palette"))
                continue
            if binding.action in HELP_ACTIONS and (help_entry is None or binding.show):
                help_entry = entry._replace(description=t("key.help"))
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            entries.append(entry)
        if palette is not None and self.show_command_palette:
            entries.append(palette)
        if help_entry is not None and help_entry.key in {e.key for e in entries}:
            help_entry = next(e for e in entries if e.key == help_entry.key)
        return tuple(entries), help_entry

    def render(self) -> Text:
        key_style = self.get_component_rich_style("footer-key--key")
        text_style = self.get_component_rich_style("footer-key--description")
        shown, gap = fit_entries(self.entries, self.help_entry, self.size.width)
        line = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        for n, entry in enumerate(shown):
            if n:
                line.append(gap)
            start = line.cell_len
            dim = Style() if entry.enabled else Style(dim=True)
            line.append(entry.display, key_style + dim)
            if entry.description:
                line.append(" " + entry.description, text_style + dim)
            self._spans.append((start, line.cell_len, entry))
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, entry in self._spans:
            if start <= event.x < end:
                if entry.enabled:
                    self.app.simulate_key(entry.key)
                else:
                    self.app.bell()
                return
