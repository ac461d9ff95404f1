"""``storeops complaints add | list | show | update | close | follow-up | due | settings |
erase-contacts``: the complaint log from the shell, as in the app (``v`` on the dashboard).

The customer's name and phone never appear in a table; JSON and the printable page show them
masked (``张**``, ``138****5678``) unless ``--include-contact`` is given. Each change is one
write; a change that cannot be made says why and exits 1, a malformed value exits 2.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from storeops.cli._common import (
    EXIT_USAGE,
    OutputFormat,
    clock,
    day_option,
    echo_json,
    fail,
    format_option,
    gaps_in,
    incomplete,
    opened,
    print_table,
    since_option,
    until_option,
    write_or_fail,
)
from storeops.i18n import t
from storeops.rounding import one_decimal

if TYPE_CHECKING:
    from storeops.complaint_report import ComplaintAnalysis
    from storeops.complaints import Complaint, ComplaintBook
    from storeops.context import Context

LIST_COLUMNS = ("cli.col.id", "complaint.col.received", "complaint.col.status",
                "complaint.col.category", "complaint.col.cause", "complaint.col.product",
                "complaint.col.remedies", "complaint.col.follow_up")  # fmt: skip
CALL_COLUMNS = ("cli.col.id", "complaint.col.call_due", "complaint.col.received",
                "complaint.col.category", "complaint.col.product",
                "complaint.col.given")  # fmt: skip


class Category(StrEnum):
    """``--category``: Typer refuses any other value (exit code 2)."""

    product = "product"
    service = "service"
    after_sales = "after_sales"


class Cause(StrEnum):
    """``--cause``."""

    defect = "defect"
    misuse = "misuse"
    attitude = "attitude"
    service_quality = "service_quality"
    price = "price"
    environment = "environment"
    facilities = "facilities"
    policy = "policy"
    other = "other"


class Given(StrEnum):
    """``--remedy`` of ``close``: what the customer was given."""

    return_ = "return"
    exchange = "exchange"
    repair = "repair"
    apology = "apology"
    compensation = "compensation"
    none = "none"


class Outcome(StrEnum):
    """``--outcome`` of ``follow-up``."""

    no_answer = "no_answer"
    reached = "reached"
    resolved = "resolved"
    unhappy = "unhappy"


class Shown(StrEnum):
    """``--status`` of ``list``."""

    open = "open"
    closed = "closed"
    all = "all"


class Priority(StrEnum):
    """``--priority`` of a corrective action."""

    high = "high"
    medium = "medium"
    low = "low"


def register(app: typer.Typer) -> None:
    group = typer.Typer(help=t("cli.complaints.help"), no_args_is_help=True)
    app.add_typer(group, name="complaints")
    group.command("add", help=t("cli.complaints.add.help"))(add_complaint)
    group.command("list", help=t("cli.complaints.list.help"))(list_complaints)
    group.command("show", help=t("cli.complaints.show.help"))(show_complaint)
    group.command("update", help=t("cli.complaints.update.help"))(update_complaint)
    group.command("close", help=t("cli.complaints.close.help"))(close_complaint)
    group.command("follow-up", help=t("cli.complaints.follow_up.help"))(follow_up)
    group.command("due", help=t("cli.complaints.due.help"))(calls_due)
    group.command("settings", help=t("cli.complaints.settings.help"))(settings)
    group.command("erase-contacts", help=t("cli.complaints.erase.help"))(erase_contacts)


def _id_argument() -> Any:
    return typer.Argument(metavar="COMPLAINT_ID", help=t("cli.arg.complaint_id"))


def _contact_option() -> Any:
    return typer.Option("--include-contact", help=t("cli.opt.complaint_contact"))


def _text(name: str) -> Any:
    return typer.Option(f"--{name.replace('_', '-')}", help=t(f"complaint.field.{name}"),
                        show_default=False)  # fmt: skip


def _date_text(name: str) -> Any:
    return typer.Option(f"--{name.replace('_', '-')}", metavar="YYYY-MM-DD",
                        help=t(f"complaint.field.{name}"), show_default=False)  # fmt: skip


def _who(ctx: Context) -> str:
    return ctx.profile.manager if ctx.profile else ""


def book_of(ctx: Context) -> ComplaintBook:
    """The complaint book under the store's after-sales settings."""
    from storeops.complaints import ComplaintBook

    return ComplaintBook(ctx.store, ctx.profile.rules if ctx.profile else None)


