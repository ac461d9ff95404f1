"""A run, as stored: one filled-in copy of a template, by someone, at a store, at a time.

A run is a *draft* while it is being filled in and *finished* once signed off. A finished
run is never edited in place; an amendment records who, when, why and the answers it
changes, and keeps the original. :class:`RunSummary` is what lists need of a finished run.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from storeops.records import run_fields
from storeops.scoring import Answer
from storeops.templates import OWN, Template

DRAFTS = "drafts"
RUNS = "runs"
STORE_ATTRIBUTE = "store:"  # header keys holding the store attributes a run started with
# What a run's content hash covers. Version 1 (runs finished before the chain covered
# more): what was signed off, the template by its content hash (which names its archived
# copy, ``templates/<hash>.json``). Version 2 (every run finished since) adds the hash of
# the run finished before it (so the chain's order is signed too), its status and its
# import key. Amendments and review decisions come later: each has its own hash, chained
# to the run's (:func:`entry_hash`).
SIGNED_FIELDS = (
    "id", "template_id", "template_version", "template_hash", "store_code", "started_at",
    "finished_at", "header", "answers", "notes", "signed_off_by", "auditor", "subject",
)  # fmt: skip
SIGNED_FIELDS_V2 = (*SIGNED_FIELDS, "previous_hash", "status", "import_key")
HASH_VERSION = 2


@dataclass
class Run:
    """One run. Stored as plain JSON (see :meth:`to_doc`)."""

    id: str
    template_id: str
    template_version: int
    template_hash: str
    store_code: str
    started_at: str
    updated_at: str
    header: dict[str, str] = field(default_factory=dict)
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    status: str = "draft"
    finished_at: str | None = None
    signed_off_by: str | None = None
    amendments: list[dict[str, Any]] = field(default_factory=list)
    auditor: str = ""
    subject: str = ""
    review: dict[str, Any] | None = None  # {"status": …, "history": [...]} on reviewed templates
    import_key: str = ""  # set on runs imported from a file, to refuse importing them twice
    content_hash: str = ""  # SHA-256 of what was signed off (tamper evidence)
    previous_hash: str = ""  # content hash of the run finished before it: a chain

    @property
    def review_status(self) -> str | None:
        """``submitted``, ``accepted`` or ``returned`` on reviewed templates, else ``None``."""
        return self.review.get("status") if self.review else None

    @property
    def finished(self) -> bool:
        return self.status == "finished"

    @classmethod
    def new(cls, template: Template, store_code: str, stamp: str) -> Run:
        """A fresh run of ``template`` started at ``stamp`` (ISO time)."""
        return cls(
            id=uuid.uuid4().hex[:12], template_id=template.id, template_version=template.version,
            template_hash=template.hash, store_code=store_code, started_at=stamp,
            updated_at=stamp,
        )  # fmt: skip

    def role_value(self, template: Template, role: str) -> str:
        """The header value of the template's field with this role (auditor, subject)."""
        for header_field in template.header:
            if header_field.role == role:
                return self.header.get(header_field.id, "")
        return ""

    def answer_for(self, item_id: str) -> Answer | None:
        """The current answer, amendments applied."""
        record = self.current_answers().get(item_id)
        if record is None:
            return None
        return Answer(value=record.get("value"), na=bool(record.get("na")))

    def current_answers(self) -> dict[str, dict[str, Any]]:
        answers = dict(self.answers)
        for amendment in self.amendments:
            for item_id, record in amendment.get("answers", {}).items():
                if record is None:
                    answers.pop(item_id, None)
                else:
                    answers[item_id] = record
        return answers

    def attributes(self) -> dict[str, str]:
        """The store attributes recorded when the run started (those its template's
        conditions read), kept in the header as ``store:NAME`` so they are signed with it."""
        return {k[6:]: v for k, v in self.header.items() if k.startswith(STORE_ATTRIBUTE)}

    def scoring_answers(self) -> dict[str, Answer]:
        return {
            item_id: Answer(value=record.get("value"), na=bool(record.get("na")))
            for item_id, record in self.current_answers().items()
        }

    def to_doc(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "template_id": self.template_id,
            "template_version": self.template_version,
            "template_hash": self.template_hash,
            "store_code": self.store_code,
            "started_at": self.started_at,
            "updated_at": self.updated_at,
            "header": self.header,
            "answers": self.answers,
            "notes": self.notes,
            "status": self.status,
            "finished_at": self.finished_at,
            "signed_off_by": self.signed_off_by,
            "amendments": self.amendments,
            "auditor": self.auditor,
            "subject": self.subject,
            "review": self.review,
            "import_key": self.import_key,
            "content_hash": self.content_hash,
            "previous_hash": self.previous_hash,
        }

    def signed_content_hash(self, version: int = HASH_VERSION) -> str:
        """SHA-256 of what was signed off: answers, notes, header, who, when, which template
        (by its content hash) and, from version 2, the hash of the run finished before it,
        the status and the import key (see ``SIGNED_FIELDS``).

        Amendments and review decisions are added later and are not part of it: each
        carries a hash of its own, chained to this one (:func:`entry_hash`).
        """
        doc = self.to_doc()
        if version == 1:
            signed = {key: doc[key] for key in SIGNED_FIELDS}
        else:
            signed = {key: doc[key] for key in SIGNED_FIELDS_V2}
            signed["hash_version"] = version
        return _sha256(_canonical(signed))

    @property
    def intact(self) -> bool:
        """Whether what was signed off still matches its hash, and every amendment and
        review decision its own. A run finished before runs had a hash passes, and one
        finished before amendments and reviews had one passes with those it had then."""
        if not self.content_hash:
            return True
        version = content_version(self)
        return version is not None and entries_intact(self, strict=version >= 2)

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any], *, finished: bool = False) -> Run:
        """The run stored as ``doc`` (a draft, or with ``finished`` a run of the history);
        raises :class:`~storeops.records.BadRecord` on a document of the wrong shape."""
        return cls(**run_fields(doc, finished=finished))


