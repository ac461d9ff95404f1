"""Lists and tables that move with j/k as well as the arrows, with localized keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from storeops.context import Context
from storeops.tui.access import context_of
from storeops.tui.keys import localize_bindings
from storeops.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from textual.widgets import DataTable


class KeyList(OptionList):
    """An option list with vi-style j/k; subclasses add what enter means."""

    BINDINGS = [
        Binding("j", "cursor_down", show=False),
        Binding("k", "cursor_up", show=False),
    ]

    def __init__(self, *options: Option, id: str | None = None) -> None:
        super().__init__(*options, id=id)
        localize_bindings(self)


class TableScreen(Screen[None]):
    """A full screen of rows: summary line on top, a table, the footer.

    Subclasses name their ``COLUMNS`` (catalogue keys), add ``BINDINGS`` and fill the
    table in :meth:`load`, which also sets the summary line.
    """

    COLUMNS: tuple[str, ...] = ()
    BINDINGS = [
        Binding("j", "cursor_down", show=False),
        Binding("k", "cursor_up", show=False),
        Binding("escape,q", "close", "key.close"),
    ]

    def __init__(self, screen_id: str) -> None:
        super().__init__(id=screen_id)
        localize_bindings(self)

    @property
    def ctx(self) -> Context:
        return context_of(self)

    @property
    def table(self) -> DataTable:
        from textual.widgets import DataTable

        return self.query_one(DataTable)

    def compose(self) -> ComposeResult:
        # DataTable is imported when a table is first shown: the dashboard, which needs
        # only KeyList from here, starts without it.
        from textual.widgets import DataTable

        from storeops.i18n import t

        yield Header(show_clock=False, icon="☰")
        yield Static("", id="table-summary", markup=False)
        table: DataTable = DataTable(id="table", cursor_type="row", zebra_stripes=True)
        for key in self.COLUMNS:
            table.add_column(t(key))
        yield table
        # The palette (ctrl+p, in the help) would push keys off an 80-column footer.
        yield KeyFooter()

    def on_screen_resume(self) -> None:
        """Fill the table each time the screen shows: a dialog or a run opened from
        it (a check-in, an amendment, a review) may have changed what it lists."""
        self.load()
        self.table.focus()

    def load(self) -> None:
        raise NotImplementedError

    def summarize(self, text: str) -> None:
        self.query_one("#table-summary", Static).update(text)

    def selected_index(self, count: int) -> int | None:
        """The highlighted row, or ``None`` when the table is empty."""
        row = self.table.cursor_row
        return row if count and row is not None and 0 <= row < count else None

    def action_cursor_down(self) -> None:
        self.table.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.table.action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)


class BackgroundTableScreen(TableScreen):
    """A table computed in a worker thread (a Pareto of five years takes a while): the
    keys keep working, the summary line says it is working, and the newest request wins
    (``exclusive``). Subclasses split :meth:`load` into :meth:`compute` (any thread, no
    widgets) and :meth:`show` (the UI thread)."""

    def load(self) -> None:
        from storeops.i18n import t

        self.summarize(t("table.loading"))
        self.run_worker(self._compute_then_show, thread=True, exclusive=True, group="table")

    def _compute_then_show(self) -> None:
        data = self.compute()
        self.app.call_from_thread(self._show_if_open, data)

    def _show_if_open(self, data: object) -> None:
        if self.is_attached:  # closed while it was computing: nothing to show
            self.show(data)

    def compute(self) -> object:
        raise NotImplementedError

    def show(self, data: object) -> None:
        raise NotImplementedError
