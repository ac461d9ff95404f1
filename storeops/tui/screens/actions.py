"""Corrective actions: the list (filter, move on, verify, reopen, edit) and one action's
detail with its whole history.

Every change asks what it needs in a small dialog first (the completion note, the reason
for reopening, who verified it, the new owner, due date or priority), then is one write
through :class:`~storeops.actions.ActionBook`: a write that fails says why and changes
nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from storeops.actions import (
    EVIDENCE_LIMIT,
    PRIORITIES,
    ActionError,
    CorrectiveAction,
    check_edit,
    check_move,
    check_reopen,
    detail_fields,
    evidence_of,
    history_lines,
    item_label,
    item_text,
    needs_evidence,
    parse_due,
)
from storeops.i18n import t
from storeops.storage import StorageError
from storeops.tui.access import context_of, today_of
from storeops.tui.keys import localize_bindings
from storeops.tui.widgets.detail import RecordDetailScreen
from storeops.tui.widgets.form import FormField, FormScreen, GuardedInput, Values
from storeops.tui.widgets.lists import KeyList, TableScreen

NEXT_STATUS = {"open": "in_progress", "in_progress": "done"}


def _manager(screen: Screen[Any]) -> str:
    profile = context_of(screen).profile
    return profile.manager if profile else ""


class FollowUp:
    """The dialogs that change one action, for the screen that shows it: each asks what
    it needs, writes, says what happened and calls ``changed`` once it is written."""

    def __init__(self, screen: Screen[Any], changed: Callable[[], None]) -> None:
        self.screen = screen
        self.changed = changed

    def _write(
        self, change: Callable[[], CorrectiveAction], said: Callable[[CorrectiveAction], str]
    ) -> None:
        try:
            action = change()
        except ActionError as exc:
            self.screen.notify(str(exc), severity="warning")
            return
        except StorageError as exc:  # not written: the action is as it was
            self.screen.notify(str(exc), severity="error")
            return
        self.screen.notify(said(action))
        self.changed()

    def _refused(self, check: Callable[[], None]) -> bool:
        """Whether ``check`` refuses the change (then it says why): no question is
        asked for a change that cannot be made."""
        try:
            check()
        except ActionError as exc:
            self.screen.notify(str(exc), severity="warning")
            return True
        return False

    def _moved(self, action: CorrectiveAction) -> str:
        return t("action.moved", status=action.status_text())

    def advance(self, action: CorrectiveAction) -> None:
        """Open → In progress at once; In progress → Done after asking what was done."""
        target = NEXT_STATUS.get(action.status)
        if target is None:
            self.screen.notify(t("action.err.advance_closed"), severity="warning")
            return
        book, by = context_of(self.screen).actions, _manager(self.screen)
        if target != "done":
            self._write(lambda: book.set_status(action.id, target, by=by), self._moved)
            return

        needed = needs_evidence(action, context_of(self.screen).runs)
        if needed and not evidence_of(action):  # say so before asking what was done
            self.screen.notify(t("action.err.evidence_needed") + " " + t("evidence.attach_hint"),
                               severity="warning")  # fmt: skip
            return

        def done(values: Values | None) -> None:
            if values is not None:
                note = values["note"]

                def close() -> CorrectiveAction:
                    return book.set_status(action.id, "done", by=by, note=note,
                                           needs_evidence=needed)  # fmt: skip

                self._write(close, self._moved)

        field = FormField("note", t("action.field.note"), placeholder=t("action.note.placeholder"))
        self.screen.app.push_screen(
            FormScreen(t("action.done.title"), [field], intro=action.description), done
        )

    def attach(self, action: CorrectiveAction) -> None:
        """Choose a file (a photo of the fix) and attach it as evidence."""
        from storeops.tui.screens.evidence import EvidencePicker

        book, by = context_of(self.screen).actions, _manager(self.screen)

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            from storeops.file_kinds import read_regular

            try:
                data = read_regular(path, limit=EVIDENCE_LIMIT)
            except OSError as exc:
                self.screen.notify(t("cli.actions.evidence_unreadable", path=path, error=exc),
                                   severity="error")  # fmt: skip
                return
            self._write(lambda: book.attach(action.id, [(path.name, data)], by=by),
                        lambda _a: t("evidence.attached", name=path.name))  # fmt: skip

        self.screen.app.push_screen(EvidencePicker(), chosen)

    def verify(self, action: CorrectiveAction) -> None:
        """Ask who verified it (the store's manager unless changed), then record it."""
        if self._refused(lambda: check_move(action, "verified")):
            return
        book = context_of(self.screen).actions

        def done(values: Values | None) -> None:
            if values is not None:
                self._write(lambda: book.verify(action.id, by=values["by"]), self._moved)

        field = FormField("by", t("action.field.verifier"), _manager(self.screen), required=True)
        self.screen.app.push_screen(
            FormScreen(t("action.verify.title"), [field], intro=action.description), done
        )

    def reopen(self, action: CorrectiveAction) -> None:
        """Ask why, then open a done or verified action again."""
        if self._refused(lambda: check_reopen(action)):
            return
        book, by = context_of(self.screen).actions, _manager(self.screen)

        def done(values: Values | None) -> None:
            if values is not None:
                self._write(lambda: book.reopen(action.id, reason=values["reason"], by=by),
                            self._moved)  # fmt: skip

        field = FormField("reason", t("action.field.reason"), required=True)
        self.screen.app.push_screen(
            FormScreen(t("action.reopen.title"), [field], intro=action.description), done
        )

    def edit(self, action: CorrectiveAction) -> None:
        """Change the owner, due date or priority in :class:`EditActionScreen`."""
        if self._refused(lambda: check_edit(action)):
            return
        book, by = context_of(self.screen).actions, _manager(self.screen)

        def done(edit: Edit | None) -> None:
            if edit is None:
                return
            try:
                book.edit(action.id, by=by, owner=edit.owner, due=edit.due,
                          priority=edit.priority)  # fmt: skip
            except ActionError as exc:  # nothing changed, or changed meanwhile
                self.screen.notify(str(exc), severity="information")
                return
            except StorageError as exc:
                self.screen.notify(str(exc), severity="error")
                return
            self.screen.notify(t("action.edited"))
            self.changed()

        self.screen.app.push_screen(EditActionScreen(action), done)


class ActionsScreen(TableScreen):
    """Open actions first (overdue marked), then closed ones; the line above the table
    says the highlighted one's status in full (who verified it and when)."""

    COLUMNS = ("action.col.due", "action.col.status", "action.col.priority", "action.col.owner",
               "action.col.item", "action.col.description")  # fmt: skip
    WRAP = (1, 3, 5)  # status, owner and what to do wrap at spaces
    BINDINGS = [
        # priority: the table's own enter (select the row) would hide it from the footer
        Binding("enter", "details", "key.details", id="actions.details", priority=True),
        Binding("space", "advance", "key.advance", id="actions.advance"),
        Binding("v", "verify", "key.verify", id="actions.verify"),
        Binding("e", "edit", "key.edit", id="actions.edit"),
        Binding("r", "reopen", "key.reopen", id="actions.reopen"),
        Binding("u", "attach", "key.attach", id="actions.attach", show=False),
        # The filters are in the help (?) and the line above the table names those on:
        # with them the footer would not fit 80 columns in either language.
        Binding("o", "filter_toggle('open_only')", "key.open_only", id="actions.open_only",
                show=False),
        Binding("d", "filter_toggle('overdue_only')", "key.overdue_only",
                id="actions.overdue_only", show=False),
        Binding("f", "filter_owner", "key.owner", id="actions.owner", show=False),
    ]  # fmt: skip

    def __init__(self) -> None:
        self.open_only = False
        self.overdue_only = False
        self.owner = ""
        self.rows: list[CorrectiveAction] = []
        self.counts = ""
        super().__init__("actions")
        self.follow = FollowUp(self, self.load)

    def load(self) -> None:
        today = today_of(self)
        self.rows = self.ctx.actions.find(
            today=today, open_only=self.open_only, overdue_only=self.overdue_only,
            owner=self.owner or None,
        )  # fmt: skip
        table = self.table
        cursor = table.cursor_row
        rows = [
            (f"⚠ {action.due}" if action.overdue(today) else action.due,
             t(f"action.status.{action.status}"), t(f"action.priority.{action.priority}"),
             action.owner, item_label(action), action.description)
            for action in self.rows
        ]  # fmt: skip
        # Fitted to the screen: the owner and what to do wrap, nothing is cut at the edge.
        self.fill(rows, keys=[action.id for action in self.rows])
        if self.rows:
            table.move_cursor(row=min(cursor or 0, len(self.rows) - 1))
        parts = [t("action.count", count=len(self.rows))]
        if self.open_only:
            parts.append(t("key.open_only"))
        if self.overdue_only:
            parts.append(t("key.overdue_only"))
        if self.owner:
            parts.append(f"{t('key.owner')}: {self.owner}")
        self.counts = " · ".join(parts)
        self._summarize_selected()

    def _summarize_selected(self) -> None:
        # Item and status only: one line that fits 80 columns, so the table never jumps
        # as the cursor moves (the description is in the table and the detail).
        action = self._selected()
        if action is None:
            self.summarize(self.counts)
        else:
            self.summarize(f"{self.counts}\n{item_label(action)} · {action.status_text()}")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._summarize_selected()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_details()

    def _selected(self) -> CorrectiveAction | None:
        index = self.selected_index(len(self.rows))
        return None if index is None else self.rows[index]

    def _with_selected(self, then: Callable[[CorrectiveAction], None]) -> None:
        action = self._selected()
        if action is not None:
            then(action)

    def action_details(self) -> None:
        def show(action: CorrectiveAction) -> None:
            self.app.push_screen(ActionDetailScreen(action))

        self._with_selected(show)

    def action_advance(self) -> None:
        self._with_selected(self.follow.advance)

    def action_verify(self) -> None:
        self._with_selected(self.follow.verify)

    def action_edit(self) -> None:
        self._with_selected(self.follow.edit)

    def action_reopen(self) -> None:
        self._with_selected(self.follow.reopen)

    def action_attach(self) -> None:
        self._with_selected(self.follow.attach)

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


class ActionDetailScreen(RecordDetailScreen[CorrectiveAction]):
    """One action: its item's text, what must be done, who, when, how urgent, its status
    and its whole history; it scrolls within itself, and the same keys as the list
    change it."""

    PREFIX = "action"
    TITLE_KEY = "action.title"
    HISTORY_KEY = "action.detail.history"
    WIDTH = 76
    READ_ERRORS = (ActionError, StorageError)
    BINDINGS = [
        Binding("escape,q", "close", "key.close", id="action.close"),
        Binding("e", "edit", "key.edit", id="action.edit"),
        Binding("space", "advance", "key.advance", id="action.advance"),
        Binding("v", "verify", "key.verify", id="action.verify"),
        Binding("r", "reopen", "key.reopen", id="action.reopen"),
        Binding("u", "attach", "key.attach", id="action.attach"),
    ]

    def __init__(self, action: CorrectiveAction) -> None:
        self.follow = FollowUp(self, self.show)
        super().__init__(action.id, action)

    def read(self) -> CorrectiveAction:
        return context_of(self).actions.get(self.record_id)

    def fields(self, record: CorrectiveAction) -> list[tuple[str, str]]:
        return detail_fields(record, today_of(self), item_text(record, context_of(self).runs))

    def history(self, record: CorrectiveAction) -> list[str]:
        return history_lines(record)

    def heading(self, record: CorrectiveAction) -> str:
        return record.item_id

    def action_edit(self) -> None:
        self.with_current(self.follow.edit)

    def action_advance(self) -> None:
        self.with_current(self.follow.advance)

    def action_verify(self) -> None:
        self.with_current(self.follow.verify)

    def action_reopen(self) -> None:
        self.with_current(self.follow.reopen)

    def action_attach(self) -> None:
        self.with_current(self.follow.attach)


@dataclass(frozen=True)
class Edit:
    """What :class:`EditActionScreen` returns: the owner, due date and priority wanted."""

    owner: str
    due: date
    priority: str


class EditActionScreen(ModalScreen[Edit | None]):
    """Owner and due date typed (the due date as when raising: ``YYYY-MM-DD`` or
    ``+N`` days), the priority chosen from a list in the current language. Enter moves
    on and, on the priority, saves; ctrl+s saves from anywhere; escape cancels."""

    DEFAULT_CSS = """
    EditActionScreen {
        align: center middle;
    }
    #action-edit {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        padding: 0 1;
        background: $surface;
    }
    #action-edit Label {
        margin-top: 1;
    }
    #action-edit-priority {
        height: auto;
    }
    #action-edit-errors {
        color: $error;
        height: auto;
    }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "key.save", id="action_edit.save"),
        Binding("escape", "cancel", "key.cancel", id="action_edit.cancel"),
    ]

    def __init__(self, action: CorrectiveAction) -> None:
        super().__init__()
        self.action = action
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        action = self.action
        with VerticalScroll(id="action-edit") as box:
            box.border_title = f"{t('action.edit.title')} · {action.item_id}"
            yield Static(action.description, classes="intro", markup=False)
            yield Label(f"{t('action.field.owner')} *")
            yield GuardedInput(action.owner, id="action-edit-owner")
            yield Label(f"{t('action.field.due')} *")
            yield GuardedInput(action.due, id="action-edit-due", placeholder="YYYY-MM-DD / +7")
            yield Label(t("action.field.priority"))
            options = [Option(t(f"action.priority.{p}"), id=p) for p in PRIORITIES]
            yield KeyList(*options, id="action-edit-priority")
            yield Static("", id="action-edit-errors", markup=False)
            yield Static(t("action.edit.hint"), classes="hint", markup=False)

    def on_mount(self) -> None:
        priorities = self.query_one("#action-edit-priority", OptionList)
        if self.action.priority in PRIORITIES:
            priorities.highlighted = PRIORITIES.index(self.action.priority)
        owner = self.query_one("#action-edit-owner", Input)
        owner.focus()

    def _priority(self) -> str:
        priorities = self.query_one("#action-edit-priority", OptionList)
        index = priorities.highlighted
        return PRIORITIES[index] if index is not None else self.action.priority

    def action_save(self) -> None:
        owner = self.query_one("#action-edit-owner", Input).value.strip()
        typed_due = self.query_one("#action-edit-due", Input).value
        problems = []
        if not owner:
            problems.append(t("form.err.required", field=t("action.field.owner")))
        due: date | None = None
        try:
            due = parse_due(typed_due, today_of(self))
        except ActionError as exc:
            problems.append(str(exc))
        if problems or due is None:
            self.query_one("#action-edit-errors", Static).update("\n".join(problems))
            return
        self.dismiss(Edit(owner, due, self._priority()))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "action-edit-owner":
            self.query_one("#action-edit-due", Input).focus()
        else:
            self.query_one("#action-edit-priority", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_save()
