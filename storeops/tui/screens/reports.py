"""The reports menu: every report, one key away from the dashboard."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from storeops.i18n import t
from storeops.tui.keys import localize_bindings
from storeops.tui.widgets.lists import KeyList

REPORTS = ("trend", "pareto", "team", "visits", "league", "export", "satisfaction")


class ReportsScreen(ModalScreen[str | None]):
    """Dismisses with the chosen report's name."""

    BINDINGS = [Binding("escape,q", "cancel", "key.cancel")]

    def __init__(self) -> None:
        super().__init__()
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="reports-box", classes="dialog") as box:
            box.border_title = t("report.menu.title")
            yield KeyList(
                *(Option(t(f"report.menu.{name}"), id=name) for name in REPORTS), id="reports"
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
