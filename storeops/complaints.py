"""Customer complaints: the record, its handling through the seed's process, the follow-up
call, and the customer's contact details kept only as long as the store says.

From the seeds (quoted in the catalogue's words on screen, named here):

* The record's fields — seed ``003_4707213cb979b91f.txt`` (单起顾客投诉的信息管理): the
  complainant's name and contact (``customer``, ``phone``); the date (``received_on``); the
  product and batch, or the service act / staff member (``product``, ``batch``, ``staff``);
  the product's use and age, or the aspect complained of (``usage``, the days since
  ``purchased``; the aspects attitude, quality, price, environment, facilities are
  :data:`CAUSES`); what happened (``description``); the customer's loss and demands
  (``demand``); who received it (``received_by``).
* The process — seed ``003_4707213cb979b91f.txt`` (企业顾客投诉处理流程): 投诉的受理与传递 →
  投诉分析 → 制定对策 → 对顾客反馈 → 向相关方索赔, our :data:`STATUSES` ``received`` →
  ``analysed`` → ``countermeasure`` → ``replied`` → ``claimed``, then ``closed``.
* The categories — seed ``004_1e8b5316b9fe23cf.txt`` (投诉的原因): 商品质量 / 现场服务 / 售后服务
  (``product`` / ``service`` / ``after_sales``).
* Quality defect (原残) against misuse (使用不当) — seed ``002_5ea5d200786b8c79.txt``'s flow:
  a product complaint caused by misuse is owed no 三包 remedy (:mod:`storeops.sanbao`).
* The follow-up call — seed ``000_b4f64cfc84409828.txt`` (step 10, 回访用户) and seed
  ``003_4707213cb979b91f.txt`` (回访记录, 跟踪和回访，确保问题得到妥善解决).
* The responsible side — seed ``003_4707213cb979b91f.txt`` (产品的问题, 制度的问题; 客户方面).

Ours, where the seeds leave it open: the causes are one list (the seed's aspects, the two
product causes of seed 002, policy from seed 003, "other"); a cause that is the store's
(:data:`STORE_CAUSES`) may have corrective actions (raised in the actions book with the
complaint's id as their ``run_id``); "claimed" is a step only for a product defect (the
supplier is the party claimed against); a complaint may be closed from any step (a small
complaint is settled on the spot); the follow-up outcomes add ``no_answer`` (the call stays
due) to the issue's reached / resolved / still unhappy, and a still-unhappy customer reopens
the complaint at its first step; contact details are erased on request by
``storeops complaints erase-contacts`` once the retention months have passed since closing
(``doctor`` names the complaints past it).

Every change is one write of ``complaints.json`` and is kept in ``history`` with who and
when. A change of the customer's name or phone records that it changed, never the values.
"""

from __future__ import annotations

import calendar
import re
import uuid
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from storeops.i18n import Msg, t
from storeops.records import (
    BadRecord,
    choice,
    day,
    flag,
    mapping,
    number,
    objects,
    read_all,
    read_one,
    record_object,
    text,
)
from storeops.sanbao import REMEDIES, RULES, AfterSales, Entitlement, entitlement
from storeops.storage import DataStore, shown
from storeops.text_clean import clean_line, clean_text

if TYPE_CHECKING:
    from storeops.actions import ActionBook, CorrectiveAction

COMPLAINTS = "complaints"
ACTION_TEMPLATE = "complaints"  # the template_id of a complaint's corrective actions
CATEGORIES: tuple[str, ...] = ("product", "service", "after_sales")
CAUSES: tuple[str, ...] = ("defect", "misuse", "attitude", "service_quality", "price",
                           "environment", "facilities", "policy", "other")  # fmt: skip
STORE_CAUSES: tuple[str, ...] = ("attitude", "service_quality", "price", "environment",
                                 "facilities", "policy")  # fmt: skip
USER_CAUSE = "misuse"  # 使用不当: caused by the user, so no 三包 remedy (seed 002, seed 000)
CLAIMED_CAUSE = "defect"  # a defect is claimed against the supplier (seed 003, step 5)
STATUSES: tuple[str, ...] = ("received", "analysed", "countermeasure", "replied", "claimed",
                             "closed")  # fmt: skip