class RunSummary(NamedTuple):
    """What lists need of a finished run, kept in a small index so that a dashboard or a
    history list over years of runs never reads every run. (A NamedTuple: five years are
    20,000 of them, made at every start.)"""

    id: str
    template_id: str
    month: str
    finished_at: str
    auditor: str
    subject: str
    score: float | None
    band: str | None
    band_label: tuple[str, str]
    critical: tuple[str, ...]
    review_status: str | None
    day: str = ""  # the header's "day", for runs about a day (the daily check-in)
    kind: str = OWN  # whose result: "own" (the store's) or e.g. "competitor" (a visit to one)
    # The ids of the items that failed, space-separated (ids have no spaces), so a Pareto
    # over months reads no run; one string, not a list: five years of them would double
    # the time to read the index. None: not known (the template is gone, so no score).
    failed: str | None = None

    def failed_items(self) -> tuple[str, ...] | None:
        return None if self.failed is None else tuple(self.failed.split())

    @property
    def own(self) -> bool:
        return self.kind == OWN

    def to_row(self) -> list[Any]:
        return [*self[:8], list(self.band_label), list(self.critical), *self[10:]]

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> RunSummary:
        """Raises ValueError, TypeError or IndexError on a row that is not one of ours."""
        (run_id, template_id, month, finished_at, auditor, subject, score, band, label,
         critical, review_status, day, kind, failed) = row  # fmt: skip
        # Checked by hand, not with all(): this runs for every run at every start.
        if (
            type(run_id) is not str
            or type(template_id) is not str
            or type(month) is not str
            or type(finished_at) is not str
            or type(auditor) is not str
            or type(subject) is not str
            or type(day) is not str
            or type(kind) is not str
            or type(critical) is not list
            or type(label) is not list
            or len(label) != 2
            or (failed is not None and type(failed) is not str)
        ):
            raise TypeError("not an index row")
        return cls(run_id, template_id, month, finished_at, auditor, subject, score, band,
                   tuple(label), tuple(critical), review_status, day, kind, failed)  # fmt: skip


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def content_version(run: Run) -> int | None:
    """Which version of :meth:`Run.signed_content_hash` the run's hash matches: 2 or 1,
    0 for a run without a hash, ``None`` when it matches none (changed since)."""
    if not run.content_hash:
        return 0
    for version in (HASH_VERSION, 1):
        if run.content_hash == run.signed_content_hash(version):
            return version
    return None


