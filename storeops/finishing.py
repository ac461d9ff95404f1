"""Finished runs: signing off, the hash chain, reviews and amendments.

Finishing moves a draft, locked, into the month it was finished in, in atomic steps
(mark the draft finished, copy it into history, move the chain's head on, drop the
draft); a crash between any two is completed at the next start
(:meth:`FinishedRuns.recover`). Each finished run stores the SHA-256 of what was signed
off, which covers the hash of the run filed before it; each amendment and review
decision stores a hash chained to its run's; the head of the chain is kept apart
(:mod:`storeops.chain`): together they show a run, an entry or a month file edited,
added or removed outside storeops. A finished run is never edited in place: a review
decision or an amendment is added to it, and every such write is all or nothing, in
memory as on disk.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import replace
from datetime import datetime
from typing import Any

from storeops.answers import RunError, checked_records, record_answer, relation_problems
from storeops.chain import Head, Step, read_head, rebuilt_head, write_head
from storeops.drafts import DraftBook, ensure_draft
from storeops.i18n import t
from storeops.run_index import RunIndex
from storeops.run_record import (
    DRAFTS,
    HASH_VERSION,
    RUNS,
    Run,
    content_version,
    entry_hashes,
    month_of_run,
    restore,
    review_entry,
    seal_entries,
    snapshot,
    unchanged_on_failure,
)
from storeops.scoring import Answer, RunScore
from storeops.storage import DataStore, StorageError
from storeops.template_resolver import TemplateResolver
from storeops.text_clean import clean_line, clean_text

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
        signed_off_by = clean_line(signed_off_by)
        if not signed_off_by.strip():
            raise RunError(t("run.err.signoff"))
        template = self.templates.resolve(run.template_id, run.template_hash)
        missing = [str(f.text) for f in template.header if f.required and not run.header.get(f.id)]
        if missing:
            raise RunError(t("run.err.header", fields=", ".join(missing)))
        result = self.score(run)
        if result.open_required:
            raise RunError(t("run.err.open_items", count=len(result.open_required)))
        if any(item.on_fail for item in template.items):
            from storeops.actions import ActionBook
            from storeops.follow_ups import missing_follow_ups

            actioned = {a.item_id for a in ActionBook(self.store).find(
                today=self.store.clock.today(), run_id=run.id)}  # fmt: skip
            from storeops.header_values import is_own

            owed = missing_follow_ups(template, result, run.notes, actioned,
                                      actions=is_own(template, run.header))  # fmt: skip
            if owed:
                raise RunError("\n".join(m.message() for m in owed))
        saved = snapshot(run)
        head = self.head()
        with unchanged_on_failure(run):
            run.status = "finished"
            run.finished_at = self._stamp(now)
            run.updated_at = run.finished_at
            run.signed_off_by = signed_off_by.strip()
            if template.review:
                run.review = review_entry(None, "submitted", run.signed_off_by, "", run.finished_at)
            run.previous_hash = head.last_hash
            run.content_hash = run.signed_content_hash()
            seal_entries(run)
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
        # Filed: a failure to move the chain's head on, update the index or drop the draft
        # now is repaired on the next start (recover() files the draft, still marked
        # finished, again; the index checks the partitions).
        write_head(self.store, head.apply(Step.filed(run)))
        self.index.filed([run])
        self.store.collection(DRAFTS).delete(run.id)
        return run

    def recover(self) -> int:
        """Complete any finish that a crash interrupted; returns how many."""
        pending = self._finished_drafts()
        if not pending:
            return 0
        for run in sorted(pending, key=lambda r: r.finished_at or ""):
            self._put(run)
            head = self.head()  # counts the run if it follows the head's newest
            if head.last_hash != run.content_hash:  # it does not: it is filed after it
                head = head.apply(Step.filed(run))
            write_head(self.store, head)
            self.index.filed([run])
            self.store.collection(DRAFTS).delete(run.id)
        return len(pending)

    def last_hash(self) -> str:
        """The content hash of the run filed last ("" before the first)."""
        return self.head().last_hash

    # --- the chain's head ---------------------------------------------------------

    def head(self) -> Head:
        """The chain's head as it is now: what ``chain.json`` says, with the writes made
        since settled (:meth:`Head.settled`); for a folder without one, made from the runs
        (:meth:`_first_head`)."""
        head, _ = read_head(self.store)
        if head is None:
            head = self._first_head()
        finished = self._finished_drafts()
        if not head.pending and not finished:
            return head
        return head.settled(self._presence(), finished)

    def _finished_drafts(self) -> list[Run]:
        """Drafts marked finished: a finish cut short (one that cannot be read is left
        out: it is not part of the chain)."""
        found = []
        for doc in self.store.collection(DRAFTS).all():
            if doc.get("status") == "finished":
                with suppress(ValueError, KeyError, TypeError):
                    found.append(Run.from_doc(doc))
        return found

    def _first_head(self) -> Head:
        """A head for a folder without one. Runs finished before there was a head: they
        are counted and the newest is the chain's end (as the chain then went). Runs
        chained with a head that has gone missing: made from every run, and marked as
        rebuilt so that the doctor keeps saying so."""
        newest = self.index.load(self.index.newest_first()[:1])
        if newest and content_version(newest[0]) == HASH_VERSION:
            runs = self.index.load(self.index.newest_first())
            return rebuilt_head(runs, self._stamp(None))
        return Head(
            runs=len(self.index.entries()),
            last_run=newest[0].id if newest else "",
            last_month=month_of_run(newest[0]) if newest else "",
            last_hash=newest[0].content_hash if newest else "",
        )

    def _presence(self) -> Callable[[Step], bool]:
        """Whether the month files hold a step (each month read once)."""
        months: dict[str, dict[str, Run]] = {}

        def present(step: Step) -> bool:
            if step.month not in months:
                months[step.month] = {}
                with suppress(ValueError):  # a bad month name: nothing there
                    for doc in self.store.month_collection(RUNS, step.month).all():
                        with suppress(ValueError, KeyError, TypeError):
                            months[step.month][str(doc.get("id"))] = Run.from_doc(doc)
            run = months[step.month].get(step.run)
            if run is None:
                return False
            if step.kind == "run":
                return run.content_hash == step.hash
            return step.hash in entry_hashes(run)

        return present

    def _pending(self, head: Head, steps: list[Step]) -> None:
        """Before a write that adds ``steps``: the head says they may be there."""
        write_head(self.store, replace(head, pending=tuple(steps)))

    def _done(self, head: Head, steps: list[Step]) -> None:
        """After it: the head counts them. If this write fails, the pending steps are
        settled by whoever reads the head next: the write itself stands."""
        with suppress(StorageError, OSError):
            write_head(self.store, head.applied(steps))

    def file_runs(self, runs: list[Run]) -> None:
        """Save finished runs made elsewhere (an import): one write per month touched,
        chained in the order they were finished, after the run filed last."""
        head = self.head()
        previous = head.last_hash
        ordered = sorted(runs, key=lambda r: r.finished_at or "")
        for run in ordered:
            run.previous_hash = previous  # first: the content hash covers it
            run.content_hash = run.signed_content_hash()
            seal_entries(run)
            previous = run.content_hash
        steps = [Step.filed(run) for run in ordered]
        by_month: dict[str, list[dict[str, Any]]] = {}
        for run in ordered:
            by_month.setdefault(month_of_run(run), []).append(run.to_doc())
        # Months in order, so a write cut short leaves the first steps of the chain.
        self._pending(head, steps)
        for month, docs in sorted(by_month.items()):
            self.store.month_collection(RUNS, month).put_many(docs)
        self._done(head, steps)
        self.index.filed(runs)

    def set_review(
        self, run: Run, status: str, *, by: str, reason: str = "", now: datetime | None = None
    ) -> Run:
        """Accept or return a submitted run (a reason is required to return it); a
        returned run, once corrected by an amendment, is submitted again."""
        current = run.review_status
        if current is None or status not in REVIEW_STEPS.get(current, ()):

            def shown(value: str | None) -> str:
                known = value in ("submitted", "accepted", "returned")
                return t(f"review.status.{value}") if known else (value or "—")

            raise RunError(t("run.err.review", status=shown(status), current=shown(current)))
        by, reason = clean_line(by), clean_text(reason)
        if not by.strip():
            raise RunError(t("run.err.review_by"))
        if status == "returned" and not reason.strip():
            raise RunError(t("run.err.review_reason"))
        stamp = self._stamp(now)
        head = self.head()
        with unchanged_on_failure(run):
            run.review = review_entry(run.review, status, by.strip(), reason.strip(), stamp)
            steps = [Step.added(run, seal_entries(run))]
            self._pending(head, steps)
            self._put(run)
        self._done(head, steps)
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
        by, why = clean_line(by), clean_text(why)
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
        head = self.head()
        with unchanged_on_failure(run):
            run.amendments.append(entry)
            steps = [Step.added(run, seal_entries(run))]
            self._pending(head, steps)
            self._put(run)
        self._done(head, steps)
        self.index.filed([run])
        return run
