"""The footer used on every screen: the keys that apply now, as one line of text."""

from __future__ import annotations

from typing import Any, NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

from storeops.i18n import t


class FooterEntry(NamedTuple):
    key: str  # the key pressed, e.g. "ctrl+s"
    display: str  # how it is shown, e.g. "^s"
    description: str
    enabled: bool


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
        self._spans: list[tuple[int, int, FooterEntry]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        if screen is not self.screen:
            return
        entries = self._entries()
        if entries != self.entries:
            self.entries = entries
            self.refresh()

    def _entries(self) -> tuple[FooterEntry, ...]:
        """One entry per action (the first key bound to it), as Textual's footer shows."""
        palette_key = self.app.COMMAND_PALETTE_BINDING
        seen: set[str] = set()
        entries: list[FooterEntry] = []
        palette: FooterEntry | None = None
        for key, (_node, binding, enabled, _tip) in self.screen.active_bindings.items():
            entry = FooterEntry(binding.key, self.app.get_key_display(binding),
                                binding.description, enabled)  # fmt: skip
            if key == palette_key and self.app.ENABLE_COMMAND_PALETTE:
                palette = entry._replace(description=t("key.palette"))
                continue
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            entries.append(entry)
        if palette is not None and self.show_command_palette:
            entries.append(palette)
        return tuple(entries)

    def render(self) -> Text:
        key_style = self.get_component_rich_style("footer-key--key")
        text_style = self.get_component_rich_style("footer-key--description")
        # Two spaces between keys when they fit, else one.
        plain = [f"{e.display} {e.description}".rstrip() for e in self.entries]
        gap = "  " if cell_len("  ".join(plain)) <= self.size.width else " "
        line = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        for n, entry in enumerate(self.entries):
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
