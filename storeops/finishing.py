"""Finished runs: signing off, the hash chain, reviews and amendments.

Finishing moves a draft, locked, into the month it was finished in, in three atomic
steps (mark the draft finished, copy it into history, drop the draft); a crash between
any two is completed at the next start (:meth:`FinishedRuns.recover`). Each finished run
stores the SHA-256 of what was signed off and of the run finished before it: a chain
that shows a run edited or removed outside storeops. A finished run is never edited in
place: a review decision or an amendment is added to it, and every such write is all or
nothing, in memory as on disk.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import suppress
from datetime import datetime
from typing import Any

from storeops.answers import RunError, checked_records, record_answer, relation_problems
from storeops.drafts import DraftBook, ensure_draft
from storeops.i18n import t
from storeops.run_index import RunIndex
from storeops.run_record import (
    DRAFTS,
    RUNS,
    Run,
    month_of_run,
    restore,
    review_entry,
    snapshot,
    unchanged_on_failure,
)
from storeops.scoring import Answer, RunScore
from storeops.storage import DataStore
from storeops.template_resolver import TemplateResolver

REVIEW_STEPS = {"submitted": ("accepted", "returned"), "returned": ("submitted",)}


class FinishedRuns:
    """Writes to the history: finish, import, review, amend."""

    def __init__(
        self,
        store: DataStore,
        index: RunIndex,
        drafts: DraftBook,
        templates: TemplateResolver,
        score: Callable[[Run], RunScore],
    ) -> None:
        self.store = store
        self.index = index
        self.drafts = drafts
        self.templates = templates
        self.score = score

    def _stamp(self, now: datetime | None) -> str:
        return (now or self.store.clock.now()).isoformat()

    def _put(self, run: Run) -> None:
        self.store.month_collection(RUNS, month_of_run(run)).put(run.to_doc())

    def finish(self, run: Run, signed_off_by: str, *, now: datetime | None = None) -> Run:
        """Lock the run: it moves from the drafts into its month of history."""
        ensure_draft(run)
        if not signed_off_by.strip():
            raise RunError(t("run.err.signoff"))
        template = self.templates.resolve(run.template_id, run.template_hash)
        missing = [str(f.text) for f in template.header if f.required and not run.header.get(f.id)]
        if missing:
            raise RunError(t("run.err.header", fields=", ".join(missing)))
        open_required = self.score(run).open_required
        if open_required:
            raise RunError(t("run.err.open_items", count=len(open_required)))
        saved = snapshot(run)
        with unchanged_on_failure(run):
            run.status = "finished"
            run.finished_at = self._stamp(now)
            run.updated_at = run.finished_at
            run.signed_off_by = signed_off_by.strip()
            if template.review:
                run.review = review_entry(None, "submitted", run.signed_off_by, "", run.finished_at)
            run.previous_hash = self.last_hash()
            run.content_hash = run.signed_content_hash()
            self.drafts.save(run)
        try:
            self._put(run)
        except Exception:
            # Not filed (disk full …): put the draft back so it stays visible and can be
            # finished again. If even that fails, the next start files it (recover).
            restore(run, saved)
            with suppress(Exception):
                self.drafts.save(run)
            raise
        # Filed: a failure to update the index or drop the draft now is repaired on the
        # next start (the index checks the partitions; recover() the drafts).
        self.index.filed([run])
        self.store.collection(DRAFTS).delete(run.id)
        return run

    def recover(self) -> int:
        """Complete any finish that a crash interrupted; returns how many."""
        pending = [
            Run.from_doc(doc) for doc in self.store.collection(DRAFTS).all()
            if doc.get("status") == "finished"
        ]  # fmt: skip
        for run in pending:
            self._put(run)
            self.index.filed([run])
            self.store.collection(DRAFTS).delete(run.id)
        return len(pending)

    def last_hash(self) -> str:
        """The content hash of the most recently finished run ("" before the first)."""
        runs = self.index.load(self.index.newest_first()[:1])
        return runs[0].content_hash if runs else ""

    def file_runs(self, runs: list[Run]) -> None:
        """Save finished runs made elsewhere (an import): one write per month touched."""
        previous = self.last_hash()
        for run in sorted(runs, key=lambda r: r.finished_at or ""):
            run.previous_hash, run.content_hash = previous, run.signed_content_hash()
            previous = run.content_hash
        by_month: dict[str, list[dict[str, Any]]] = {}
        for run in runs:
            by_month.setdefault(month_of_run(run), []).append(run.to_doc())
        for month, docs in sorted(by_month.items()):
            self.store.month_collection(RUNS, month).put_many(docs)
        self.index.filed(runs)

    def set_review(
        self, run: Run, status: str, *, by: str, reason: str = "", now: datetime | None = None
    ) -> Run:
        """Accept or return a submitted run (a reason is required to return it); a
        returned run, once corrected by an amendment, is submitted again."""
        current = run.review_status
        if current is None or status not in REVIEW_STEPS.get(current, ()):
            raise RunError(t("run.err.review", status=status, current=current or "—"))
        if not by.strip():
            raise RunError(t("run.err.review_by"))
        if status == "returned" and not reason.strip():
            raise RunError(t("run.err.review_reason"))
        stamp = self._stamp(now)
        with unchanged_on_failure(run):
            run.review = review_entry(run.review, status, by.strip(), reason.strip(), stamp)
            self._put(run)
        self.index.filed([run])
        return run

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
        template = self.templates.resolve(run.template_id, run.template_hash)
        records = checked_records(template, answers)
        merged = {**run.scoring_answers(), **{k: record_answer(r) for k, r in records.items()}}
        problems = relation_problems(template, merged, changed=records)
        if problems:
            raise RunError("\n".join(message for _item, message in problems))
        entry = {"at": self._stamp(now), "by": by.strip(), "why": why.strip(), "answers": records}
        with unchanged_on_failure(run):
            run.amendments.append(entry)
            self._put(run)
        self.index.filed([run])
        return run
