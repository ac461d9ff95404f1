"""Reading records: every kind of record is checked here, in one place, before a book
uses it. Data is as careful read as written: a folder half synced, an antivirus, a hand
edit in Notepad or an old copy restored can leave a record of any shape.

Each kind has one function that checks a stored document field by field and returns the
fields of the domain's type (``Run(**run_fields(doc))``): :func:`run_fields` (a run in
the history, or a draft: ``finished=False``), :func:`action_fields`,
:func:`plan_fields` (a month's goal plan), :func:`staff_fields`. A document of the wrong
shape raises :class:`BadRecord`, saying which field and why; the books read through
:func:`read_all` and :func:`read_one`, which catch it and set the record aside
(:meth:`storeops.storage.DataStore.set_aside_record`): left out, reported, and kept in its
file exactly as it is. No read path raises on a record, and none drops one silently.

The checks are of shape (types, known values, dates that parse), not of meaning: an
answer's value is checked to be a value an answer can hold, not against its item (the
scoring reads any such value), so a run scored under an old template stays readable.
Everything is copied as stored, so a finished run's content hash still matches.

Nothing here imports a book: each domain module passes its own vocabularies (the
statuses of an action, the types of a goal), so this module stays at the bottom.
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Callable, Collection, Mapping
from datetime import date, datetime
from typing import Any, TypeVar

from storeops.i18n import Msg
from storeops.storage import Collection as Records
from storeops.storage import shown

RUN_STATUSES = ("draft", "finished")
REVIEW_STATUSES = ("submitted", "accepted", "returned")

T = TypeVar("T")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$", re.ASCII)
_NONE = type(None)
_ANSWER_VALUES = (str, int, bool, _NONE)  # and finite floats


class BadRecord(ValueError):
    """A stored record of the wrong shape; ``why`` says which field and how."""

    def __init__(self, why: Msg) -> None:
        super().__init__(str(why))
        self.why = why


def _wrong(field: str, expected: str, value: object) -> BadRecord:
    return BadRecord(
        Msg("record.err.type", field=field, expected=Msg(f"record.expected.{expected}"),
            found=shown(value))
    )  # fmt: skip


def _missing(field: str) -> BadRecord:
    return BadRecord(Msg("record.err.missing", field=field))


# --- fields -------------------------------------------------------------------------


def record_object(doc: object) -> Mapping[str, Any]:
    if not isinstance(doc, Mapping):
        raise BadRecord(Msg("record.err.not_object", found=shown(doc)))
    return doc


def text(doc: Mapping[str, Any], name: str, *, required: bool = False, at: str = "") -> str:
    """A text field; missing or null is ``""`` unless ``required`` (then it must not be
    empty either)."""
    value = doc.get(name)
    if type(value) is str:
        if required and not value:
            raise _missing(at + name)
        return value
    if value is None:
        if required:
            raise _missing(at + name)
        return ""
    raise _wrong(at + name, "text", value)


def optional_text(doc: Mapping[str, Any], name: str, *, at: str = "") -> str | None:
    value = doc.get(name)
    if value is None or type(value) is str:
        return value
    raise _wrong(at + name, "text", value)


def choice(
    doc: Mapping[str, Any], name: str, known: Collection[str], default: str, *, at: str = ""
) -> str:
    """One of ``known`` (``default`` when missing)."""
    value = doc.get(name)
    if value is None:
        return default
    if type(value) is not str or value not in known:
        raise BadRecord(
            Msg("record.err.value", field=at + name, found=shown(value), known=", ".join(known))
        )
    return value


def integer(doc: Mapping[str, Any], name: str, default: int, *, at: str = "") -> int:
    value = doc.get(name, default)
    if type(value) is not int:
        raise _wrong(at + name, "integer", value)
    return value


def number(doc: Mapping[str, Any], name: str, default: float, *, at: str = "") -> float:
    value = doc.get(name, default)
    if type(value) not in (int, float) or not math.isfinite(value):
        raise _wrong(at + name, "number", value)
    return float(value)


def optional_bool(doc: Mapping[str, Any], name: str, *, at: str = "") -> bool | None:
    value = doc.get(name)
    if value is None or type(value) is bool:
        return value
    raise _wrong(at + name, "bool", value)


def flag(doc: Mapping[str, Any], name: str, default: bool) -> bool:
    value = doc.get(name, default)
    if type(value) is not bool:
        raise _wrong(name, "bool", value)
    return value


def moment(doc: Mapping[str, Any], name: str, *, required: bool) -> str | None:
    """An ISO date and time as stored (the text, checked to parse)."""
    value = optional_text(doc, name)
    if value is None or (not value and not required):
        if required:
            raise _missing(name)
        return value
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise _wrong(name, "time", value) from None
    return value


def day(doc: Mapping[str, Any], name: str) -> str:
    """A required ISO date (``YYYY-MM-DD``) as stored."""
    value = doc.get(name)
    if value is None:
        raise _missing(name)
    try:
        if type(value) is not str or not _DATE.match(value):
            raise ValueError(value)
        date.fromisoformat(value)
    except ValueError:
        raise _wrong(name, "date", value) from None
    return value


def mapping(doc: Mapping[str, Any], name: str, *, at: str = "") -> dict[str, Any]:
    """An object field, copied (missing or null is ``{}``)."""
    value = doc.get(name)
    if value is None:
        return {}
    if type(value) is not dict:
        raise _wrong(at + name, "object", value)
    return dict(value)


def texts(doc: Mapping[str, Any], name: str) -> dict[str, str]:
    """An object of texts (a header, notes), copied."""
    found = mapping(doc, name)
    for key, value in found.items():
        if type(value) is not str:
            raise _wrong(f"{name}.{key}", "text", value)
    return found


def objects(doc: Mapping[str, Any], name: str, *, at: str = "") -> list[dict[str, Any]]:
    """A list of objects, copied (missing or null is ``[]``)."""
    value = doc.get(name)
    if value is None:
        return []
    if type(value) is not list:
        raise _wrong(at + name, "list", value)
    for n, entry in enumerate(value):
        if type(entry) is not dict:
            raise _wrong(f"{at}{name}[{n}]", "object", entry)
    return list(value)


def _answer_records(value: object, field: str, *, removals: bool) -> dict[str, Any]:
    """Answers by item id, each ``{"value": …, "na": …, "at": …}`` (or null in an
    amendment, where it takes an answer away), copied."""
    if value is None:
        return {}
    if type(value) is not dict:
        raise _wrong(field, "object", value)
    for item_id, record in value.items():
        if record is None and removals:
            continue
        where = f"{field}.{item_id}"
        if type(record) is not dict:
            raise _wrong(where, "object", record)
        answer = record.get("value")
        if type(answer) not in _ANSWER_VALUES and not (
            isinstance(answer, float) and math.isfinite(answer)
        ):
            raise _wrong(where + ".value", "answer", answer)
        na = record.get("na", False)
        if type(na) is not bool:
            raise _wrong(where + ".na", "bool", na)
        stamp = record.get("at")
        if stamp is not None and type(stamp) is not str:
            raise _wrong(where + ".at", "text", stamp)
    return dict(value)


# --- the kinds of record ----------------------------------------------------------


def run_fields(doc: object, *, finished: bool = False) -> dict[str, Any]:
    """A run's fields (:class:`~storeops.run_record.Run`); ``finished``: it is from the
    history, so it must be a finished run with the time it was finished."""
    doc = record_object(doc)
    status = choice(doc, "status", RUN_STATUSES, "draft")
    if finished and status != "finished":
        raise BadRecord(Msg("record.err.not_finished", found=shown(status)))
    amendments = objects(doc, "amendments")
    for n, amendment in enumerate(amendments):
        at = f"amendments[{n}]."
        for name in ("at", "by", "why", "hash"):
            text(amendment, name, at=at)
        _answer_records(amendment.get("answers"), at + "answers", removals=True)
    review = doc.get("review")
    if review is not None:
        if type(review) is not dict:
            raise _wrong("review", "object", review)
        if not choice(review, "status", REVIEW_STATUSES, "", at="review."):
            raise _missing("review.status")
        for n, entry in enumerate(objects(review, "history")):
            for name in ("status", "by", "reason", "at", "hash"):
                text(entry, name, at=f"review.history[{n}].")
    return {
        "id": text(doc, "id", required=True),
        "template_id": text(doc, "template_id", required=True),
        "template_version": integer(doc, "template_version", 0),
        "template_hash": text(doc, "template_hash"),
        "store_code": text(doc, "store_code"),
        "started_at": text(doc, "started_at"),
        "updated_at": text(doc, "updated_at"),
        "header": texts(doc, "header"),
        "answers": _answer_records(doc.get("answers"), "answers", removals=False),
        "notes": texts(doc, "notes"),
        "status": status,
        "finished_at": moment(doc, "finished_at", required=status == "finished"),
        "signed_off_by": optional_text(doc, "signed_off_by"),
        "amendments": amendments,
        "auditor": text(doc, "auditor"),
        "subject": text(doc, "subject"),
        "review": review,
        "import_key": text(doc, "import_key"),
        "content_hash": text(doc, "content_hash"),
        "previous_hash": text(doc, "previous_hash"),
    }


def action_fields(
    doc: object, *, statuses: Collection[str], priorities: Collection[str]
) -> dict[str, Any]:
    """A corrective action's fields (:class:`~storeops.actions.CorrectiveAction`). Its
    history entries may carry a ``kind`` and, for an edit, ``changes`` (by field,
    ``{"from": …, "to": …}``); older entries have neither, and read as they did."""
    doc = record_object(doc)
    history = objects(doc, "history")
    for n, entry in enumerate(history):
        at = f"history[{n}]."
        for name in ("status", "at", "by", "note", "kind"):
            text(entry, name, at=at)
        for name, change in mapping(entry, "changes", at=at).items():
            if type(change) is not dict:
                raise _wrong(f"{at}changes.{name}", "object", change)
            for end in ("from", "to"):
                text(change, end, at=f"{at}changes.{name}.")
        for k, file in enumerate(objects(entry, "evidence", at=at)):
            for name in ("name", "path", "sha256"):
                text(file, name, at=f"{at}evidence[{k}].", required=True)
    return {
        "id": text(doc, "id", required=True),
        "run_id": text(doc, "run_id"),
        "template_id": text(doc, "template_id"),
        "item_id": text(doc, "item_id"),
        "store_code": text(doc, "store_code"),
        "description": text(doc, "description"),
        "owner": text(doc, "owner"),
        "due": day(doc, "due"),
        "priority": choice(doc, "priority", priorities, "medium"),
        "created_at": text(doc, "created_at"),
        "status": choice(doc, "status", statuses, "open"),
        "history": history,
    }


def staff_fields(doc: object) -> dict[str, Any]:
    """A staff member's fields (:class:`~storeops.staff.StaffMember`)."""
    doc = record_object(doc)
    return {
        "id": text(doc, "id", required=True),
        "name": text(doc, "name", required=True),
        "active": flag(doc, "active", True),
    }


