"""The details of the data that could not be read: each problem in full, and what to do."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from storeops.i18n import t
from storeops.tui.keys import localize_bindings


class ProblemsScreen(ModalScreen[None]):
    """Every file or record set aside, then how to get it back; escape, q or p closes."""

    BINDINGS = [
        Binding("escape,q,p", "dismiss", "key.close", id="problems.close"),
    ]

    def __init__(self, problems: list[str]) -> None:
        super().__init__()
        self.problems = problems
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="problems-box", classes="dialog") as box:
            box.border_title = t("problems.title")
            # The problems scroll within the dialog; how to close it stays in sight.
            with VerticalScroll(id="problems-body", classes="dialog-body"):
                lines = [f"• {problem}" for problem in self.problems] or [t("problems.none")]
                yield Static("\n\n".join(lines), id="problems-list", markup=False)
                yield Static(t("problems.fix"), id="problems-fix", markup=False)
            yield Static(t("dialog.scroll_hint", keys="esc / q / p"),
                         classes="dialog-foot hint", markup=False)  # fmt: skip

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