CLOSED = "closed"
GIVEN: tuple[str, ...] = ("return", "exchange", "repair", "apology", "compensation", "none")
OUTCOMES: tuple[str, ...] = ("no_answer", "reached", "resolved", "unhappy")
DONE_OUTCOMES = ("reached", "resolved")  # the call is made and nothing is left to do
UNHAPPY = "unhappy"
# What a history entry records (its ``kind``).
LOGGED, MOVED, EDITED, CLOSED_KIND, CALLED, REOPENED, ERASED = (
    "logged", "moved", "edited", "closed", "called", "reopened", "erased")  # fmt: skip
CONTACT_FIELDS = ("customer", "phone")
# What an update may change (the status, the remedy and the calls have their own steps).
EDITABLE: tuple[str, ...] = (
    "customer", "phone", "received_by", "category", "cause", "product", "batch",
    "product_category", "usage", "purchased", "altered", "staff", "description", "demand",
)  # fmt: skip
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{3,22}[0-9]$", re.ASCII)
_LONGEST = 2000  # characters of a description or demand; 200 for any other text


class ComplaintError(ValueError):
    """A complaint change that cannot be made; the message is for the user."""


# --- personal data ----------------------------------------------------------------------


def mask_phone(phone: str) -> str:
    """The number with its middle digits hidden, as Chinese receipts print it
    (``13812345678`` → ``138****5678``): the first three and last four digits stay; a
    short number keeps its last two."""
    digits = [n for n, ch in enumerate(phone) if ch.isdigit()]
    if not digits:
        return phone
    keep = set(digits[:3] + digits[-4:]) if len(digits) >= 9 else set(digits[-2:])
    return "".join("*" if n in digits and n not in keep else ch for n, ch in enumerate(phone))


def mask_name(name: str) -> str:
    """The name with all but its first character hidden (``张女士`` → ``张**``): enough to
    tell records apart, not to name a person."""
    name = name.strip()
    return name[:1] + "*" * (len(name) - 1) if name else ""


