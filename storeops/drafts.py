"""Runs in progress: every answer, note and header value is saved the moment it is given.

Drafts live in the small ``drafts.json``, never in the history, so saving an answer
costs the same with five years of history as with none. Every change is all or nothing:
if the save fails, the run in memory is as it was (:func:`unchanged_on_failure`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from storeops.answers import RunError, checked_records, record_answer, relation_problems
from storeops.header_values import check_header
from storeops.i18n import t
from storeops.records import read_all, read_one
from storeops.run_record import DRAFTS, STORE_ATTRIBUTE, Run, unchanged_on_failure
from storeops.scoring import Answer
from storeops.storage import DataStore
from storeops.template_resolver import TemplateResolver
from storeops.templates import Template
from storeops.text_clean import clean_text


def ensure_draft(run: Run) -> None:
    if run.finished:
        raise RunError(t("run.err.finished", run=run.id))


def _refuse_impossible(template: Template, run: Run, records: dict[str, dict[str, Any]]) -> None:
    """Refuse answers that contradict another (done more often than the chances seen)."""
    merged = {**run.scoring_answers(), **{k: record_answer(r) for k, r in records.items()}}
    problems = relation_problems(template, merged, changed=records)
    if problems:
        raise RunError("\n".join(message for _item, message in problems))


class DraftBook:
    """Starting, answering and discarding runs in progress."""

    def __init__(self, store: DataStore, templates: TemplateResolver) -> None:
        self.store = store
        self.templates = templates

    def _stamp(self, now: datetime | None) -> str:
        return (now or self.store.clock.now()).isoformat()

    def save(self, run: Run) -> None:
        self.store.collection(DRAFTS).put(run.to_doc())

    def start(
        self,
        template: Template,
        *,
        store_code: str,
        header: Mapping[str, str] | None = None,
        now: datetime | None = None,
    ) -> Run:
        """Create and save a new draft."""
        stamp = self._stamp(now)
        self.store.archive_template(template.hash, template.data)
        run = Run.new(template, store_code, stamp)
        self._apply_header(run, template, header or {})
        if template.store_attributes:
            from storeops.profile import load_profile

            profile = load_profile(self.store)
            known = profile.attributes if profile else {}
            for name in template.store_attributes:
                run.header[STORE_ATTRIBUTE + name] = known.get(name, "")
        self.save(run)
        return run

    def answer_many(
        self, run: Run, answers: Mapping[str, Answer], *, now: datetime | None = None
    ) -> Run:
        """Record several answers (e.g. a whole step N/A) with one save; all or none."""
        ensure_draft(run)
        stamp = self._stamp(now)
        template = self._template(run)
        records = checked_records(template, answers, stamp)
        _refuse_impossible(template, run, records)
        with unchanged_on_failure(run):
            run.answers.update(records)
            run.updated_at = stamp
            self.save(run)
        return run

    def clear_answer(self, run: Run, item_id: str, *, now: datetime | None = None) -> Run:
        ensure_draft(run)
        with unchanged_on_failure(run):
            run.answers.pop(item_id, None)
            run.updated_at = self._stamp(now)
            self.save(run)
        return run

    def set_note(self, run: Run, item_id: str, note: str, *, now: datetime | None = None) -> Run:
        ensure_draft(run)
        with unchanged_on_failure(run):
            note = clean_text(note)  # no control characters (tab and line breaks stay)
            if note.strip():
                run.notes[item_id] = note.strip()
            else:
                run.notes.pop(item_id, None)
            run.updated_at = self._stamp(now)
            self.save(run)
        return run

    def set_header(self, run: Run, values: Mapping[str, str]) -> Run:
        ensure_draft(run)
        with unchanged_on_failure(run):
            self._apply_header(run, self._template(run), values)
            self.save(run)
        return run

    def _template(self, run: Run) -> Template:
        return self.templates.resolve(run.template_id, run.template_hash)

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

    def all(self) -> list[Run]:
        """Runs in progress, newest first (one that cannot be read is set aside)."""
        runs = read_all(self.store.collection(DRAFTS), Run.from_doc)
        return sorted(
            (run for run in runs if not run.finished), key=lambda run: run.updated_at, reverse=True
        )

    def get(self, run_id: str) -> Run | None:
        return read_one(self.store.collection(DRAFTS), run_id, Run.from_doc)

    def discard(self, run: Run) -> None:
        ensure_draft(run)
        self.store.collection(DRAFTS).delete(run.id)