def _weeks_in(month: str) -> int:
    """How many weeks a plan month has: one per Thursday in it (see goals.month_weeks)."""
    found = _MONTH.match(month)
    if not found or not 1 <= int(found[2]) <= 12 or int(found[1]) < 1:
        raise _wrong("month", "month", month)
    year, number = int(found[1]), int(found[2])
    days = calendar.monthrange(year, number)[1]
    return sum(1 for d in range(1, days + 1) if date(year, number, d).weekday() == 3)


def plan_fields(doc: object, *, goal_types: Collection[str]) -> dict[str, Any]:
    """A month plan's fields (:class:`~storeops.goals.MonthPlan`), its weeks as the
    fields of each :class:`~storeops.goals.WeekGoal`, numbered 1, 2, … in order."""
    doc = record_object(doc)
    month = text(doc, "month", required=True)
    most = _weeks_in(month)
    weeks = []
    entries = objects(doc, "weeks")
    if len(entries) > most:
        raise BadRecord(Msg("record.err.weeks", found=len(entries), month=month, most=most))
    for n, week in enumerate(entries, start=1):
        at = f"weeks[{n - 1}]."
        if integer(week, "number", 0, at=at) != n:
            raise _wrong(at + "number", "integer", week.get("number"))
        goal_type = choice(week, "goal_type", goal_types, "weekly", at=at)
        fields: dict[str, Any] = {"number": n, "goal_type": goal_type}
        for name in ("goal", "behaviours", "measure", "actions", "follow_up"):
            fields[name] = text(week, name, at=at)
        if "threshold" in week:
            fields["threshold"] = number(week, "threshold", 0.0, at=at)
        fields["achieved"] = optional_bool(week, "achieved", at=at)
        weeks.append(fields)
    return {
        "month": month,
        "weeks": weeks,
        "summary": text(doc, "summary"),
        "next_goal": text(doc, "next_goal"),
        "updated_at": text(doc, "updated_at"),
    }


# --- reading ---------------------------------------------------------------------------


def read_all(records: Records, parse: Callable[[dict[str, Any]], T]) -> list[T]:
    """Every record of the collection that ``parse`` can read, in file order; each one it
    cannot is set aside (reported, and kept in the file as it is)."""
    store, path = records.store, records.path
    found = []
    for key, doc in records.entries():
        try:
            found.append(parse(doc))
        except BadRecord as exc:
            store.set_aside_record(path, key, exc.why, doc)
    return found


def read_one(records: Records, doc_id: str, parse: Callable[[dict[str, Any]], T]) -> T | None:
    """The record with this id, read by ``parse``; ``None`` when there is none, or when it
    cannot be read (then it is set aside)."""
    entry = records.get_entry(doc_id)
    if entry is None:
        return None
    key, doc = entry
    try:
        return parse(doc)
    except BadRecord as exc:
        records.store.set_aside_record(records.path, key, exc.why, doc)
        return None
