"""A question answered with one key: discard this draft? replace that file?"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static


@dataclass(frozen=True)
class Reply:
    """One answer: what the dialog returns, its keys (the first is shown) and its label."""

    value: str
    keys: tuple[str, ...]
    label: str


class AskScreen(ModalScreen[str | None]):
    """Dismisses with the value of the reply whose key was pressed (or clicked); enter
    takes the focused reply, the first unless moved with tab or the arrows; escape
    dismisses with ``None`` (keep things as they are)."""

    AUTO_FOCUS = ".reply"

    def __init__(self, title: str, question: str, replies: Sequence[Reply]) -> None:
        super().__init__()
        self.ask_title = title
        self.question = question
        self.replies = list(replies)

    def compose(self) -> ComposeResult:
        with Vertical(id="ask-box", classes="dialog") as box:
            box.border_title = self.ask_title
            with VerticalScroll(classes="dialog-body", can_focus=False):
                yield Static(self.question, id="ask-question", markup=False)
            with Horizontal(classes="dialog-foot dialog-buttons"):
                for n, reply in enumerate(self.replies):
                    yield Button(f"{reply.keys[0]}  {reply.label}", id=f"reply-{n}",
                                 classes="reply", compact=True,
                                 variant="primary" if n == 0 else "default")  # fmt: skip

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape":
            event.stop()
            self.dismiss(None)
            return
        if event.key == "enter":  # the focused reply (the first, unless moved)
            event.stop()
            buttons = list(self.query(".reply"))
            index = buttons.index(self.focused) if self.focused in buttons else 0
            self.dismiss(self.replies[index].value)
            return
        if event.key in ("left", "up"):
            event.stop()
            self.focus_previous(".reply")
            return
        if event.key in ("right", "down"):
            event.stop()
            self.focus_next(".reply")
            return
        for reply in self.replies:
            if event.key in reply.keys or (event.character or "") in reply.keys:
                event.stop()
                self.dismiss(reply.value)
                return

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """A click on a reply."""
        event.stop()
        self.dismiss(self.replies[list(self.query(".reply")).index(event.button)].value)