def add_months(start: date, months: int) -> date:
    """``start`` plus ``months`` calendar months (the 31st becomes the month's last day)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return start.replace(year=year, month=month,
                         day=min(start.day, calendar.monthrange(year, month)[1]))  # fmt: skip


# --- the record ---------------------------------------------------------------------------


@dataclass
class Complaint:
    id: str
    store_code: str
    received_on: str  # ISO date
    received_by: str
    category: str
    description: str
    customer: str = ""
    phone: str = ""
    cause: str = ""  # "" until analysed
    product: str = ""
    batch: str = ""
    product_category: str = ""  # for the warranty (the store's settings)
    usage: str = ""
    purchased: str = ""  # ISO date, "" for a service complaint
    altered: bool = False  # altered trousers: never exchanged (seed 004)
    staff: str = ""
    demand: str = ""
    entitlement: dict[str, Any] = field(default_factory=dict)  # see sanbao.Entitlement
    status: str = "received"
    remedy_given: str = ""
    refund: float = 0.0
    closed_on: str = ""
    follow_up_due: str = ""
    follow_up_done_on: str = ""
    follow_ups: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    created_at: str = ""
    contact_erased_on: str = ""

    @property
    def closed(self) -> bool:
        return self.status == CLOSED

    @property
    def owed(self) -> Entitlement:
        """What 三包 owes it, as worked out when it was logged or last changed."""
        return Entitlement.from_doc(self.entitlement)

    @property
    def store_caused(self) -> bool:
        """Its cause is the store's own (attitude, price, policy …): actions follow."""
        return self.cause in STORE_CAUSES

    @property
    def reopened(self) -> int:
        """How many times a still-unhappy customer reopened it."""
        return sum(1 for entry in self.history if entry.get("kind") == REOPENED)

    def follow_up_pending(self) -> bool:
        """Closed, with a call due and not yet made."""
        return self.closed and bool(self.follow_up_due) and not self.follow_up_done_on

    def follow_up_overdue(self, today: date) -> bool:
        return self.follow_up_pending() and self.follow_up_due < today.isoformat()

    def last_outcome(self) -> str:
        """The outcome of the last call made (``""`` before the first)."""
        return str(self.follow_ups[-1].get("outcome") or "") if self.follow_ups else ""

    def days_to_close(self) -> int | None:
        if not self.closed or not self.closed_on:
            return None
        return (date.fromisoformat(self.closed_on) - date.fromisoformat(self.received_on)).days

    def contact_shown(self, include: bool) -> tuple[str, str]:
        """Name and phone as a list or an export shows them: masked unless ``include``."""
        if include:
            return self.customer, self.phone
        return mask_name(self.customer), mask_phone(self.phone)

    def status_text(self) -> str:
        return t(f"complaint.status.{self.status}")

    def to_doc(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Complaint:
        """The complaint stored as ``doc``; raises :class:`~storeops.records.BadRecord` on a
        document of the wrong shape."""
        return cls(**complaint_fields(doc))


def _optional_day(doc: Mapping[str, Any], name: str) -> str:
    """An ISO date field that may be empty."""
    value = doc.get(name)
    if value is None or value == "":
        return ""
    return day(doc, name)


def complaint_fields(doc: object) -> dict[str, Any]:
    """A complaint's fields, checked as :mod:`storeops.records` checks every record kind
    (shape, known values, dates that parse), so a damaged record is set aside, never
    used."""
    doc = record_object(doc)
    for n, entry in enumerate(objects(doc, "history")):
        for name in ("status", "at", "by", "note", "kind"):
            text(entry, name, at=f"history[{n}].")
    for n, entry in enumerate(objects(doc, "follow_ups")):
        at = f"follow_ups[{n}]."
        for name in ("at", "by", "note", "due"):
            text(entry, name, at=at)
        choice(entry, "outcome", OUTCOMES, "", at=at)
    owed = mapping(doc, "entitlement")
    remedies = owed.get("remedies", [])
    if type(remedies) is not list or any(r not in REMEDIES for r in remedies):
        raise BadRecord(Msg("record.err.value", field="entitlement.remedies",
                            found=shown(remedies), known=", ".join(REMEDIES)))  # fmt: skip
    if owed:
        choice(owed, "rule", RULES, "", at="entitlement.")
    category = choice(doc, "category", CATEGORIES, "")
    if not category:
        raise BadRecord(Msg("record.err.missing", field="category"))
    refund = number(doc, "refund", 0.0)
    return {
        "id": text(doc, "id", required=True),
        "store_code": text(doc, "store_code"),
        "received_on": day(doc, "received_on"),
        "received_by": text(doc, "received_by"),
        "category": category,
        "description": text(doc, "description"),
        "customer": text(doc, "customer"),
        "phone": text(doc, "phone"),
        "cause": choice(doc, "cause", ("", *CAUSES), ""),
        "product": text(doc, "product"),
        "batch": text(doc, "batch"),
        "product_category": text(doc, "product_category"),
        "usage": text(doc, "usage"),
        "purchased": _optional_day(doc, "purchased"),
        "altered": flag(doc, "altered", False),
        "staff": text(doc, "staff"),
        "demand": text(doc, "demand"),
        "entitlement": owed,
        "status": choice(doc, "status", STATUSES, "received"),
        "remedy_given": choice(doc, "remedy_given", ("", *GIVEN), ""),
        "refund": refund,
        "closed_on": _optional_day(doc, "closed_on"),
        "follow_up_due": _optional_day(doc, "follow_up_due"),
        "follow_up_done_on": _optional_day(doc, "follow_up_done_on"),
        "follow_ups": objects(doc, "follow_ups"),
        "history": objects(doc, "history"),
        "created_at": text(doc, "created_at"),
        "contact_erased_on": _optional_day(doc, "contact_erased_on"),
    }


# --- what people type ---------------------------------------------------------------------


def _clean(name: str, value: str) -> str:
    cleaned = clean_text(value) if name in ("description", "demand") else clean_line(value)
    return cleaned.strip()


def _date(value: str, label: str, problems: list[str]) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        problems.append(t("complaint.err.date", field=label, value=value))
        return None


def check_values(values: Mapping[str, str], today: date) -> tuple[dict[str, Any], list[str]]:
    """The complaint fields ``values`` gives (texts as typed, by field name: any of
    :data:`EDITABLE` and ``received_on``), cleaned and typed, and every problem with them as
    messages for the person typing. ``altered`` is ``yes`` / ``no``."""
    problems: list[str] = []
    found: dict[str, Any] = {}
    for name, raw in values.items():
        value = _clean(name, raw)
        label = t(f"complaint.field.{name}")
        if name in ("received_on", "purchased"):
            when = _date(value, label, problems)
            if when is not None and when > today:
                problems.append(t("complaint.err.future", field=label, value=value))
            found[name] = when.isoformat() if when else ""
        elif name == "altered":
            if value not in ("", "yes", "no", "y", "n"):
                problems.append(t("complaint.err.yes_no", field=label, value=value))
            found[name] = value in ("yes", "y")
        elif name == "category" and value not in CATEGORIES:
            problems.append(t("complaint.err.choice", field=label, value=value or "—",
                              choices=", ".join(CATEGORIES)))  # fmt: skip
        elif name == "cause" and value and value not in CAUSES:
            problems.append(t("complaint.err.choice", field=label, value=value,
                              choices=", ".join(CAUSES)))  # fmt: skip
        elif name == "phone" and value and not _PHONE.match(value):
            problems.append(t("complaint.err.phone", value=value))
        elif len(value) > (_LONGEST if name in ("description", "demand") else 200):
            problems.append(t("complaint.err.long", field=label))
        if name not in found:
            found[name] = value
    if "description" in values and not found.get("description"):
        problems.append(t("form.err.required", field=t("complaint.field.description")))
    bought, received = found.get("purchased"), found.get("received_on")
    if bought and received and bought > received:
        problems.append(t("complaint.err.bought_after", purchased=bought, received=received))
    return found, problems


def owed_for(fields: Mapping[str, Any], rules: AfterSales) -> Entitlement:
    """What 三包 owes a complaint with these fields (see :func:`storeops.sanbao.entitlement`)."""
    bought = fields.get("purchased") or ""
    return entitlement(
        date.fromisoformat(bought) if bought else None,
        date.fromisoformat(fields["received_on"]),
        user_caused=fields.get("cause") == USER_CAUSE,
        category=str(fields.get("product_category") or ""),
        altered=bool(fields.get("altered")),
        rules=rules,
    )


def next_status(complaint: Complaint) -> str | None:
    """The step after the complaint's, ``None`` when only closing is left ("claimed" is a
    step only for a product defect, claimed against the supplier)."""
    if complaint.closed:
        return None
    index = STATUSES.index(complaint.status) + 1
    following = STATUSES[index] if index < len(STATUSES) - 1 else None
    if following == "claimed" and complaint.cause != CLAIMED_CAUSE:
        return None
    return following


def follow_ups_due(complaints: Sequence[Complaint], day_: date) -> list[Complaint]:
    """The follow-up calls to make on ``day_``: closed complaints whose call is due by then
    and not yet made, the longest waiting first."""
    found = [c for c in complaints if c.follow_up_pending() and c.follow_up_due <= day_.isoformat()]
    return sorted(found, key=lambda c: (c.follow_up_due, c.received_on, c.id))


def past_retention(complaints: Sequence[Complaint], today: date, months: int) -> list[Complaint]:
    """Closed complaints that still hold the customer's name or phone ``months`` after
    closing."""
    return [
        c for c in complaints
        if c.closed and c.closed_on and (c.customer or c.phone)
        and add_months(date.fromisoformat(c.closed_on), months) <= today
    ]  # fmt: skip


def history_lines(complaint: Complaint) -> list[str]:
    """Each history entry as ``when · who · what`` (oldest first), in the current language."""
    lines = []
    for entry in complaint.history:
        when = str(entry.get("at") or "")[:16].replace("T", " ") or "—"
        by = str(entry.get("by") or "") or "—"
        kind = str(entry.get("kind") or MOVED)
        status = str(entry.get("status") or "")
        label = t(f"complaint.status.{status}") if status in STATUSES else status or "—"
        what = t(f"complaint.hist.{kind}", status=label) if kind in _KINDS else label
        note = str(entry.get("note") or "")
        what = t("complaint.hist.note", text=what, note=note) if note else what
        lines.append(f"{when} · {by} · {what}")
    return lines


_KINDS = (LOGGED, MOVED, EDITED, CLOSED_KIND, CALLED, REOPENED, ERASED)


def history_text(complaint: Complaint) -> str:
    """The status history as an export writes it: ``status@time who: note; …`` (the kind
    for an edit, a call, a reopening or an erasure)."""
    return entries_text(complaint.history)


def entries_text(entries: Sequence[Mapping[str, Any]]) -> str:
    """History entries as :func:`history_text` writes them (head office turns a JSON
    export's history list into the CSV's column with it)."""
    parts = []
    for entry in entries:
        kind = str(entry.get("kind") or MOVED)
        word = entry.get("status") if kind in (LOGGED, MOVED, CLOSED_KIND) else kind
        head = f"{word}@{str(entry.get('at', ''))[:16]} {entry.get('by', '')}".strip()
        note = str(entry.get("note") or "")
        parts.append(f"{head}: {note}" if note else head)
    return "; ".join(parts)


# --- the book -----------------------------------------------------------------------------


class ComplaintBook:
    """Logging, moving on, closing and calling back complaints in one data folder.

    Every change reads the complaint afresh, builds the changed copy and writes it in one
    atomic write; a write that fails leaves the file, and the complaint, as they were.
    """

    def __init__(
        self,
        store: DataStore,
        rules: AfterSales | None = None,
        new_id: Callable[[], str] | None = None,
    ) -> None:
        self.store = store
        self.rules = rules or AfterSales()
        # A new complaint's id (the demo passes its own, so a demo store is the same each time).
        self.new_id = new_id or (lambda: uuid.uuid4().hex[:10])

    def _save(self, complaint: Complaint) -> None:
        self.store.collection(COMPLAINTS).put(complaint.to_doc())

    def _stamp(self, now: datetime | None) -> str:
        return (now or self.store.clock.now()).isoformat()

    def _today(self, now: datetime | None) -> date:
        return (now or self.store.clock.now()).date()

    def _changed(self, complaint: Complaint, entry: dict[str, Any], **changes: Any) -> Complaint:
        changed = replace(complaint, **changes, history=[*complaint.history, entry])
        self._save(changed)
        return changed

    def log(
        self,
        values: Mapping[str, str],
        *,
        store_code: str,
        by: str,
        now: datetime | None = None,
    ) -> Complaint:
        """Log a complaint from what was typed (see :func:`check_values`; ``category`` and
        ``description`` are required, ``received_on`` is today unless given, ``received_by``
        the one logging it unless given); 三包's remedies are worked out at once. Raises
        :class:`ComplaintError` with every problem."""
        today = self._today(now)
        wanted = {"received_on": today.isoformat(), "received_by": by, "category": "",
                  "description": "", **values}  # fmt: skip
        fields, problems = check_values(wanted, today)
        if problems:
            raise ComplaintError("\n".join(problems))
        try:
            owed = owed_for(fields, self.rules)
        except ValueError as exc:
            raise ComplaintError(str(exc)) from None
        stamp = self._stamp(now)
        complaint = Complaint(
            id=self.new_id(),
            store_code=store_code,
            **fields,
            entitlement=owed.to_doc(),
            created_at=stamp,
            history=[
                {"status": "received", "at": stamp, "by": by.strip(), "note": "", "kind": LOGGED}
            ],
        )
        self._save(complaint)
        return complaint

    def get(self, complaint_id: str) -> Complaint:
        found = read_one(self.store.collection(COMPLAINTS), complaint_id, Complaint.from_doc)
        if found is None:
            raise ComplaintError(t("complaint.err.not_found", id=complaint_id))
        return found

    def all(self) -> list[Complaint]:
        """Every complaint that can be read (one that cannot is set aside), newest first."""
        found = read_all(self.store.collection(COMPLAINTS), Complaint.from_doc)
        return sorted(found, key=lambda c: (c.received_on, c.created_at), reverse=True)

    def find(
        self,
        *,
        since: date | None = None,
        until: date | None = None,
        statuses: Collection[str] | None = None,
    ) -> list[Complaint]:
        """The complaints received in the period (and in ``statuses``), newest first."""
        first = since.isoformat() if since else ""
        last = until.isoformat() if until else ""
        return [
            c for c in self.all()
            if (not first or c.received_on >= first) and (not last or c.received_on <= last)
            and (statuses is None or c.status in statuses)
        ]  # fmt: skip

    def update(
        self, complaint_id: str, values: Mapping[str, str], *, by: str, note: str = "",
        now: datetime | None = None,
    ) -> Complaint:  # fmt: skip
        """Change fields (any of :data:`EDITABLE`, as typed); 三包's remedies are worked out
        again. The history keeps which fields changed (a contact field's values are never
        written into it)."""
        complaint = self.get(complaint_id)
        unknown = [name for name in values if name not in EDITABLE]
        if unknown:
            raise ComplaintError(t("complaint.err.field", fields=", ".join(unknown)))
        fields, problems = check_values(
            {**values, "received_on": complaint.received_on}, self._today(now)
        )
        if problems:
            raise ComplaintError("\n".join(problems))
        del fields["received_on"]
        changed = {k: v for k, v in fields.items() if getattr(complaint, k) != v}
        if not changed:
            raise ComplaintError(t("complaint.err.no_change"))
        merged = {**complaint.to_doc(), **changed}
        try:
            owed = owed_for(merged, self.rules)
        except ValueError as exc:
            raise ComplaintError(str(exc)) from None
        names = ", ".join(t(f"complaint.field.{name}") for name in changed)
        entry = {"status": complaint.status, "at": self._stamp(now), "by": by.strip(),
                 "note": note.strip() or names, "kind": EDITED}  # fmt: skip
        return self._changed(complaint, entry, **changed, entitlement=owed.to_doc())

    def move(
        self, complaint_id: str, status: str | None = None, *, by: str, note: str = "",
        now: datetime | None = None,
    ) -> Complaint:  # fmt: skip
        """Move the complaint on to ``status`` (by default the next step, see
        :func:`next_status`): forward only; closing is :meth:`close`."""
        complaint = self.get(complaint_id)
        if complaint.closed:
            raise ComplaintError(t("complaint.err.closed"))
        target = status or next_status(complaint)
        if target is None:
            raise ComplaintError(t("complaint.err.only_close"))
        if target == CLOSED:
            raise ComplaintError(t("complaint.err.close_with_remedy"))
        if target not in STATUSES:
            raise ComplaintError(t("complaint.err.status", choices=", ".join(STATUSES[:-1])))
        if STATUSES.index(target) <= STATUSES.index(complaint.status):
            raise ComplaintError(t("complaint.err.backwards", status=complaint.status_text()))
        entry = {"status": target, "at": self._stamp(now), "by": by.strip(),
                 "note": note.strip(), "kind": MOVED}  # fmt: skip
        return self._changed(complaint, entry, status=target)

    def close(
        self,
        complaint_id: str,
        *,
        remedy: str,
        refund: float = 0.0,
        note: str = "",
        by: str,
        now: datetime | None = None,
    ) -> Complaint:
        """Close the complaint with the remedy given (and the amount refunded); its
        follow-up call falls due :attr:`AfterSales.follow_up_days` later."""
        complaint = self.get(complaint_id)
        if complaint.closed:
            raise ComplaintError(t("complaint.err.closed"))
        if remedy not in GIVEN:
            raise ComplaintError(t("complaint.err.remedy", choices=", ".join(GIVEN)))
        if not (refund >= 0 and refund < 10_000_000):  # also refuses NaN
            raise ComplaintError(t("complaint.err.refund", value=refund))
        today = self._today(now)
        due = today + timedelta(days=self.rules.follow_up_days)
        entry = {"status": CLOSED, "at": self._stamp(now), "by": by.strip(),
                 "note": note.strip() or t(f"complaint.given.{remedy}"), "kind": CLOSED_KIND,
                 "follow_up_due": due.isoformat()}  # fmt: skip
        return self._changed(complaint, entry, status=CLOSED, remedy_given=remedy,
                             refund=round(float(refund), 2), closed_on=today.isoformat(),
                             follow_up_due=due.isoformat(), follow_up_done_on="")  # fmt: skip

    def follow_up(
        self,
        complaint_id: str,
        *,
        outcome: str,
        note: str = "",
        by: str,
        now: datetime | None = None,
    ) -> Complaint:
        """Record a follow-up call: ``no_answer`` leaves it due, ``reached`` and
        ``resolved`` end it, ``unhappy`` reopens the complaint at its first step."""
        complaint = self.get(complaint_id)
        if not complaint.follow_up_pending():
            raise ComplaintError(t("complaint.err.no_call"))
        if outcome not in OUTCOMES:
            raise ComplaintError(t("complaint.err.outcome", choices=", ".join(OUTCOMES)))
        stamp = self._stamp(now)
        call = {"at": stamp, "by": by.strip(), "outcome": outcome, "note": note.strip(),
                "due": complaint.follow_up_due}  # fmt: skip
        calls = [*complaint.follow_ups, call]
        said = t(f"complaint.outcome.{outcome}") + (f" — {note.strip()}" if note.strip() else "")
        if outcome == UNHAPPY:
            entry = {"status": STATUSES[0], "at": stamp, "by": by.strip(), "note": said,
                     "kind": REOPENED}  # fmt: skip
            return self._changed(complaint, entry, follow_ups=calls, status=STATUSES[0],
                                 closed_on="", follow_up_due="",
                                 follow_up_done_on=stamp[:10])  # fmt: skip
        entry = {"status": complaint.status, "at": stamp, "by": by.strip(), "note": said,
                 "kind": CALLED}  # fmt: skip
        done = stamp[:10] if outcome in DONE_OUTCOMES else ""
        return self._changed(complaint, entry, follow_ups=calls, follow_up_done_on=done)

    def raise_action(
        self,
        actions: ActionBook,
        complaint_id: str,
        *,
        description: str,
        owner: str,
        due: date,
        priority: str = "medium",
        by: str,
        now: datetime | None = None,
    ) -> CorrectiveAction:
        """A corrective action for a complaint whose cause is the store's, in the actions
        book (``run_id`` the complaint's id, ``template_id`` ``complaints``, ``item_id`` the
        cause), followed through there like any other. Raises :class:`ComplaintError` when
        the cause is not the store's, :class:`~storeops.actions.ActionError` for a bad
        action."""
        complaint = self.get(complaint_id)
        if not complaint.store_caused:
            cause = t(f"complaint.cause.{complaint.cause}") if complaint.cause else "—"
            raise ComplaintError(t("complaint.err.not_store", cause=cause))
        return actions.raise_action(
            run_id=complaint.id, template_id=ACTION_TEMPLATE, item_id=complaint.cause,
            store_code=complaint.store_code, description=description, owner=owner, due=due,
            priority=priority, by=by, now=now,
        )  # fmt: skip

    def actions_of(self, actions: ActionBook, complaint: Complaint) -> list[CorrectiveAction]:
        """The corrective actions raised for ``complaint``."""
        return [
            a for a in actions.find(today=self._today(None), run_id=complaint.id)
            if a.template_id == ACTION_TEMPLATE
        ]  # fmt: skip

    def erase_contacts(
        self, *, by: str, dry_run: bool = False, now: datetime | None = None
    ) -> list[Complaint]:
        """Erase the customer's name and phone from every complaint closed
        :attr:`AfterSales.retention_months` or more ago (``dry_run``: only say which);
        returns the complaints concerned."""
        today = self._today(now)
        found = past_retention(self.all(), today, self.rules.retention_months)
        if dry_run:
            return found
        erased = []
        for complaint in found:
            entry = {"status": complaint.status, "at": self._stamp(now), "by": by.strip(),
                     "note": "", "kind": ERASED}  # fmt: skip
            erased.append(self._changed(complaint, entry, customer="", phone="",
                                        contact_erased_on=today.isoformat()))  # fmt: skip
        return erased


def retention_findings(store: DataStore, rules: AfterSales | None) -> list[tuple[bool, str, str]]:
    """For ``doctor``: ``(ok, message, what to do)`` about complaints that keep the customer's
    contact details past the store's retention (nothing when no complaint does, or when there
    are no complaints at all)."""
    rules = rules or AfterSales()
    book = ComplaintBook(store, rules)
    complaints = book.all()
    if not complaints:
        return []
    found = past_retention(complaints, store.clock.today(), rules.retention_months)
    if not found:
        return [(True, t("complaint.doctor.ok", count=len(complaints),
                         months=rules.retention_months), "")]  # fmt: skip
    ids = ", ".join(c.id for c in found[:10])
    return [(False, t("complaint.doctor.past", count=len(found), months=rules.retention_months,
                      ids=ids), t("complaint.doctor.fix"))]  # fmt: skip
