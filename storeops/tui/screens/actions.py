"""Corrective actions: filter, move on, verify."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from storeops.actions import ActionError, CorrectiveAction
from storeops.i18n import t
from storeops.storage import StorageError
from storeops.tui.keys import localize_bindings
from storeops.tui.widgets.form import FormField, FormScreen, Values

NEXT_STATUS = {"open": "in_progress", "in_progress": "done"}


class ActionsScreen(Screen[None]):
    """Open actions first (overdue marked), then closed ones."""

    BINDINGS = [
        Binding("space", "advance", "key.advance", id="actions.advance"),
        Binding("v", "verify", "key.verify", id="actions.verify"),
        Binding("o", "toggle('open_only')", "key.open_only", id="actions.open_only"),
        Binding("d", "toggle('overdue_only')", "key.overdue_only", id="actions.overdue_only"),
        Binding("f", "filter_owner", "key.owner", id="actions.owner"),
        Binding("j", "cursor_down", show=False),
        Binding("k", "cursor_up", show=False),
        Binding("escape,q", "close", "key.close", id="actions.close"),
    ]

    def __init__(self) -> None:
        super().__init__(id="actions")
        self.open_only = False
        self.overdue_only = False
        self.owner = ""
        self.rows: list[CorrectiveAction] = []
        localize_bindings(self)

    @property
    def ctx(self):  # type: ignore[no-untyped-def]
        return self.app.ctx  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="☰")
        yield Static("", id="actions-filters", markup=False)
        yield DataTable(id="actions-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key in ("act.col.due", "act.col.status", "act.col.priority", "act.col.owner",
                    "act.col.item", "act.col.description"):  # fmt: skip
            table.add_column(t(key))
        self.load()
        table.focus()

    def load(self) -> None:
        today = self.app.today()  # type: ignore[attr-defined]
        self.rows = self.ctx.actions.find(
            today=today, open_only=self.open_only, overdue_only=self.overdue_only,
            owner=self.owner or None,
        )  # fmt: skip
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        for action in self.rows:
            due = f"⚠ {action.due}" if action.overdue(today) else action.due
            table.add_row(
                due, t(f"action.status.{action.status}"), t(f"action.priority.{action.priority}"),
                action.owner, action.item_id, action.description, key=action.id,
            )  # fmt: skip
        if self.rows:
            table.move_cursor(row=min(cursor or 0, len(self.rows) - 1))
        parts = [t("act.count", count=len(self.rows))]
        if self.open_only:
            parts.append(t("key.open_only"))
        if self.overdue_only:
            parts.append(t("key.overdue_only"))
        if self.owner:
            parts.append(f"{t('key.owner')}: {self.owner}")
        self.query_one("#actions-filters", Static).update(" · ".join(parts))

    def _selected(self) -> CorrectiveAction | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row is None:
            return None
        return self.rows[table.cursor_row]

    def _set(self, status: str) -> None:
        action = self._selected()
        if action is None:
            return
        profile = self.ctx.profile
        try:
            self.ctx.actions.set_status(action.id, status, by=profile.manager if profile else "")
        except (ActionError, StorageError) as exc:
            self.notify(str(exc), severity="warning")
            return
        self.notify(t("act.moved", status=t(f"action.status.{status}")))
        self.load()

    def action_advance(self) -> None:
        action = self._selected()
        if action is not None and action.status in NEXT_STATUS:
            self._set(NEXT_STATUS[action.status])

    def action_verify(self) -> None:
        self._set("verified")

    def action_toggle(self, name: str) -> None:
        setattr(self, name, not getattr(self, name))
        self.load()

    def action_filter_owner(self) -> None:
        def done(values: Values | None) -> None:
            if values is not None:
                self.owner = values["owner"]
                self.load()

        field = FormField("owner", t("key.owner"), self.owner)
        self.app.push_screen(FormScreen(t("key.owner"), [field]), done)

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)
