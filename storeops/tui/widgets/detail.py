"""One record on a screen of its own: labelled fields, then its whole history.

A corrective action and a complaint are shown the same way: a box that scrolls within
itself over the screen they were opened from, filled again from the record as stored
after each change made from it (and closed if the record is gone).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, Generic, TypeVar

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from storeops.i18n import t
from storeops.tui.keys import localize_bindings
from storeops.tui.widgets.footer import KeyFooter

R = TypeVar("R")


class RecordDetailScreen(ModalScreen[None], Generic[R]):
    """Subclasses say which record (``PREFIX`` names the widgets: ``#<prefix>-detail``,
    ``#<prefix>-value-N``, ``#<prefix>-history``, classes ``.<prefix>-row|label|value``)
    and how to read and show it."""

    PREFIX: ClassVar[str] = "record"
    TITLE_KEY: ClassVar[str] = ""
    HISTORY_KEY: ClassVar[str] = ""
    WIDTH: ClassVar[int] = 76
    READ_ERRORS: ClassVar[tuple[type[Exception], ...]] = ()

    DEFAULT_CSS = """
    RecordDetailScreen {
        align: center middle;
    }
    RecordDetailScreen .detail-box {
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        padding: 0 1;
        background: $surface;
    }
    RecordDetailScreen .detail-row {
        height: auto;
    }
    RecordDetailScreen .detail-label {
        color: $text-muted;
    }
    RecordDetailScreen .detail-value {
        width: 1fr;
    }
    RecordDetailScreen .detail-history {
        margin-top: 1;
    }
    """
    BINDINGS = [
        Binding("j", "scroll('down')", show=False),
        Binding("k", "scroll('up')", show=False),
    ]

    def __init__(self, record_id: str, record: R) -> None:
        super().__init__()
        self.record_id = record_id
        self.record: R | None = record
        localize_bindings(self)

    # what a subclass says
    def read(self) -> R:
        """The record as stored now; raises one of ``READ_ERRORS`` when it cannot be."""
        raise NotImplementedError

    def fields(self, record: R) -> list[tuple[str, str]]:
        """(label, value) pairs; the labels are the same for every record of the kind."""
        raise NotImplementedError

    def history(self, record: R) -> list[str]:
        raise NotImplementedError

    def heading(self, record: R) -> str:
        """What follows the title in the box's border (the item, the complaint's id)."""
        raise NotImplementedError

    # the same for every kind
    def compose(self) -> ComposeResult:
        labels = [label for label, _ in self.fields(self.record)] if self.record else []
        width = max((cell_len(label) for label in labels), default=0) + 2
        prefix = self.PREFIX
        with VerticalScroll(id=f"{prefix}-detail", classes="detail-box") as box:
            box.styles.width = self.WIDTH
            box.border_title = t(self.TITLE_KEY)
            for n, label in enumerate(labels):
                with Horizontal(classes=f"detail-row {prefix}-row"):
                    name = Static(label, classes=f"detail-label {prefix}-label", markup=False)
                    name.styles.width = width
                    yield name
                    yield Static("", id=f"{prefix}-value-{n}",
                                 classes=f"detail-value {prefix}-value", markup=False)  # fmt: skip
            yield Static("", id=f"{prefix}-history", classes="detail-history", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show()
        self.query_one(f"#{self.PREFIX}-detail", VerticalScroll).focus()

    def current(self) -> R | None:
        """The record as stored now (``None``, and said, if it cannot be read)."""
        try:
            return self.read()
        except self.READ_ERRORS as exc:
            self.notify(str(exc), severity="warning")
            return None

    def show(self) -> None:
        """Fill the view from the record as stored now (closed if it is gone)."""
        record = self.current()
        if record is None:
            self.dismiss(None)
            return
        self.record = record
        prefix = self.PREFIX
        box = self.query_one(f"#{prefix}-detail", VerticalScroll)
        box.border_title = f"{t(self.TITLE_KEY)} · {self.heading(record)}"
        for n, (_label, value) in enumerate(self.fields(record)):
            self.query_one(f"#{prefix}-value-{n}", Static).update(value)
        lines = [t(self.HISTORY_KEY), *(f"  {line}" for line in self.history(record))]
        self.query_one(f"#{prefix}-history", Static).update("\n".join(lines))

    def with_current(self, then: Callable[[R], None]) -> None:
        """Do ``then`` with the record as stored now, if it can be read."""
        record = self.current()
        if record is not None:
            then(record)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll(self, direction: str) -> None:
        box = self.query_one(f"#{self.PREFIX}-detail", VerticalScroll)
        if direction == "down":
            box.scroll_down()
        else:
            box.scroll_up()
