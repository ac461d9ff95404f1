"""A run, as stored: one filled-in copy of a template, by someone, at a store, at a time.

A run is a *draft* while it is being filled in and *finished* once signed off. A finished
run is never edited in place; an amendment records who, when, why and the answers it
changes, and keeps the original. :class:`RunSummary` is what lists need of a finished run.
"""

from __future__ import annotations

import copy
import hashlib
import json
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from storeops.scoring import Answer
from storeops.templates import OWN, Template

DRAFTS = "drafts"
RUNS = "runs"
SIGNED_FIELDS = (
    "id", "template_id", "template_version", "template_hash", "store_code", "started_at",
    "finished_at", "header", "answers", "notes", "signed_off_by", "auditor", "subject",
)  # fmt: skip


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

    def signed_content_hash(self) -> str:
        """SHA-256 of what was signed off: answers, notes, header, who, when, which template.

        Amendments and the review are added later on purpose and are not part of it.
        """
        doc = self.to_doc()
        signed = {key: doc[key] for key in SIGNED_FIELDS}
        canonical = json.dumps(signed, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    @property
    def intact(self) -> bool:
        """Whether the signed content still matches its hash (runs without one pass)."""
        return not self.content_hash or self.content_hash == self.signed_content_hash()

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Run:
        return cls(
            id=str(doc["id"]),
            template_id=str(doc["template_id"]),
            template_version=int(doc.get("template_version", 0)),
            template_hash=str(doc.get("template_hash", "")),
            store_code=str(doc.get("store_code", "")),
            started_at=str(doc.get("started_at", "")),
            updated_at=str(doc.get("updated_at", "")),
            header=dict(doc.get("header") or {}),
            answers=dict(doc.get("answers") or {}),
            notes=dict(doc.get("notes") or {}),
            status=str(doc.get("status", "draft")),
            finished_at=doc.get("finished_at"),
            signed_off_by=doc.get("signed_off_by"),
            amendments=list(doc.get("amendments") or []),
            auditor=str(doc.get("auditor") or ""),
            subject=str(doc.get("subject") or ""),
            review=doc.get("review") if isinstance(doc.get("review"), dict) else None,
            import_key=str(doc.get("import_key") or ""),
            content_hash=str(doc.get("content_hash") or ""),
            previous_hash=str(doc.get("previous_hash") or ""),
        )


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

    @property
    def own(self) -> bool:
        return self.kind == OWN

    def to_row(self) -> list[Any]:
        return [*self[:8], list(self.band_label), list(self.critical), *self[10:]]

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> RunSummary:
        """Raises ValueError, TypeError or IndexError on a row that is not one of ours."""
        (run_id, template_id, month, finished_at, auditor, subject, score, band, label,
         critical, review_status, day, kind) = row  # fmt: skip
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
        ):
            raise TypeError("not an index row")
        return cls(run_id, template_id, month, finished_at, auditor, subject, score, band,
                   tuple(label), tuple(critical), review_status, day, kind)  # fmt: skip


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
    """Everything about ``run`` in memory, to put back with :func:`restore`."""
    return copy.deepcopy(run.__dict__)


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