def as_json(complaint: Complaint, today: date, *, include_contact: bool) -> dict[str, Any]:
    """A complaint for ``--format json``: its fields (contact details masked unless asked
    for), what 三包 owes (``remedies``: ``return`` / ``exchange`` / ``repair``) with the rule."""
    customer, phone = complaint.contact_shown(include_contact)
    owed = complaint.owed
    doc = complaint.to_doc()
    del doc["entitlement"]
    return {
        **doc, "customer": customer, "phone": phone, "remedies": list(owed.remedies),
        "rule": owed.rule, "rule_text": owed.rule_text(), "days_after_purchase": owed.day,
        "follow_up_overdue": complaint.follow_up_overdue(today),
        "reopened": complaint.reopened,
    }  # fmt: skip


def _remedies_cell(complaint: Complaint) -> str:
    owed = complaint.owed
    return owed.remedies_text() if complaint.purchased else "—"


def _call_cell(complaint: Complaint, today: date) -> str:
    if complaint.follow_up_pending():
        mark = "⚠ " if complaint.follow_up_overdue(today) else ""
        return f"{mark}{complaint.follow_up_due}"
    outcome = complaint.last_outcome()
    return t(f"complaint.outcome.{outcome}") if outcome else ""


def _cause(complaint: Complaint) -> str:
    return t(f"complaint.cause.{complaint.cause}") if complaint.cause else "—"


