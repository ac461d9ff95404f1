"""The complaint log: the list (``v`` on the dashboard), logging one, its detail with what
三包 owes and the rule that says so, moving it through the seed's steps, a corrective action
when the cause is the store's, closing it with the remedy given, the follow-up call, and the
monthly analysis.

Every change asks what it needs in a small dialog first, then is one write through
:class:`~storeops.complaints.ComplaintBook`: a write that fails says why and changes nothing.
The list never shows the customer's name or phone; the detail shows them (the manager makes
the follow-up call from it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable

from storeops.actions import PRIORITIES, ActionError, parse_due
from storeops.complaint_export import detail_fields
from storeops.complaint_report import BY, analyse
from storeops.complaints import (
    CATEGORIES,
    CAUSES,
    GIVEN,
    OUTCOMES,
    Complaint,
    ComplaintBook,
    ComplaintError,
    follow_ups_due,
    history_lines,
    next_status,
    past_retention,
)
from storeops.i18n import t
from storeops.rounding import one_decimal
from storeops.storage import StorageError
from storeops.tui.access import context_of, today_of
from storeops.tui.widgets.detail import RecordDetailScreen
from storeops.tui.widgets.form import FormField, FormScreen, Values
from storeops.tui.widgets.lists import TableScreen

NO_YES = (("no", "complaint.no"), ("yes", "complaint.yes"))


def _book(screen: Screen[Any]) -> ComplaintBook:
    ctx = context_of(screen)
    return ComplaintBook(ctx.store, ctx.profile.rules if ctx.profile else None)


def _manager(screen: Screen[Any]) -> str:
    profile = context_of(screen).profile
    return profile.manager if profile else ""


def _staff(screen: Screen[Any]) -> tuple[str, ...]:
    return tuple(member.name for member in context_of(screen).staff.all())


def _choices(prefix: str, keys: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((key, f"{prefix}.{key}") for key in keys)


def _said(complaint: Complaint) -> str:
    owed = complaint.owed
    return t("complaint.remedies", remedies=owed.remedies_text(), rule=owed.rule_text())


class Handling:
    """The dialogs that log and change complaints, for the screen that shows them: each asks
    what it needs, writes, says what happened and calls ``changed`` once it is written."""

    def __init__(self, screen: Screen[Any], changed: Callable[[], None]) -> None:
        self.screen = screen
        self.changed = changed

    def _write(self, change: Callable[[], Any], said: Callable[[Any], str]) -> Any:
        try:
            done = change()
        except (ComplaintError, ActionError) as exc:
            self.screen.notify(str(exc), severity="warning", timeout=10)
            return None
        except StorageError as exc:  # not written: the complaint is as it was
            self.screen.notify(str(exc), severity="error", timeout=15)
            return None
        self.screen.notify(said(done), timeout=10)
        self.changed()
        return done

    def _ask(self, title: str, fields: list[FormField], intro: str,
             then: Callable[[Values], None]) -> None:  # fmt: skip
        def done(values: Values | None) -> None:
            if values is not None:
                then(values)

        self.screen.app.push_screen(FormScreen(title, fields, intro=intro), done)

    def log(self, opened: Callable[[Complaint], None]) -> None:
        """Ask for the record (seed 003's fields), log it, and open it (``opened``) with what
        三包 owes shown."""
        screen = self.screen
        rules = _book(screen).rules
        categories = tuple((c, c) for c in sorted(rules.category_warranty))
        fields = [
            FormField("customer", t("complaint.field.customer"),
                      placeholder=t("complaint.tui.customer_hint")),
            FormField("phone", t("complaint.field.phone"), placeholder="13812345678"),
            FormField("category", t("complaint.field.category"), "product", required=True,
                      choices=_choices("complaint.category", CATEGORIES)),
            FormField("product", t("complaint.field.product")),
            FormField("batch", t("complaint.field.batch")),
            FormField("purchased", t("complaint.field.purchased"), placeholder="YYYY-MM-DD"),
            *([FormField("product_category", t("complaint.field.product_category"),
                         choices=categories)] if categories else []),
            FormField("altered", t("complaint.field.altered"), "no", required=True,
                      choices=NO_YES),
            FormField("usage", t("complaint.field.usage")),
            FormField("staff", t("complaint.field.staff"), suggestions=_staff(screen)),
            FormField("cause", t("complaint.field.cause"),
                      choices=(("", "complaint.detail.cause_open"),
                               *_choices("complaint.cause", CAUSES))),
            FormField("description", t("complaint.field.description"), required=True),
            FormField("demand", t("complaint.field.demand")),
            FormField("received_by", t("complaint.field.received_by"), _manager(screen),
                      suggestions=_staff(screen)),
        ]  # fmt: skip
        ctx = context_of(screen)
        code = ctx.profile.store_code if ctx.profile else ""

        def then(values: Values) -> None:
            logged = self._write(
                lambda: _book(screen).log(values, store_code=code, by=_manager(screen)), _said
            )
            if logged is not None:
                opened(logged)

        self._ask(t("complaint.tui.new"), fields, t("complaint.tui.new_intro"), then)

    def advance(self, complaint: Complaint) -> None:
        """On to the next step of the seed's process (closing asks for the remedy)."""
        if next_status(complaint) is None:
            key = "complaint.err.closed" if complaint.closed else "complaint.err.only_close"
            self.screen.notify(t(key), severity="warning")
            return
        book, by = _book(self.screen), _manager(self.screen)
        self._write(lambda: book.move(complaint.id, by=by),
                    lambda c: t("complaint.tui.moved", status=c.status_text()))  # fmt: skip

    def close(self, complaint: Complaint) -> None:
        """Ask the remedy given (the first 三包 owes, by default), the amount refunded and a
        note; close it; the follow-up call falls due."""
        if complaint.closed:
            self.screen.notify(t("complaint.err.closed"), severity="warning")
            return
        owed = complaint.owed.remedies
        fields = [
            FormField("remedy", t("complaint.detail.given"), owed[0] if owed else "apology",
                      required=True, choices=_choices("complaint.given", GIVEN)),
            FormField("refund", t("complaint.field.refund"), "0", numeric=True),
            FormField("note", t("complaint.field.note")),
        ]  # fmt: skip
        book, by = _book(self.screen), _manager(self.screen)

        def then(values: Values) -> None:
            try:
                refund = float(values["refund"] or 0)
            except ValueError:
                self.screen.notify(t("complaint.err.refund", value=values["refund"]),
                                   severity="warning")  # fmt: skip
                return
            self._write(
                lambda: book.close(complaint.id, remedy=values["remedy"], refund=refund,
                                   note=values["note"], by=by),
                lambda c: t("complaint.tui.closed", day=c.follow_up_due),
            )  # fmt: skip

        intro = f"{complaint.description}\n{_said(complaint)}"
        self._ask(t("complaint.tui.close"), fields, intro, then)

    def call(self, complaint: Complaint) -> None:
        """Record the follow-up call: how it went and a note (still unhappy reopens it)."""
        if not complaint.follow_up_pending():
            self.screen.notify(t("complaint.err.no_call"), severity="warning")
            return
        fields = [
            FormField("outcome", t("complaint.field.outcome"), "resolved", required=True,
                      choices=_choices("complaint.outcome", OUTCOMES)),
            FormField("note", t("complaint.field.note")),
        ]  # fmt: skip
        book, by = _book(self.screen), _manager(self.screen)

        def said(called: Complaint) -> str:
            if not called.closed:
                return t("complaint.tui.reopened")
            return t(
                "complaint.tui.called", outcome=t(f"complaint.outcome.{called.last_outcome()}")
            )

        def then(values: Values) -> None:
            self._write(lambda: book.follow_up(complaint.id, outcome=values["outcome"],
                                               note=values["note"], by=by), said)  # fmt: skip

        intro = t("complaint.tui.call_intro", phone=complaint.phone or "—",
                  customer=complaint.customer or "—")  # fmt: skip
        self._ask(t("complaint.tui.call"), fields, intro, then)

    def action(self, complaint: Complaint) -> None:
        """Raise a corrective action in the actions book (a cause of the store's only)."""
        if not complaint.store_caused:
            cause = t(f"complaint.cause.{complaint.cause}") if complaint.cause else "—"
            self.screen.notify(t("complaint.err.not_store", cause=cause), severity="warning",
                               timeout=10)  # fmt: skip
            return
        ctx = context_of(self.screen)
        fields = [
            FormField("description", t("action.field.description"), complaint.description,
                      required=True),
            FormField("owner", t("action.field.owner"), required=True,
                      suggestions=_staff(self.screen)),
            FormField("due", t("action.field.due"), "+7", required=True,
                      placeholder="YYYY-MM-DD / +7"),
            FormField("priority", t("action.field.priority"), "medium", required=True,
                      choices=tuple((p, f"action.priority.{p}") for p in PRIORITIES)),
        ]  # fmt: skip
        book, by, today = _book(self.screen), _manager(self.screen), today_of(self.screen)

        def then(values: Values) -> None:
            def raise_it() -> Any:
                due = parse_due(values["due"], today)
                return book.raise_action(ctx.actions, complaint.id,
                                         description=values["description"],
                                         owner=values["owner"], due=due,
                                         priority=values["priority"], by=by)  # fmt: skip

            self._write(raise_it, lambda a: t("complaint.tui.action", owner=a.owner, due=a.due))

        cause = t(f"complaint.cause.{complaint.cause}")
        self._ask(t("complaint.tui.action_title"), fields,
                  t("complaint.tui.action_intro", cause=cause), then)  # fmt: skip

    def edit(self, complaint: Complaint) -> None:
        """Change what analysis finds (cause, product, purchase, staff, demand …); 三包 is
        worked out again."""
        fields = [
            FormField("cause", t("complaint.field.cause"), complaint.cause,
                      choices=(("", "complaint.detail.cause_open"),
                               *_choices("complaint.cause", CAUSES))),
            FormField("category", t("complaint.field.category"), complaint.category,
                      required=True, choices=_choices("complaint.category", CATEGORIES)),
            FormField("product", t("complaint.field.product"), complaint.product),
            FormField("purchased", t("complaint.field.purchased"), complaint.purchased,
                      placeholder="YYYY-MM-DD"),
            FormField("altered", t("complaint.field.altered"),
                      "yes" if complaint.altered else "no", required=True, choices=NO_YES),
            FormField("staff", t("complaint.field.staff"), complaint.staff,
                      suggestions=_staff(self.screen)),
            FormField("demand", t("complaint.field.demand"), complaint.demand),
            FormField("phone", t("complaint.field.phone"), complaint.phone),
        ]  # fmt: skip
        book, by = _book(self.screen), _manager(self.screen)

        def then(values: Values) -> None:
            self._write(lambda: book.update(complaint.id, values, by=by), _said)

        self._ask(t("complaint.tui.edit"), fields, complaint.description, then)


class ComplaintsScreen(TableScreen):
    """Complaints, newest first: when received, its step, the product (else the staff member,
    else the category) and the cause, what 三包 owes, the follow-up call (⚠ overdue). The line
    above the table counts them and the calls due, and names complaints that keep contact
    details past the retention."""

    COLUMNS = ("complaint.col.received", "complaint.col.status", "complaint.col.about",
               "complaint.col.remedies", "complaint.col.follow_up")  # fmt: skip
    WRAP = (2, 3)
    BINDINGS = [
        # priority: the table's own enter (select the row) would hide it from the footer
        Binding("enter", "details", "key.details", id="complaints.details", priority=True),
        Binding("n", "new", "key.new_complaint", id="complaints.new"),
        Binding("space", "advance", "key.next_step", id="complaints.advance"),
        Binding("c", "close_case", "key.close_case", id="complaints.close_case"),
        Binding("f", "call", "key.call", id="complaints.call"),
        Binding("a", "action", "key.action", id="complaints.action"),
        Binding("s", "analysis", "key.analysis", id="complaints.analysis"),
        Binding("o", "open_only", "key.open_only", id="complaints.open_only", show=False),
    ]

    def __init__(self) -> None:
        self.open_only = False
        self.rows: list[Complaint] = []
        super().__init__("complaints")
        self.handling = Handling(self, self.load)

    def load(self) -> None:
        today = today_of(self)
        book = _book(self)
        every = book.all()
        self.rows = [c for c in every if not (self.open_only and c.closed)]
        rows = []
        for c in self.rows:
            what = c.product or c.staff or t(f"complaint.category.{c.category}")
            cause = t(f"complaint.cause.{c.cause}") if c.cause else ""
            call = ""
            if c.follow_up_pending():
                call = ("⚠ " if c.follow_up_overdue(today) else "") + c.follow_up_due
            elif c.last_outcome():
                call = t(f"complaint.outcome.{c.last_outcome()}")
            remedies = c.owed.remedies_text() if c.purchased else "—"
            rows.append([c.received_on, c.status_text(), " · ".join(p for p in (what, cause) if p),
                         remedies, call])  # fmt: skip
        self.fill(rows, [c.id for c in self.rows])
        parts = [t("complaint.tui.count", count=len(self.rows))]
        calls = follow_ups_due(every, today)
        if calls:
            parts.append(t("complaint.tui.calls_due", count=len(calls)))
        if self.open_only:
            parts.append(t("key.open_only"))
        old = past_retention(every, today, book.rules.retention_months)
        if old:
            parts.append(t("complaint.tui.past_retention", count=len(old)))
        self.summarize(" · ".join(parts) + "\n" + t("complaint.tui.list_hint"))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_details()

    def _selected(self) -> Complaint | None:
        index = self.selected_index(len(self.rows))
        return None if index is None else self.rows[index]

    def _with_selected(self, then: Callable[[Complaint], None]) -> None:
        complaint = self._selected()
        if complaint is not None:
            then(complaint)

    def open_detail(self, complaint: Complaint) -> None:
        self.app.push_screen(ComplaintDetailScreen(complaint))

    def action_details(self) -> None:
        self._with_selected(self.open_detail)

    def action_new(self) -> None:
        self.handling.log(self.open_detail)

    def action_advance(self) -> None:
        self._with_selected(self.handling.advance)

    def action_close_case(self) -> None:
        self._with_selected(self.handling.close)

    def action_call(self) -> None:
        self._with_selected(self.handling.call)

    def action_action(self) -> None:
        self._with_selected(self.handling.action)

    def action_open_only(self) -> None:
        self.open_only = not self.open_only
        self.load()

    def action_analysis(self) -> None:
        self.app.push_screen(ComplaintAnalysisScreen())


class ComplaintDetailScreen(RecordDetailScreen[Complaint]):
    """One complaint: the record, what 三包 owes and the rule, its step, the remedy given, the
    corrective actions and the follow-up call, then its whole history; it scrolls within
    itself, and the same keys as the list change it."""

    PREFIX = "complaint"
    TITLE_KEY = "complaint.tui.title"
    HISTORY_KEY = "complaint.detail.history"
    WIDTH = 78
    READ_ERRORS = (ComplaintError, StorageError)
    BINDINGS = [
        Binding("escape,q", "close", "key.close", id="complaint.close"),
        Binding("space", "advance", "key.next_step", id="complaint.advance"),
        Binding("c", "close_case", "key.close_case", id="complaint.close_case"),
        Binding("f", "call", "key.call", id="complaint.call"),
        Binding("a", "action", "key.action", id="complaint.action"),
        Binding("e", "edit", "key.edit", id="complaint.edit"),
    ]

    def __init__(self, complaint: Complaint) -> None:
        self.handling = Handling(self, self.show)
        super().__init__(complaint.id, complaint)

    def read(self) -> Complaint:
        return _book(self).get(self.record_id)

    def fields(self, record: Complaint) -> list[tuple[str, str]]:
        actions = _book(self).actions_of(context_of(self).actions, record)
        return detail_fields(record, actions, today_of(self), contact="show")

    def history(self, record: Complaint) -> list[str]:
        return history_lines(record)

    def heading(self, record: Complaint) -> str:
        return record.id

    def action_advance(self) -> None:
        self.with_current(self.handling.advance)

    def action_close_case(self) -> None:
        self.with_current(self.handling.close)

    def action_call(self) -> None:
        self.with_current(self.handling.call)

    def action_action(self) -> None:
        self.with_current(self.handling.action)

    def action_edit(self) -> None:
        self.with_current(self.handling.edit)


class ComplaintAnalysisScreen(TableScreen):
    """The month's analysis (seed 003): a Pareto of the complaints by category, cause,
    product or staff member (``b``), or the count by month (``m``); above it the totals, the
    mean days to close and the follow-up calls made on time. A figure to chart, not a
    target."""

    COLUMNS: tuple[str, ...] = ("complaint.report.col.key", "complaint.report.col.count",
                                "report.pareto.col.pct", "report.pareto.col.cum")  # fmt: skip
    MONTH_COLUMNS = ("complaint.report.col.month", "complaint.report.col.count",
                     "complaint.report.col.change")  # fmt: skip
    WRAP = (0,)
    BINDINGS = [
        Binding("b", "by", "key.by", id="complaint_analysis.by"),
        Binding("m", "months", "key.months", id="complaint_analysis.months"),
    ]

    def __init__(self) -> None:
        self.by = BY[0]
        self.months = False
        super().__init__("complaint-analysis")

    def load(self) -> None:
        today = today_of(self)
        analysis = analyse(_book(self).all(), self.by, today)
        if self.months:
            self.COLUMNS = self.MONTH_COLUMNS
            rows = [[m.month, str(m.count), "" if m.change is None else f"{m.change:+d}"]
                    for m in reversed(analysis.months)]  # fmt: skip
        else:
            self.COLUMNS = type(self).COLUMNS
            rows = [[r.label, str(r.count), one_decimal(r.percent), one_decimal(r.cumulative)]
                    for r in analysis.pareto]  # fmt: skip
        self.fill(rows)
        days = one_decimal(analysis.mean_days_to_close)
        head = (
            t("complaint.report.months")
            if self.months
            else t("complaint.report.title", by=t(f"complaint.by.{self.by}"))
        )
        self.summarize("\n".join([
            head,
            t("complaint.tui.figures", count=analysis.total, days=days,
              on_time=analysis.calls_on_time, due=analysis.calls_due),
        ]))  # fmt: skip

    def action_by(self) -> None:
        self.by = BY[(BY.index(self.by) + 1) % len(BY)]
        self.months = False
        self.load()

    def action_months(self) -> None:
        self.months = not self.months
        self.load()
