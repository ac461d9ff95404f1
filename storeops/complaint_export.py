"""Complaints out: the ``complaint`` export level (CSV, JSON, xlsx; one row per complaint,
head office merges and ingests it like the others) and a printable page of one complaint.

The customer's name and phone are the most personal data storeops holds: every format masks
them (``张**``, ``138****5678``) unless ``include_contact`` is asked for (``storeops export
--include-contact``, which warns on standard error), and the page shows them only when the
manager chooses to. A complaint whose contact details were erased after the retention period
has none to show either way.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from storeops.complaints import DONE_OUTCOMES, UNHAPPY, Complaint, history_lines, history_text
from storeops.i18n import t

if TYPE_CHECKING:
    from storeops.actions import CorrectiveAction
    from storeops.context import Context
    from storeops.export_service import ExportRequest

COMPLAINT_COLUMNS = (
    "export_version", "store_code", "complaint_id", "received_on", "received_by", "customer",
    "phone", "category", "cause", "product", "batch", "product_category", "purchased",
    "days_after_purchase", "altered", "staff", "description", "demand", "remedies_entitled",
    "sanbao_rule", "remedy_given", "refund", "status", "closed_on", "days_to_close",
    "follow_up_due", "follow_up_outcome", "follow_up_on", "follow_up_on_time", "reopened",
    "actions", "history", "contact_erased_on",
)  # fmt: skip
DATE_COLUMNS = ("received_on", "purchased", "closed_on", "follow_up_due", "follow_up_on",
                "contact_erased_on")  # fmt: skip
_MADE = (*DONE_OUTCOMES, UNHAPPY)


def _last_call(complaint: Complaint) -> tuple[str, str, bool | None]:
    """The last call's outcome, the day of the last call that reached the customer, and
    whether that call was on time (``None`` before any)."""
    outcome = complaint.last_outcome()
    made = [c for c in complaint.follow_ups if c.get("outcome") in _MADE]
    if not made:
        return outcome, "", None
    last = made[-1]
    day = str(last.get("at") or "")[:10]
    return outcome, day, day <= str(last.get("due") or "")


def complaint_row(
    complaint: Complaint,
    actions: Sequence[CorrectiveAction],
    version: int,
    *,
    include_contact: bool = False,
) -> dict[str, Any]:
    """One complaint's row by column (values typed: numbers, booleans, texts)."""
    customer, phone = complaint.contact_shown(include_contact)
    owed = complaint.owed
    outcome, called_on, on_time = _last_call(complaint)
    return {
        "export_version": version, "store_code": complaint.store_code,
        "complaint_id": complaint.id, "received_on": complaint.received_on,
        "received_by": complaint.received_by, "customer": customer, "phone": phone,
        "category": complaint.category, "cause": complaint.cause,
        "product": complaint.product, "batch": complaint.batch,
        "product_category": complaint.product_category, "purchased": complaint.purchased,
        "days_after_purchase": owed.day, "altered": complaint.altered,
        "staff": complaint.staff, "description": complaint.description,
        "demand": complaint.demand, "remedies_entitled": " ".join(owed.remedies),
        "sanbao_rule": owed.rule, "remedy_given": complaint.remedy_given,
        "refund": complaint.refund, "status": complaint.status,
        "closed_on": complaint.closed_on, "days_to_close": complaint.days_to_close(),
        "follow_up_due": complaint.follow_up_due, "follow_up_outcome": outcome,
        "follow_up_on": called_on, "follow_up_on_time": on_time,
        "reopened": complaint.reopened,
        "actions": "; ".join(f"{a.id}:{a.status}" for a in actions),
        "history": history_text(complaint), "contact_erased_on": complaint.contact_erased_on,
    }  # fmt: skip


def selected_complaints(
    complaints: Sequence[Complaint], since: date | None, until: date | None
) -> list[Complaint]:
    """The complaints received in the period, oldest first (as the other levels' rows)."""
    first = since.isoformat() if since else ""
    last = until.isoformat() if until else ""
    chosen = [
        c for c in complaints
        if (not first or c.received_on >= first) and (not last or c.received_on <= last)
    ]  # fmt: skip
    return sorted(chosen, key=lambda c: (c.received_on, c.created_at, c.id))


