"""Runs: one filled-in copy of a template, by someone, at a store, at a time.

A run is a *draft* while it is being filled in: every answer is saved at once in the
small drafts file. Finishing moves it, locked, into the month it was finished in.
A finished run is never edited in place; an amendment records who, when, why and the
answers it changes, and keeps the original.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import uuid
from collections.abc import Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from storeops.gc_pause import collector_paused
from storeops.header_values import check_header, subject_kind
from storeops.i18n import t
from storeops.scoring import Answer, RunScore, score_run
from storeops.storage import DataStore
from storeops.template_resolver import TemplateResolver
from storeops.templates import OWN, Item, Template, TemplateCatalogue

DRAFTS = "drafts"
RUNS = "runs"
SIGNED_FIELDS = (
    "id", "template_id", "template_version", "template_hash", "store_code", "started_at",
    "finished_at", "header", "answers", "notes", "signed_off_by", "auditor", "subject",
)  # fmt: skip


class RunError(ValueError):
    """An answer or action the run cannot take; the message is for the user."""


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


INDEX_FILE = "runs/index.json"
INDEX_VERSION = 4  # 3: rows of values (RunSummary order), not objects; 4: + kind


def check_answer(item: Item, answer: Answer) -> Answer:
    """The answer normalised for ``item``; raises :class:`RunError` if it does not fit."""
    if answer.na:
        if not item.allow_na:
            raise RunError(t("run.err.na_not_allowed"))
        return Answer(na=True)
    value = answer.value
    if item.type == "pass_fail":
        if not isinstance(value, bool):
            raise RunError(t("run.err.bad_answer", value=value, item=item.id, why="yes/no"))
        return Answer(value)
    if item.type == "scale":
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not (item.min <= value <= item.max)
        ):
            raise RunError(
                t("run.err.bad_answer", value=value, item=item.id,
                  why=t("run.err.scale_range", min=item.min, max=item.max))
            )  # fmt: skip
        return Answer(value)
    if item.type == "number":
        if value is None:
            return Answer(None)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise RunError(
                t("run.err.bad_answer", value=value, item=item.id, why=t("run.err.number"))
            )
        if value < 0:  # counts, seconds, amounts: never below zero
            raise RunError(
                t("run.err.bad_answer", value=value, item=item.id, why=t("run.err.negative"))
            )
        # A whole number stays whole (a count of 40 is 40, not 40.0, in every export).
        return Answer(value if type(value) is int else float(value))
    return Answer("" if value is None else str(value))


_YES = {"y", "yes", "p", "pass", "true", "1", "是", "合格", "observed"}
_NO = {"n", "no", "f", "fail", "false", "0", "否", "不合格", "not observed"}
_NA = {"x", "na", "n/a", "不适用"}
_NEVER = {"never", "-", "未发生"}


def parse_answer_text(item: Item, text: str) -> Answer:
    """An answer typed or imported as text (y/n/x, a number, …), checked for ``item``."""
    raw = text.strip()
    low = raw.casefold()
    if low in _NA:
        return check_answer(item, Answer(na=True))
    if item.type == "pass_fail":
        if low in _YES:
            return Answer(True)
        if low in _NO:
            return Answer(False)
        raise RunError(t("run.err.bad_answer", value=raw, item=item.id, why="y / n / x"))
    if item.type == "number" and low in _NEVER:
        return Answer(None)
    if item.type in ("scale", "number"):
        try:
            number = parse_number(raw)
        except ValueError as exc:
            raise RunError(t("run.err.bad_answer", value=raw, item=item.id, why=exc)) from None
        if item.type == "scale":
            if type(number) is not int and not number.is_integer():
                raise RunError(
                    t("run.err.bad_answer", value=raw, item=item.id,
                      why=t("run.err.scale_range", min=item.min, max=item.max))
                )  # fmt: skip
            return check_answer(item, Answer(int(number)))
        return check_answer(item, Answer(number))
    return Answer(raw)


_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d{1,2}", re.ASCII)


def format_number(value: float) -> str:
    """A number as a person wrote it: ``40`` (not ``40.0``), ``2.5``, never an exponent."""
    if type(value) is int:
        return str(value)
    if value.is_integer():
        return str(int(value))
    text = repr(value)
    if "e" in text:
        from decimal import Decimal

        text = format(Decimal(text), "f")
    return text


def parse_number(text: str) -> int | float:
    """A number as typed or imported: ASCII digits, an optional sign, decimal point and
    exponent. ``2,5`` (one or two digits after a comma) is read as 2.5; ``1,000`` is
    refused as ambiguous, and so are ``1_000``, full-width or other scripts' digits, NaN
    and infinity, which Python's ``float`` would take silently. Raises ValueError with
    the reason for the user. A number without a point or exponent is an ``int``."""
    raw = text.strip()
    if _DECIMAL_COMMA.fullmatch(raw):
        raw = raw.replace(",", ".")
    if not _NUMBER.fullmatch(raw):
        if any(ch.isdigit() and not ch.isascii() for ch in raw):
            raise ValueError(t("run.err.digits"))
        if "," in raw:
            raise ValueError(t("run.err.comma"))
        raise ValueError(t("run.err.number"))
    if "." not in raw and "e" not in raw.lower():
        return int(raw)
    number = float(raw)
    if not math.isfinite(number):
        raise ValueError(t("run.err.number"))
    return number


class RunBook:
    """Creating, answering, finishing and finding runs in one data folder."""

    def __init__(self, store: DataStore, catalogue: TemplateCatalogue) -> None:
        self.store = store
        self.templates = TemplateResolver(store, catalogue)
        self._index: dict[str, RunSummary] | None = None
        self._newest: list[RunSummary] | None = None  # the index sorted, newest first
        self._signature: dict[str, list[int]] = {}

    # --- the index of finished runs ------------------------------------------------

    def summarize(self, run: Run) -> RunSummary:
        try:
            template = self.template_for(run)
            result = score_run(template, run.scoring_answers())
        except KeyError:  # template gone: listed without a score (doctor reports it)
            score, band, critical = None, None, ()
            label = ("", "")
            kind = OWN
        else:
            kind = subject_kind(template, run.header)
            score, critical = result.score, result.critical_failures
            band = result.band.key if result.band else None
            label = (result.band.label.en, result.band.label.zh) if result.band else ("", "")
        return RunSummary(
            run.id, run.template_id, _month(run), run.finished_at or "", run.auditor,
            run.subject, score, band, label, tuple(critical), run.review_status,
            run.header.get("day", ""), kind,
        )  # fmt: skip

    def _load_index(self) -> dict[str, RunSummary]:
        """The index, brought up to date with the partitions (re-reading only those that
        changed since it was written, e.g. by an older storeops or a restore)."""
        if self._index is not None:
            return self._index
        with collector_paused():
            return self._read_index()

    def _read_index(self) -> dict[str, RunSummary]:
        doc = self.store.read_json(INDEX_FILE) or {}
        entries: dict[str, RunSummary] = {}
        recorded: dict[str, list[int]] = {}
        if doc.get("version") == INDEX_VERSION:
            try:
                made = map(RunSummary.from_row, doc.get("runs", []))
                entries = {summary.id: summary for summary in made}
                recorded = dict(doc.get("signature", {}))
            except (KeyError, TypeError, ValueError, IndexError):
                entries, recorded = {}, {}
        current = self.store.signature(RUNS)
        stale = {m for m in set(current) | set(recorded) if current.get(m) != recorded.get(m)}
        if stale:
            entries = {k: v for k, v in entries.items() if v.month not in stale}
            for month in sorted(stale & set(current)):
                for run_doc in self.store.month_collection(RUNS, month).all():
                    run = Run.from_doc(run_doc)
                    entries[run.id] = self.summarize(run)
        self._index, self._signature = entries, current
        self._newest = None
        if stale and not self.store.readonly:
            self._save_index()
        return entries

    def _save_index(self) -> None:
        assert self._index is not None
        self._signature = self.store.signature(RUNS)
        doc = {
            "version": INDEX_VERSION,
            "signature": self._signature,
            "runs": [s.to_row() for s in self._index.values()],
        }
        self.store.write_json(INDEX_FILE, doc, compact=True)

    def _filed(self, runs: list[Run]) -> None:
        """After partitions were written: the index follows (it can be rebuilt if this
        write is lost, since it checks the partitions' signature when loaded)."""
        index = self._load_index()
        for run in runs:
            index[run.id] = self.summarize(run)
        self._newest = None
        self._save_index()

    def summaries(
        self,
        *,
        template_id: str | None = None,
        subject: str | None = None,
        since: date | None = None,
        until: date | None = None,
        kind: str | None = None,
    ) -> list[RunSummary]:
        """Finished runs matching the filters, newest first, from the index only.

        ``kind``: only runs whose result is of that kind (``OWN``: the store's own, not a
        mystery visit to a competitor)."""
        wanted_subject = subject.casefold() if subject else None
        return [
            s for s in self._newest_first()
            if (not template_id or s.template_id == template_id)
            and (kind is None or s.kind == kind)
            and (wanted_subject is None or s.subject.casefold() == wanted_subject)
            and (since is None or s.finished_at[:10] >= since.isoformat())
            and (until is None or s.finished_at[:10] <= until.isoformat())
        ]  # fmt: skip

    def _newest_first(self) -> list[RunSummary]:
        """The index sorted once, not on every question (the dashboard asks nine)."""
        index = self._load_index()
        if self._newest is None:
            self._newest = sorted(index.values(), key=lambda s: s.finished_at, reverse=True)
        return self._newest

    def load(self, summaries: list[RunSummary]) -> list[Run]:
        """The full runs behind summaries, reading each month partition once."""
        wanted: dict[str, set[str]] = {}
        for summary in summaries:
            wanted.setdefault(summary.month, set()).add(summary.id)
        by_id: dict[str, Run] = {}
        with collector_paused():
            for month, ids in wanted.items():
                for doc in self.store.month_collection(RUNS, month).all():
                    if doc.get("id") in ids:
                        by_id[str(doc["id"])] = Run.from_doc(doc)
        return [by_id[s.id] for s in summaries if s.id in by_id]

    # --- templates of runs ------------------------------------------------------

    @property
    def catalogue(self) -> TemplateCatalogue:
        return self.templates.catalogue

    @catalogue.setter
    def catalogue(self, catalogue: TemplateCatalogue) -> None:
        self.templates.catalogue = catalogue

    def template_for(self, run: Run) -> Template:
        """The exact template the run was made with (archived by hash if it changed since)."""
        return self.templates.resolve(run.template_id, run.template_hash)

    def score(self, run: Run) -> RunScore:
        return score_run(self.template_for(run), run.scoring_answers())

    # --- drafts -------------------------------------------------------------------

    def start(
        self,
        template: Template,
        *,
        store_code: str,
        header: Mapping[str, str] | None = None,
        now: datetime | None = None,
    ) -> Run:
        """Create and save a new draft."""
        stamp = (now or self.store.clock.now()).isoformat()
        self.store.archive_template(template.hash, template.data)
        run = Run.new(template, store_code, stamp)
        self._apply_header(run, template, header or {})
        self._save_draft(run)
        return run

    def _save_draft(self, run: Run) -> None:
        self.store.collection(DRAFTS).put(run.to_doc())

    def _ensure_draft(self, run: Run) -> None:
        if run.finished:
            raise RunError(t("run.err.finished", run=run.id))

    def answer(self, run: Run, item_id: str, answer: Answer, *, now: datetime | None = None) -> Run:
        """Record (or replace) one answer and save the draft at once."""
        return self.answer_many(run, {item_id: answer}, now=now)

    def answer_many(
        self, run: Run, answers: Mapping[str, Answer], *, now: datetime | None = None
    ) -> Run:
        """Record several answers (e.g. a whole step N/A) with one save; all or none."""
        self._ensure_draft(run)
        template = self.template_for(run)
        stamp = (now or self.store.clock.now()).isoformat()
        records: dict[str, dict[str, Any]] = {}
        for item_id, answer in answers.items():
            try:
                item = template.item(item_id)
            except KeyError:
                raise RunError(
                    t("run.err.unknown_item", item=item_id, template=template.id)
                ) from None
            checked = check_answer(item, answer)
            record: dict[str, Any] = {"at": stamp}
            if checked.na:
                record["na"] = True
            else:
                record["value"] = checked.value
            records[item_id] = record
        before = (dict(run.answers), run.updated_at)
        run.answers.update(records)
        run.updated_at = stamp
        try:
            self._save_draft(run)
        except Exception:
            run.answers, run.updated_at = before  # what is shown stays what is saved
            raise
        return run

    def clear_answer(self, run: Run, item_id: str, *, now: datetime | None = None) -> Run:
        self._ensure_draft(run)
        run.answers.pop(item_id, None)
        run.updated_at = (now or self.store.clock.now()).isoformat()
        self._save_draft(run)
        return run

    def set_note(self, run: Run, item_id: str, note: str, *, now: datetime | None = None) -> Run:
        self._ensure_draft(run)
        if note.strip():
            run.notes[item_id] = note.strip()
        else:
            run.notes.pop(item_id, None)
        run.updated_at = (now or self.store.clock.now()).isoformat()
        self._save_draft(run)
        return run

    def set_header(self, run: Run, values: Mapping[str, str]) -> Run:
        self._ensure_draft(run)
        self._apply_header(run, self.template_for(run), values)
        self._save_draft(run)
        return run

    def _apply_header(self, run: Run, template: Template, values: Mapping[str, str]) -> None:
        """Set header values, each checked for its field's type (a date, a time, one of
        the choices); refuses them all if one does not fit."""
        today = self.store.clock.today()
        clean, problems = check_header(template, values, today, existing=run.header)
        if problems:
            fields = {f.id: str(f.text) for f in template.header}
            raise RunError(
                "\n".join(f"{fields.get(key, key)}: {message}" for key, message in problems)
            )
        for key, value in clean.items():
            if value:
                run.header[key] = value
            else:
                run.header.pop(key, None)
        run.auditor = run.role_value(template, "auditor")
        run.subject = run.role_value(template, "subject")

    def drafts(self) -> list[Run]:
        """Runs in progress, newest first."""
        runs = [Run.from_doc(doc) for doc in self.store.collection(DRAFTS).all()]
        return sorted(
            (run for run in runs if not run.finished), key=lambda run: run.updated_at, reverse=True
        )

    def discard(self, run: Run) -> None:
        self._ensure_draft(run)
        self.store.collection(DRAFTS).delete(run.id)

    # --- finishing ----------------------------------------------------------------

    def finish(self, run: Run, signed_off_by: str, *, now: datetime | None = None) -> Run:
        """Lock the run: it moves from the drafts into its month of history."""
        self._ensure_draft(run)
        if not signed_off_by.strip():
            raise RunError(t("run.err.signoff"))
        template = self.template_for(run)
        missing = [str(f.text) for f in template.header if f.required and not run.header.get(f.id)]
        if missing:
            raise RunError(t("run.err.header", fields=", ".join(missing)))
        result = self.score(run)
        if result.open_required:
            raise RunError(t("run.err.open_items", count=len(result.open_required)))
        moment = now or self.store.clock.now()
        before = (
            run.status, run.finished_at, run.updated_at, run.signed_off_by, run.review,
            run.previous_hash, run.content_hash,
        )  # fmt: skip
        run.status = "finished"
        run.finished_at = moment.isoformat()
        run.updated_at = run.finished_at
        run.signed_off_by = signed_off_by.strip()
        if template.review:
            run.review = review_entry(None, "submitted", run.signed_off_by, "", run.finished_at)
        run.previous_hash = self.last_hash()
        run.content_hash = run.signed_content_hash()
        # Three atomic steps: mark the draft finished, copy it into history, drop the
        # draft. A crash between any two is completed by recover_finished().
        try:
            self._save_draft(run)
        except Exception:
            (
                run.status, run.finished_at, run.updated_at, run.signed_off_by, run.review,
                run.previous_hash, run.content_hash,
            ) = before  # fmt: skip
            raise
        try:
            self.store.month_collection(RUNS, _month(run)).put(run.to_doc())
        except Exception:
            # Not filed (disk full …): put the draft back so it stays visible and can be
            # finished again. If even that fails, the next start files it (recover_finished).
            (
                run.status, run.finished_at, run.updated_at, run.signed_off_by, run.review,
                run.previous_hash, run.content_hash,
            ) = before  # fmt: skip
            with suppress(Exception):
                self._save_draft(run)
            raise
        # Filed: a failure to update the index or drop the draft now is repaired on the
        # next start (the index checks the partitions; recover_finished() the drafts).
        self._filed([run])
        self.store.collection(DRAFTS).delete(run.id)
        return run

    def _file_finished(self, run: Run) -> None:
        self.store.month_collection(RUNS, _month(run)).put(run.to_doc())
        self._filed([run])
        self.store.collection(DRAFTS).delete(run.id)

    def recover_finished(self) -> int:
        """Complete any finish that a crash interrupted; returns how many."""
        pending = [
            Run.from_doc(doc) for doc in self.store.collection(DRAFTS).all()
            if doc.get("status") == "finished"
        ]  # fmt: skip
        for run in pending:
            self._file_finished(run)
        return len(pending)

    def finished(
        self,
        *,
        template_id: str | None = None,
        subject: str | None = None,
        since: date | None = None,
        until: date | None = None,
        kind: str | None = None,
    ) -> list[Run]:
        """Finished runs matching the filters, newest first; only the months that hold
        one are read (the index says which)."""
        return self.load(
            self.summaries(
                template_id=template_id, subject=subject, since=since, until=until, kind=kind
            )
        )

    def set_review(
        self, run: Run, status: str, *, by: str, reason: str = "", now: datetime | None = None
    ) -> Run:
        """Accept or return a submitted run (a reason is required to return it); a
        returned run, once corrected by an amendment, is submitted again."""
        current = run.review_status
        allowed = {"submitted": ("accepted", "returned"), "returned": ("submitted",)}
        if current is None or status not in allowed.get(current, ()):
            raise RunError(t("run.err.review", status=status, current=current or "—"))
        if not by.strip():
            raise RunError(t("run.err.review_by"))
        if status == "returned" and not reason.strip():
            raise RunError(t("run.err.review_reason"))
        stamp = (now or self.store.clock.now()).isoformat()
        run.review = review_entry(run.review, status, by.strip(), reason.strip(), stamp)
        self.store.month_collection(RUNS, _month(run)).put(run.to_doc())
        self._filed([run])
        return run

    def awaiting_review(self) -> list[RunSummary]:
        """Finished runs of reviewed templates still waiting for the manager."""
        return [s for s in self.summaries() if s.review_status == "submitted"]

    def last_hash(self) -> str:
        """The content hash of the most recently finished run ("" before the first)."""
        newest = self.summaries()[:1]
        runs = self.load(newest)
        return runs[0].content_hash if runs else ""

    def file_runs(self, runs: list[Run]) -> None:
        """Save finished runs made elsewhere (an import): one write per month touched."""
        previous = self.last_hash()
        for run in sorted(runs, key=lambda r: r.finished_at or ""):
            run.previous_hash, run.content_hash = previous, run.signed_content_hash()
            previous = run.content_hash
        by_month: dict[str, list[dict[str, Any]]] = {}
        for run in runs:
            by_month.setdefault(_month(run), []).append(run.to_doc())
        for month, docs in sorted(by_month.items()):
            self.store.month_collection(RUNS, month).put_many(docs)
        self._filed(runs)

    def latest(self, template_id: str, *, kind: str | None = OWN) -> RunSummary | None:
        """The most recently finished run of a template that is the store's own result
        (``kind=None``: of any kind)."""
        return next(
            (
                s for s in self._newest_first()
                if s.template_id == template_id and (kind is None or s.kind == kind)
            ),
            None,
        )  # fmt: skip

    def kind_of(self, run: Run) -> str:
        """Whose result ``run`` is: ``own``, or the template's other kind (``competitor``)."""
        try:
            return subject_kind(self.template_for(run), run.header)
        except KeyError:
            return OWN

    def amend(
        self,
        run: Run,
        answers: Mapping[str, Answer],
        *,
        by: str,
        why: str,
        now: datetime | None = None,
    ) -> Run:
        """Correct a finished run: the original answers stay, the amendment is added on top."""
        if not run.finished:
            raise RunError(t("run.err.not_finished", run=run.id))
        if not by.strip():
            raise RunError(t("run.err.amend_by"))
        if not why.strip():
            raise RunError(t("run.err.amend_why"))
        template = self.template_for(run)
        records: dict[str, Any] = {}
        for item_id, answer in answers.items():
            try:
                item = template.item(item_id)
            except KeyError:
                raise RunError(
                    t("run.err.unknown_item", item=item_id, template=template.id)
                ) from None
            checked = check_answer(item, answer)
            records[item_id] = {"na": True} if checked.na else {"value": checked.value}
        stamp = (now or self.store.clock.now()).isoformat()
        run.amendments.append(
            {"at": stamp, "by": by.strip(), "why": why.strip(), "answers": records}
        )
        self.store.month_collection(RUNS, _month(run)).put(run.to_doc())
        self._filed([run])
        return run

    def get(self, run_id: str) -> Run:
        doc = self.store.collection(DRAFTS).get(run_id)
        if doc is not None:
            return Run.from_doc(doc)
        summary = self._load_index().get(run_id)
        months = [summary.month] if summary else list(reversed(self.store.months(RUNS)))
        for month in months:
            doc = self.store.month_collection(RUNS, month).get(run_id)
            if doc is not None:
                return Run.from_doc(doc)
        raise RunError(t("run.err.not_found", run=run_id))


def review_entry(
    review: dict[str, Any] | None, status: str, by: str, reason: str, at: str
) -> dict[str, Any]:
    history = list((review or {}).get("history", []))
    history.append({"status": status, "by": by, "reason": reason, "at": at})
    return {"status": status, "history": history}


def _month(run: Run) -> str:
    """The history partition of a finished run: the month it was finished in."""
    return (run.finished_at or run.started_at)[:7]