def entry_hash(previous: str, entry: Mapping[str, Any]) -> str:
    """The hash of an amendment or review decision: SHA-256 of the hash before it (the
    entry before it in the same list, else the run's content hash) and the entry."""
    body = {key: value for key, value in entry.items() if key != "hash"}
    return _sha256(previous + "\n" + _canonical(body))


def entry_lists(run: Run) -> list[list[Any]]:
    """The run's chained entries: its amendments, and its review history."""
    history = run.review.get("history") if run.review else None
    return [run.amendments, history if isinstance(history, list) else []]


def seal_entries(run: Run) -> list[str]:
    """Give every amendment and review decision of ``run`` that has no hash yet its hash,
    chained to those before it; returns the new hashes. Called by the writer right after
    it adds one (or for a new run, after its content hash is set)."""
    sealed = []
    for entries in entry_lists(run):
        previous = run.content_hash
        for entry in entries:
            if "hash" not in entry:
                entry["hash"] = entry_hash(previous, entry)
                sealed.append(entry["hash"])
            previous = entry["hash"]
    return sealed


def entries_intact(run: Run, *, strict: bool) -> bool:
    """Whether every amendment and review decision matches its hash and the chain of
    those before it, and the review status is the last decision's. ``strict``: every
    entry must have a hash (runs finished since the chain covered them); otherwise the
    entries made before that (without one) are taken as they are, and only before the
    first entry with one."""
    for entries in entry_lists(run):
        previous, hashed = run.content_hash, False
        for entry in entries:
            if not isinstance(entry, dict):
                return False
            link = entry_hash(previous, entry)
            if "hash" in entry:
                if entry["hash"] != link:
                    return False
                hashed = True
            elif strict or hashed:
                return False
            previous = link
    if run.review is not None:
        history = run.review.get("history")
        if not isinstance(history, list) or not history:
            return not strict
        if run.review.get("status") != history[-1].get("status"):
            return False
    return True


def entry_hashes(run: Run) -> list[str]:
    """The hashes of the run's amendments and review decisions (those that have one)."""
    return [
        str(entry["hash"])
        for entries in entry_lists(run)
        for entry in entries
        if isinstance(entry, dict) and "hash" in entry
    ]


def review_entry(
    review: dict[str, Any] | None, status: str, by: str, reason: str, at: str
) -> dict[str, Any]:
    history = list((review or {}).get("history", []))
    history.append({"status": status, "by": by, "reason": reason, "at": at})
    return {"status": status, "history": history}


def month_of_run(run: Run) -> str:
    """The history partition of a finished run: the month it was finished in."""
    return (run.finished_at or run.started_at)[:7]


def snapshot(run: Run) -> dict[str, Any]:
    """Everything about ``run`` in memory, to put back with :func:`restore`.

    One level deep, not a deep copy (that was a quarter of saving an answer): every write
    replaces a record in ``answers``/``notes``/``header``, appends to ``amendments`` or
    replaces ``review``, and never changes a record in place."""
    return {
        key: value.copy() if isinstance(value, dict | list) else value
        for key, value in run.__dict__.items()
    }


def restore(run: Run, saved: dict[str, Any]) -> None:
    run.__dict__.clear()
    run.__dict__.update(saved)


@contextmanager
def unchanged_on_failure(run: Run) -> Iterator[Run]:
    """Every change made to ``run`` inside the block is undone if the block raises (a
    write that failed): what the screen shows stays what is saved. One place for the
    all-or-nothing rule of every write, in memory as on disk."""
    saved = snapshot(run)
    try:
        yield run
    except BaseException:
        restore(run, saved)
        raise
