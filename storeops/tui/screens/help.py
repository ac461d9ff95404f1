"""The help dialog: keys of the app and where the data is kept."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from storeops.i18n import t
from storeops.tui.keys import localize_bindings


class HelpScreen(ModalScreen[None]):
    """Shows ``help.body``; any of escape, q or ? closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "key.close", id="help.close"),
    ]

    def __init__(self, data_dir: str, extra: str = "", keys: list[str] | None = None) -> None:
        """``keys``: the screen's keys (from its bindings, see ``keys.key_lines``);
        ``extra``: what the screen adds that is not a key (how answers move on …)."""
        super().__init__()
        self.data_dir = data_dir
        self.extra = extra
        self.keys = keys or []
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = t("help.title")
            if self.keys:
                yield Static("\n".join(self.keys), id="help-keys", markup=False)
            if self.extra:
                yield Static(self.extra, classes="help-extra", markup=False)
            yield Static(t("help.body", path=self.data_dir), markup=False)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