def complaint_rows(
    complaints: Sequence[Complaint],
    actions_of: Callable[[Complaint], Sequence[CorrectiveAction]],
    version: int,
    *,
    include_contact: bool = False,
) -> list[dict[str, Any]]:
    return [complaint_row(c, actions_of(c), version, include_contact=include_contact)
            for c in complaints]  # fmt: skip


def _chosen_rows(ctx: Context, request: ExportRequest, *, json: bool) -> list[dict[str, Any]]:
    """The rows of the complaints received in the request's period (masked unless it asks
    for contacts); for JSON with their history and follow-up calls."""
    from storeops.complaints import ACTION_TEMPLATE, ComplaintBook
    from storeops.exporting import EXPORT_VERSION

    profile = ctx.profile
    book = ComplaintBook(ctx.store, profile.rules if profile else None)
    s = request.selection
    chosen = selected_complaints(book.all(), s.since, s.until)
    linked: dict[str, list[CorrectiveAction]] = {}
    for action in ctx.actions.all():
        if action.template_id == ACTION_TEMPLATE:
            linked.setdefault(action.run_id, []).append(action)
    rows = complaint_rows(chosen, lambda c: linked.get(c.id, []), EXPORT_VERSION,
                          include_contact=request.include_contact)  # fmt: skip
    if json:
        for row, complaint in zip(rows, chosen, strict=True):
            row["history"] = list(complaint.history)
            row["follow_ups"] = [{k: v for k, v in call.items()} for call in complaint.follow_ups]
    return rows


def complaint_docs(ctx: Context, request: ExportRequest) -> list[dict[str, Any]]:
    """The complaints as a JSON export carries them (the full export includes them too)."""
    return _chosen_rows(ctx, request, json=True)


def build_complaint_export(
    ctx: Context, request: ExportRequest, gaps: Callable[[], list[dict[str, str]]]
) -> tuple[bytes, int]:
    """The complaint level in the request's format, and its row count; ``gaps`` (asked once
    the complaints are read) goes into a JSON export."""
    from storeops.exporting import EXPORT_VERSION, _json_numbers, to_csv

    profile = ctx.profile
    rows = _chosen_rows(ctx, request, json=request.format == "json")
    if request.format == "json":
        store = None
        if profile is not None:
            store = {"code": profile.store_code, "name": profile.store_name,
                     "manager": profile.manager}  # fmt: skip
        doc = {"export_version": EXPORT_VERSION, "exported_at": ctx.clock.now().isoformat(),
               "store": store, "gaps": gaps(), "complaints": rows}  # fmt: skip
        text = json.dumps(_json_numbers(doc), ensure_ascii=False, indent=1)
        return text.encode("utf-8"), len(rows)
    table = [[row[c] for c in COMPLAINT_COLUMNS] for row in rows]
    gaps()
    if request.format == "xlsx":
        from storeops.xlsx_export import one_sheet

        return one_sheet("complaint", COMPLAINT_COLUMNS, table), len(rows)
    return to_csv(COMPLAINT_COLUMNS, table), len(rows)


# --- one complaint, printed -----------------------------------------------------------------