def add_complaint(
    category: Annotated[Category, typer.Option("--category", help=t("complaint.field.category"))],
    description: Annotated[str, _text("description")],
    customer: Annotated[str, _text("customer")] = "",
    phone: Annotated[str, _text("phone")] = "",
    received: Annotated[str, _date_text("received_on")] = "",
    purchased: Annotated[str, _date_text("purchased")] = "",
    product: Annotated[str, _text("product")] = "",
    batch: Annotated[str, _text("batch")] = "",
    product_category: Annotated[str, _text("product_category")] = "",
    usage: Annotated[str, _text("usage")] = "",
    staff: Annotated[str, _text("staff")] = "",
    cause: Annotated[
        Cause | None, typer.Option("--cause", help=t("complaint.field.cause"), show_default=False)
    ] = None,
    altered: Annotated[bool, typer.Option("--altered", help=t("complaint.field.altered"))] = False,
    demand: Annotated[str, _text("demand")] = "",
    received_by: Annotated[str | None, _text("received_by")] = None,
    include_contact: Annotated[bool, _contact_option()] = False,
    fmt: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:
    from storeops.complaints import ComplaintError

    values = {
        "category": category.value, "description": description, "customer": customer,
        "phone": phone, "purchased": purchased, "product": product, "batch": batch,
        "product_category": product_category, "usage": usage, "staff": staff,
        "cause": cause.value if cause else "", "altered": "yes" if altered else "no",
        "demand": demand,
    }  # fmt: skip
    if received:
        values["received_on"] = received
    with opened(readonly=False) as ctx:
        if received_by is not None:
            values["received_by"] = received_by
        code = ctx.profile.store_code if ctx.profile else ""
        try:
            complaint = book_of(ctx).log(values, store_code=code, by=_who(ctx))
        except ComplaintError as exc:
            raise fail(str(exc), EXIT_USAGE) from None
        today = ctx.clock.today()
    if fmt is OutputFormat.json:
        echo_json(as_json(complaint, today, include_contact=include_contact))
        return
    owed = complaint.owed
    typer.echo(t("cli.complaints.logged", id=complaint.id))
    typer.echo(t("complaint.remedies", remedies=owed.remedies_text(), rule=owed.rule_text()))


def list_complaints(
    status: Annotated[Shown, typer.Option("--status", help=t("cli.opt.complaint_status"))] = (
        Shown.all
    ),
    since: Annotated[date | None, since_option()] = None,
    until: Annotated[date | None, until_option()] = None,
    include_contact: Annotated[bool, _contact_option()] = False,
    fmt: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:
    from storeops.complaints import STATUSES

    statuses = {"open": STATUSES[:-1], "closed": STATUSES[-1:], "all": None}[status.value]
    with opened(readonly=True) as ctx:
        today = ctx.clock.today()
        found = book_of(ctx).find(since=since, until=until, statuses=statuses)
        gaps = gaps_in(ctx, ("complaints",))
    if fmt is OutputFormat.json:
        echo_json([as_json(c, today, include_contact=include_contact) for c in found])
    else:  # never the name or the phone in a table
        rows = [
            (c.id, c.received_on, c.status_text(), t(f"complaint.category.{c.category}"),
             _cause(c), c.product, _remedies_cell(c), _call_cell(c, today))
            for c in found
        ]  # fmt: skip
        print_table(LIST_COLUMNS, rows, empty="cli.complaints.none")
    if gaps:
        raise incomplete(gaps)


def show_complaint(
    complaint_id: Annotated[str, _id_argument()],
    include_contact: Annotated[bool, _contact_option()] = False,
    html_file: Annotated[
        Path | None, typer.Option("--html", metavar="FILE", help=t("cli.opt.complaint_html"))
    ] = None,
    fmt: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:
    from storeops.complaint_export import complaint_page, detail_fields
    from storeops.complaints import ComplaintError, history_lines
    from storeops.i18n import current_language
    from storeops.texttable import cell_width

    with opened(readonly=True) as ctx:
        today = ctx.clock.today()
        book = book_of(ctx)
        try:
            complaint = book.get(complaint_id)
        except ComplaintError as exc:
            unreadable = [g for g in ctx.store.gaps(("complaints",)) if g.record_id == complaint_id]
            raise fail(str(unreadable[0]) if unreadable else str(exc)) from None
        actions = book.actions_of(ctx.actions, complaint)
    if html_file is not None:  # the manager chooses: masked unless --include-contact
        fields = detail_fields(complaint, actions, today,
                               contact="show" if include_contact else "mask")  # fmt: skip
        title = t("complaint.title.one", id=complaint.id)
        page = complaint_page(fields, complaint, lang=current_language(), title=title)
        write_or_fail(html_file, page.encode("utf-8"))
        typer.echo(t("report.html.done", path=html_file))
        return
    if fmt is OutputFormat.json:
        doc = as_json(complaint, today, include_contact=include_contact)
        doc["actions"] = [a.to_doc() for a in actions]
        echo_json(doc)
        return
    fields = [(t("cli.col.id"), complaint.id),
              *detail_fields(complaint, actions, today,
                             contact="show" if include_contact else "hide")]  # fmt: skip
    width = max(cell_width(label) for label, _ in fields) + 2
    for label, value in fields:
        lines = value.split("\n")
        typer.echo(label + " " * (width - cell_width(label)) + lines[0])
        for line in lines[1:]:
            typer.echo(" " * width + line)
    typer.echo(t("complaint.detail.history"))
    for line in history_lines(complaint):
        typer.echo(f"  {line}")


def _change(change: Callable[[Context, ComplaintBook, str], str]) -> None:
    """Make one change as the store's manager and say what it did."""
    from storeops.actions import ActionError
    from storeops.complaints import ComplaintError

    with opened(readonly=False) as ctx:
        try:
            said = change(ctx, book_of(ctx), _who(ctx))
        except (ComplaintError, ActionError) as exc:
            raise fail(str(exc)) from None
    typer.echo(said)


def update_complaint(
    complaint_id: Annotated[str, _id_argument()],
    status: Annotated[
        str | None,
        typer.Option(
            "--status", metavar="STEP|next", help=t("cli.opt.complaint_step"), show_default=False
        ),
    ] = None,
    customer: Annotated[str | None, _text("customer")] = None,
    phone: Annotated[str | None, _text("phone")] = None,
    category: Annotated[
        Category | None,
        typer.Option("--category", help=t("complaint.field.category"), show_default=False),
    ] = None,
    cause: Annotated[
        Cause | None, typer.Option("--cause", help=t("complaint.field.cause"), show_default=False)
    ] = None,
    purchased: Annotated[str | None, _date_text("purchased")] = None,
    product: Annotated[str | None, _text("product")] = None,
    batch: Annotated[str | None, _text("batch")] = None,
    product_category: Annotated[str | None, _text("product_category")] = None,
    usage: Annotated[str | None, _text("usage")] = None,
    staff: Annotated[str | None, _text("staff")] = None,
    demand: Annotated[str | None, _text("demand")] = None,
    altered: Annotated[
        bool | None,
        typer.Option(
            "--altered/--not-altered", help=t("complaint.field.altered"), show_default=False
        ),
    ] = None,
    note: Annotated[str, typer.Option("--note", help=t("cli.opt.complaint_note"))] = "",
    action: Annotated[
        str | None,
        typer.Option(
            "--action", metavar="TEXT", help=t("cli.opt.complaint_action"), show_default=False
        ),
    ] = None,
    owner: Annotated[str | None, typer.Option("--owner", help=t("cli.opt.owner"))] = None,
    due: Annotated[
        str, typer.Option("--due", metavar="YYYY-MM-DD|+N", help=t("cli.opt.new_due"))
    ] = "+7",
    priority: Annotated[Priority, typer.Option("--priority", help=t("cli.opt.new_priority"))] = (
        Priority.medium
    ),
) -> None:
    from storeops.actions import ActionError, parse_due

    values: dict[str, str] = {}
    for name, given in (("customer", customer), ("phone", phone), ("purchased", purchased),
                        ("product", product), ("batch", batch),
                        ("product_category", product_category), ("usage", usage),
                        ("staff", staff), ("demand", demand)):  # fmt: skip
        if given is not None:
            values[name] = given
    if category is not None:
        values["category"] = category.value
    if cause is not None:
        values["cause"] = cause.value
    if altered is not None:
        values["altered"] = "yes" if altered else "no"
    if not values and status is None and action is None:
        raise fail(t("cli.complaints.update_nothing"), EXIT_USAGE)
    if action is not None and not (owner or "").strip():
        raise fail(t("action.err.owner"), EXIT_USAGE)
    try:
        action_due = parse_due(due, clock().today())
    except ActionError as exc:
        raise fail(str(exc), EXIT_USAGE) from None

    def change(ctx: Context, book: ComplaintBook, who: str) -> str:
        said = []
        if values:
            book.update(complaint_id, values, by=who, note=note)
            said.append(t("cli.complaints.updated", id=complaint_id))
        if status is not None:
            moved = book.move(complaint_id, None if status == "next" else status, by=who,
                              note=note)  # fmt: skip
            said.append(t("cli.complaints.moved", id=moved.id, status=moved.status_text()))
        if action is not None:
            raised = book.raise_action(ctx.actions, complaint_id, description=action,
                                       owner=owner or "", due=action_due,
                                       priority=priority.value, by=who)  # fmt: skip
            said.append(t("cli.complaints.action", id=raised.id, owner=raised.owner,
                          due=raised.due))  # fmt: skip
        complaint = book.get(complaint_id)
        owed = complaint.owed
        said.append(t("complaint.remedies", remedies=owed.remedies_text(),
                      rule=owed.rule_text()))  # fmt: skip
        return "\n".join(said)

    _change(change)


def close_complaint(
    complaint_id: Annotated[str, _id_argument()],
    remedy: Annotated[Given, typer.Option("--remedy", help=t("cli.opt.complaint_remedy"))],
    refund: Annotated[
        float, typer.Option("--refund", min=0, help=t("cli.opt.complaint_refund"))
    ] = 0.0,
    note: Annotated[str, typer.Option("--note", help=t("cli.opt.complaint_note"))] = "",
) -> None:
    def change(ctx: Context, book: ComplaintBook, who: str) -> str:
        closed = book.close(complaint_id, remedy=remedy.value, refund=refund, note=note, by=who)
        return t("cli.complaints.closed", id=closed.id, day=closed.follow_up_due)

    _change(change)


def follow_up(
    complaint_id: Annotated[str, _id_argument()],
    outcome: Annotated[Outcome, typer.Option("--outcome", help=t("cli.opt.complaint_outcome"))],
    note: Annotated[str, typer.Option("--note", help=t("cli.opt.complaint_note"))] = "",
) -> None:
    def change(ctx: Context, book: ComplaintBook, who: str) -> str:
        called = book.follow_up(complaint_id, outcome=outcome.value, note=note, by=who)
        if not called.closed:
            return t("cli.complaints.reopened", id=called.id)
        return t("cli.complaints.called", id=called.id,
                 outcome=t(f"complaint.outcome.{outcome.value}"))  # fmt: skip

    _change(change)


def follow_ups_due_now(ctx: Context, day: date | None = None) -> list[Complaint]:
    """The follow-up calls due by ``day`` (today by default), for ``storeops due`` too."""
    from storeops.complaints import follow_ups_due

    return follow_ups_due(book_of(ctx).all(), day or ctx.clock.today())


def print_calls(
    calls: list[Complaint], today: date, *, empty: str = "cli.complaints.no_calls"
) -> None:
    """The follow-up calls as a table (never the customer's name or phone: ``show`` with
    ``--include-contact`` gives the number to call)."""
    rows = [
        (c.id, ("⚠ " if c.follow_up_overdue(today) else "") + c.follow_up_due, c.received_on,
         t(f"complaint.category.{c.category}"), c.product,
         t(f"complaint.given.{c.remedy_given}") if c.remedy_given else "")
        for c in calls
    ]  # fmt: skip
    print_table(CALL_COLUMNS, rows, empty=empty)


def calls_due(
    day: Annotated[date | None, day_option()] = None,
    include_contact: Annotated[bool, _contact_option()] = False,
    fmt: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:
    with opened(readonly=True) as ctx:
        today = day or ctx.clock.today()
        calls = follow_ups_due_now(ctx, today)
        gaps = gaps_in(ctx, ("complaints",))
    if fmt is OutputFormat.json:
        echo_json([as_json(c, today, include_contact=include_contact) for c in calls])
    else:
        typer.echo(t("cli.complaints.calls_title", day=today.isoformat()))
        print_calls(calls, today)
    if gaps:
        raise incomplete(gaps)


def _warranty(text: str) -> tuple[str, int]:
    name, sep, days = text.partition("=")
    if not sep or not name.strip() or not days.strip().isdigit():
        raise fail(t("cli.complaints.bad_warranty", value=text), EXIT_USAGE)
    return name.strip(), int(days)


def settings(
    return_days: Annotated[int | None, _setting("--return-days", "return_days")] = None,
    exchange_days: Annotated[int | None, _setting("--exchange-days", "exchange_days")] = None,
    warranty_days: Annotated[int | None, _setting("--warranty-days", "warranty_days")] = None,
    warranty: Annotated[
        list[str] | None,
        typer.Option(
            "--warranty",
            metavar="CATEGORY=DAYS",
            help=t("cli.opt.category_warranty"),
            show_default=False,
        ),
    ] = None,
    follow_up_days: Annotated[int | None, _setting("--follow-up-days", "follow_up_days")] = None,
    retention_months: Annotated[
        int | None, _setting("--retention-months", "retention_months")
    ] = None,
) -> None:
    from dataclasses import replace

    changes: dict[str, Any] = {
        name: value
        for name, value in (("return_days", return_days), ("exchange_days", exchange_days),
                            ("warranty_days", warranty_days), ("follow_up_days", follow_up_days),
                            ("retention_months", retention_months))
        if value is not None
    }  # fmt: skip
    categories = dict(_warranty(text) for text in warranty or [])
    with opened(readonly=not (changes or categories)) as ctx:
        profile = ctx.profile
        if profile is None:
            raise fail(t("cli.complaints.no_profile"))
        rules = profile.rules
        if changes or categories:
            # CATEGORY=0 removes the category (its products take the default warranty)
            merged = {k: v for k, v in {**rules.category_warranty, **categories}.items()
                      if v or k not in categories}  # fmt: skip
            wanted = replace(rules, **changes, category_warranty=merged)
            try:
                rules = ctx.save_profile(replace(profile, after_sales=wanted)).rules
            except ValueError as exc:
                raise fail(str(exc), EXIT_USAGE) from None
    for name in ("return_days", "exchange_days", "warranty_days", "follow_up_days",
                 "retention_months"):  # fmt: skip
        typer.echo(f"{t(f'sanbao.setting.{name}')}: {getattr(rules, name)}")
    for category, days in sorted(rules.category_warranty.items()):
        typer.echo(t("cli.complaints.category_warranty", category=category, days=days))


def _setting(option: str, name: str) -> Any:
    return typer.Option(option, min=0, help=t(f"sanbao.setting.{name}"), show_default=False)


def erase_contacts(
    dry_run: Annotated[bool, typer.Option("--dry-run", help=t("cli.opt.erase_dry_run"))] = False,
) -> None:
    with opened(readonly=dry_run) as ctx:
        book = book_of(ctx)
        found = book.erase_contacts(by=_who(ctx), dry_run=dry_run)
        months = book.rules.retention_months
    key = "cli.complaints.would_erase" if dry_run else "cli.complaints.erased"
    typer.echo(t(key, count=len(found), months=months))
    for complaint in found:
        typer.echo(f"  {complaint.id}  {complaint.closed_on}")


# --- reports (registered under ``storeops report`` by storeops/cli/report.py) ---------------


class By(StrEnum):
    """``--by`` of ``report complaints``."""

    category = "category"
    cause = "cause"
    product = "product"
    staff = "staff"


PARETO_COLUMNS = ("complaint.report.col.key", "complaint.report.col.count", "report.pareto.col.pct",
                  "report.pareto.col.cum")  # fmt: skip
MONTH_COLUMNS = ("complaint.report.col.month", "complaint.report.col.count",
                 "complaint.report.col.change")  # fmt: skip
SURVEY_COLUMNS = ("survey.col.dimension", "survey.col.expected", "survey.col.perceived",
                  "survey.col.gap", "survey.col.verdict", "survey.col.answers")  # fmt: skip
SURVEY_MONTH_COLUMNS = ("complaint.report.col.month", "survey.col.surveys",
                        "survey.col.overall")  # fmt: skip


def complaints_report(
    by: Annotated[By, typer.Option("--by", help=t("cli.opt.complaint_by"))] = By.category,
    since: Annotated[date | None, since_option()] = None,
    until: Annotated[date | None, until_option()] = None,
    fmt: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:
    from storeops.complaint_report import analyse

    with opened(readonly=True) as ctx:
        today = ctx.clock.today()
        found = book_of(ctx).find(since=since, until=until)
        analysis = analyse(found, by.value, today, since, until)
        gaps = gaps_in(ctx, ("complaints",))
    if fmt is OutputFormat.json:
        echo_json(analysis.to_json())
    else:
        typer.echo(t("complaint.report.title", by=t(f"complaint.by.{by.value}")))
        rows = [(r.label, str(r.count), one_decimal(r.percent), one_decimal(r.cumulative))
                for r in analysis.pareto]  # fmt: skip
        print_table(PARETO_COLUMNS, rows, empty="cli.complaints.none")
        months = [(m.month, str(m.count), "" if m.change is None else f"{m.change:+d}")
                  for m in analysis.months]  # fmt: skip
        if months:
            typer.echo("")
            print_table(MONTH_COLUMNS, months, empty="cli.complaints.none")
        typer.echo("")
        typer.echo(summary_text(analysis))
    if gaps:
        raise incomplete(gaps)


def summary_text(analysis: ComplaintAnalysis) -> str:
    """Totals, the mean days to close and the calls on time, in one line each."""
    days = one_decimal(analysis.mean_days_to_close)
    return "\n".join([
        t("complaint.report.total", count=analysis.total, closed=analysis.closed,
          reopened=analysis.reopened),
        t("complaint.report.days", days=days),
        t("complaint.report.calls", on_time=analysis.calls_on_time, due=analysis.calls_due),
        t("complaint.report.not_target"),
    ])  # fmt: skip


def satisfaction_report(
    since: Annotated[date | None, since_option()] = None,
    until: Annotated[date | None, until_option()] = None,
    fmt: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:
    from storeops.exporting import Selection, selected_runs
    from storeops.survey_report import SURVEY_TEMPLATE, survey_report, table_rows

    with opened(readonly=True) as ctx:
        if SURVEY_TEMPLATE not in ctx.catalogue:
            raise fail(t("report.menu.none", template=SURVEY_TEMPLATE))
        chosen = selected_runs(ctx.runs, Selection(SURVEY_TEMPLATE, since, until))
        report = survey_report([(run, template) for run, template, _ in chosen])
        gaps = gaps_in(ctx, ("runs",), since=since, until=until, template_id=SURVEY_TEMPLATE)
    if fmt is OutputFormat.json:
        echo_json(report.to_json())
    else:
        print_table(SURVEY_COLUMNS, table_rows(report), empty="survey.none")
        if report.surveys:
            overall = one_decimal(report.overall)
            typer.echo(t("survey.overall", overall=overall, count=report.surveys))
            typer.echo("")
            months = [(m.month, str(m.surveys), one_decimal(m.overall)) for m in report.months]
            print_table(SURVEY_MONTH_COLUMNS, months, empty="survey.none")
    if gaps:
        raise incomplete(gaps)
