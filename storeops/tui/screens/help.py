"""The help dialog: keys of the app and where the data is kept."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
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
        with Vertical(id="help-box", classes="dialog") as box:
            box.border_title = t("help.title")
            # The keys scroll within the dialog (↑↓ pgup pgdn); how to close stays in sight.
            with VerticalScroll(id="help-body", classes="dialog-body"):
                if self.keys:
                    yield Static("\n".join(self.keys), id="help-keys", markup=False)
                if self.extra:
                    yield Static(self.extra, classes="help-extra", markup=False)
                yield Static(t("help.body", path=self.data_dir), markup=False)
            yield Static(t("dialog.scroll_hint", keys="esc / q / ?"),
                         classes="dialog-foot hint", markup=False)  # fmt: skip

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
