"""Corrective actions: filter, move on, verify."""

from __future__ import annotations

from textual.binding import Binding

from storeops.actions import ActionError, CorrectiveAction
from storeops.i18n import t
from storeops.storage import StorageError
from storeops.tui.access import today_of
from storeops.tui.widgets.form import FormField, FormScreen, Values
from storeops.tui.widgets.lists import TableScreen

NEXT_STATUS = {"open": "in_progress", "in_progress": "done"}


class ActionsScreen(TableScreen):
    """Open actions first (overdue marked), then closed ones."""

    COLUMNS = ("action.col.due", "action.col.status", "action.col.priority", "action.col.owner",
               "action.col.item", "action.col.description")  # fmt: skip
    BINDINGS = [
        Binding("space", "advance", "key.advance", id="actions.advance"),
        Binding("v", "verify", "key.verify", id="actions.verify"),
        Binding("o", "filter_toggle('open_only')", "key.open_only", id="actions.open_only"),
        Binding(
            "d", "filter_toggle('overdue_only')", "key.overdue_only", id="actions.overdue_only"
        ),
        Binding("f", "filter_owner", "key.owner", id="actions.owner"),
    ]

    def __init__(self) -> None:
        self.open_only = False
        self.overdue_only = False
        self.owner = ""
        self.rows: list[CorrectiveAction] = []
        super().__init__("actions")

    def load(self) -> None:
        today = today_of(self)
        self.rows = self.ctx.actions.find(
            today=today, open_only=self.open_only, overdue_only=self.overdue_only,
            owner=self.owner or None,
        )  # fmt: skip
        table = self.table
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
        parts = [t("action.count", count=len(self.rows))]
        if self.open_only:
            parts.append(t("key.open_only"))
        if self.overdue_only:
            parts.append(t("key.overdue_only"))
        if self.owner:
            parts.append(f"{t('key.owner')}: {self.owner}")
        self.summarize(" · ".join(parts))

    def _selected(self) -> CorrectiveAction | None:
        index = self.selected_index(len(self.rows))
        return None if index is None else self.rows[index]

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
        self.notify(t("action.moved", status=t(f"action.status.{status}")))
        self.load()

    def action_advance(self) -> None:
        action = self._selected()
        if action is not None and action.status in NEXT_STATUS:
            self._set(NEXT_STATUS[action.status])

    def action_verify(self) -> None:
        self._set("verified")

    def action_filter_toggle(self, name: str) -> None:
        setattr(self, name, not getattr(self, name))
        self.load()

    def action_filter_owner(self) -> None:
        def done(values: Values | None) -> None:
            if values is not None:
                self.owner = values["owner"]
                self.load()

        field = FormField("owner", t("key.owner"), self.owner)
        self.app.push_screen(FormScreen(t("key.owner"), [field]), done)