_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: sans-serif; margin: 2em; }}
table {{ border-collapse: collapse; }}
th, td {{ text-align: left; vertical-align: top; padding: 0.2em 0.8em 0.2em 0; }}
th {{ color: #555; font-weight: normal; white-space: nowrap; }}
@media print {{ body {{ margin: 0; }} }}
</style></head><body>
<h1>{title}</h1>
<table>
{rows}
</table>
<h2>{history_title}</h2>
<ul>
{history}
</ul>
</body></html>
"""


def complaint_page(
    fields: Sequence[tuple[str, str]], complaint: Complaint, *, lang: str, title: str
) -> str:
    """A printable page of one complaint: ``fields`` (label, value) as the detail shows
    them (the caller chooses whether contact details are among them), then its history."""
    rows = "\n".join(f"<tr><th>{html.escape(label)}</th><td>{html.escape(value)}</td></tr>"
                     for label, value in fields)  # fmt: skip
    history = "\n".join(f"<li>{html.escape(line)}</li>" for line in history_lines(complaint))
    return _PAGE.format(lang=lang, title=html.escape(title), rows=rows,
                        history_title=html.escape(t("complaint.detail.history")),
                        history=history)  # fmt: skip


def detail_fields(
    complaint: Complaint,
    actions: Sequence[CorrectiveAction],
    today: date,
    *,
    contact: str = "mask",
) -> list[tuple[str, str]]:
    """``(label, value)`` of one complaint in the current language, the same labels in the
    same order for every complaint: the record (seed 003's fields), what 三包 owes with the
    rule, the handling, the corrective actions and the follow-up call. ``contact``: the
    customer's name and phone ``show``-n, ``mask``-ed or ``hide``-den."""
    customer, phone = complaint.contact_shown(contact == "show")
    if contact == "hide":
        customer = phone = t("complaint.detail.hidden")
    if complaint.contact_erased_on:
        customer = phone = t("complaint.detail.erased", day=complaint.contact_erased_on)
    owed = complaint.owed
    cause = (
        t(f"complaint.cause.{complaint.cause}")
        if complaint.cause
        else t("complaint.detail.cause_open")
    )
    product = " · ".join(p for p in (complaint.product, complaint.batch,
                                     complaint.product_category) if p)  # fmt: skip
    if complaint.purchased:
        product += " · " + t("complaint.detail.bought", day=complaint.purchased)
    given = t(f"complaint.given.{complaint.remedy_given}") if complaint.remedy_given else "—"
    if complaint.refund:
        given += " · " + t("complaint.detail.refund", amount=f"{complaint.refund:.2f}")
    action_text = "\n".join(
        f"{a.id} · {a.owner} · {a.due} · {a.status_text()} · {a.description}" for a in actions
    ) or (t("complaint.detail.no_actions") if complaint.store_caused else "—")
    return [
        (t("complaint.field.received_on"), f"{complaint.received_on} · {complaint.received_by}"),
        (t("complaint.field.customer"), customer or "—"),
        (t("complaint.field.phone"), phone or "—"),
        (t("complaint.field.category"), t(f"complaint.category.{complaint.category}")),
        (t("complaint.field.cause"), cause),
        (t("complaint.field.product"), product or "—"),
        (t("complaint.field.staff"), complaint.staff or "—"),
        (t("complaint.field.usage"), complaint.usage or "—"),
        (t("complaint.field.description"), complaint.description or "—"),
        (t("complaint.field.demand"), complaint.demand or "—"),
        (t("complaint.detail.remedies"), owed.remedies_text()),
        (t("complaint.detail.rule"), owed.rule_text()),
        (t("complaint.field.status"), complaint.status_text()),
        (t("complaint.detail.given"), given),
        (t("complaint.detail.actions"), action_text),
        (t("complaint.detail.follow_up"), follow_up_text(complaint, today)),
    ]


def follow_up_text(complaint: Complaint, today: date) -> str:
    """The follow-up call: due (⚠ when overdue), made and how it went, or not yet."""
    parts = []
    if complaint.follow_up_pending():
        key = (
            "complaint.detail.call_overdue"
            if complaint.follow_up_overdue(today)
            else ("complaint.detail.call_due")
        )
        parts.append(t(key, day=complaint.follow_up_due))
    for call in complaint.follow_ups:
        outcome = str(call.get("outcome") or "")
        said = t(f"complaint.outcome.{outcome}") if outcome else "—"
        note = str(call.get("note") or "")
        said = t("complaint.hist.note", text=said, note=note) if note else said
        parts.append(f"{str(call.get('at') or '')[:10]} {said}")
    return "\n".join(parts) or "—"
