"""Lists and tables that move with j/k as well as the arrows, with localized keys."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from storeops.context import Context
from storeops.texttable import cell_width, fold
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


MIN_WRAP = 8  # a wrapping column is never narrowed below this, nor below its heading
LONG_WORD = 16  # nor below its longest word up to this many cells: words are not cut


def fit_widths(
    natural: Sequence[int], floors: Sequence[int], wrap: Sequence[int], budget: int
) -> list[int]:
    """Column widths that add up to at most ``budget`` cells: the widest of the ``wrap``
    columns loses a cell at a time, never going below its floor; the other columns keep
    their natural width (a date or a score is never cut)."""
    widths = list(natural)
    while sum(widths) > budget:
        narrowable = [i for i in wrap if widths[i] > floors[i]]
        if not narrowable:
            break
        widths[max(narrowable, key=widths.__getitem__)] -= 1
    return widths


def _lines(text: str, width: int | None) -> list[str]:
    """``text`` as the lines of its cell: folded to ``width`` when it is wider."""
    if width is None or ("\n" not in text and cell_width(text) <= width):
        return text.split("\n")
    return fold(text, width)


def _floor(texts: Sequence[str]) -> int:
    """The narrowest a column of ``texts`` (its heading first) wraps to: its heading and
    its longest word (up to ``LONG_WORD``) stay whole."""
    longest = max((cell_width(word) for text in texts[1:] for word in text.split()), default=0)
    return max(MIN_WRAP, cell_width(texts[0]), min(LONG_WORD, longest))


class TableScreen(Screen[None]):
    """A full screen of rows: summary line on top, a table, the footer.

    Subclasses name their ``COLUMNS`` (catalogue keys), add ``BINDINGS`` and fill the
    table in :meth:`load` (with :meth:`fill`, which fits the columns to the screen),
    which also sets the summary line.
    """

    DEFAULT_CSS = """
    TableScreen #table {
        height: 1fr;  /* the table scrolls, not the screen (whose scrollbar cut the last column) */
    }
    """
    COLUMNS: tuple[str, ...] = ()
    WRAP: tuple[int, ...] = ()
    """The columns (by position) whose text wraps at spaces when the table is wider than
    the screen; the others keep the width of their longest value."""
    BINDINGS = [
        Binding("j", "cursor_down", show=False),
        Binding("k", "cursor_up", show=False),
        Binding("escape,q", "close", "key.close"),
        # The footer shows it last of all (see widgets/footer.py).
        Binding("question_mark", "app.help", "key.help", show=False),
    ]

    def __init__(self, screen_id: str) -> None:
        super().__init__(id=screen_id)
        self._filled_width: int | None = None  # the width :meth:`fill` fitted the columns to
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

    def fill(self, rows: Sequence[Sequence[str]], keys: Sequence[str] | None = None) -> None:
        """Show ``rows`` (one text per column; ``keys`` name the rows) in columns fitted to
        the screen's width: every column shows whole, the ``WRAP`` columns over as many
        lines as they need, so nothing is pushed off the right edge or cut mid-word."""
        from storeops.i18n import t

        table = self.table
        headings = [t(key) for key in self.COLUMNS]
        columns = [[heading, *(row[n] for row in rows)] for n, heading in enumerate(headings)]
        natural = [max(cell_width(line) for text in texts for line in text.split("\n"))
                   for texts in columns]  # fmt: skip
        floors = [min(most, _floor(texts)) for most, texts in zip(natural, columns, strict=True)]
        width = self.size.width or self.app.size.width
        # Each column has a cell of padding either side; the vertical scrollbar takes two.
        budget = width - 2 * table.cell_padding * len(headings) - 2
        widths = fit_widths(natural, floors, self.WRAP, budget)
        table.clear(columns=True)
        for heading, column_width in zip(headings, widths, strict=True):
            table.add_column(Text(heading), width=column_width)
        for n, row in enumerate(rows):
            cells = [_lines(text, widths[i] if i in self.WRAP else None)
                     for i, text in enumerate(row)]  # fmt: skip
            table.add_row(
                *(Text("\n".join(lines), end="") for lines in cells),
                height=max(len(lines) for lines in cells),
                key=keys[n] if keys else None,
            )
        self._filled_width = width

    def on_resize(self, event: events.Resize) -> None:
        """Fit the columns again when the terminal's width changes."""
        if self._filled_width is not None and event.size.width != self._filled_width:
            self.load()

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
