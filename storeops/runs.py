"""Runs: one filled-in copy of a template, by someone, at a store, at a time.

:class:`RunBook` is the one door to runs for the app, the CLI and the reports. Behind
it, each job has a class of its own:

* :class:`~storeops.drafts.DraftBook` — runs in progress, saved at every answer;
* :class:`~storeops.finishing.FinishedRuns` — finishing with the hash chain, imports,
  reviews and amendments;
* :class:`~storeops.run_index.RunIndex` — the index of finished runs that lists read;
* :class:`~storeops.template_resolver.TemplateResolver` — the exact template of a run.

The record itself is in :mod:`storeops.run_record`, the checking of answers in
:mod:`storeops.answers`; both are re-exported here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from storeops.answers import (
    RunError,
    check_answer,
    checked_records,
    format_number,
    parse_answer_text,
    parse_number,
)
from storeops.drafts import DraftBook
from storeops.finishing import FinishedRuns
from storeops.header_values import subject_kind
from storeops.i18n import t
from storeops.run_index import INDEX_FILE, INDEX_VERSION, RunIndex
from storeops.run_record import (
    DRAFTS,
    RUNS,
    SIGNED_FIELDS,
    Run,
    RunSummary,
    month_of_run,
    review_entry,
)
from storeops.scoring import Answer, RunScore, score_run
from storeops.storage import DataStore
from storeops.template_resolver import TemplateResolver
from storeops.templates import OWN, Template, TemplateCatalogue

__all__ = [
    "DRAFTS",
    "INDEX_FILE",
    "INDEX_VERSION",
    "RUNS",
    "SIGNED_FIELDS",
    "Run",
    "RunBook",
    "RunError",
    "RunSummary",
    "check_answer",
    "checked_records",
    "format_number",
    "month_of_run",
    "parse_answer_text",
    "parse_number",
    "review_entry",
]


class RunBook:
    """Creating, answering, finishing and finding runs in one data folder."""

    def __init__(self, store: DataStore, catalogue: TemplateCatalogue) -> None:
        self.store = store
        self.templates = TemplateResolver(store, catalogue)
        self.index = RunIndex(store, self.summarize)
        self.draft_book = DraftBook(store, self.templates)
        self.history = FinishedRuns(store, self.index, self.draft_book, self.templates, self.score)

    # --- templates and scores ---------------------------------------------------

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
        return score_run(self.template_for(run), run.scoring_answers(), run.attributes())

    def kind_of(self, run: Run) -> str:
        """Whose result ``run`` is: ``own``, or the template's other kind (``competitor``)."""
        try:
            return subject_kind(self.template_for(run), run.header)
        except KeyError:
            return OWN

    def summarize(self, run: Run) -> RunSummary:
        """What the index keeps of a finished run."""
        try:
            template = self.template_for(run)
        except KeyError:  # template gone: listed without a score (doctor reports it)
            score, band, label, kind = None, None, ("", ""), OWN
            critical: tuple[str, ...] = ()
            failed: str | None = None
        else:
            result = score_run(template, run.scoring_answers(), run.attributes())
            score, critical = result.score, tuple(result.critical_failures)
            failed = " ".join(i for i, r in result.items.items() if r.status == "fail")
            band = result.band.key if result.band else None
            label = (result.band.label.en, result.band.label.zh) if result.band else ("", "")
            kind = subject_kind(template, run.header)
        return RunSummary(
            run.id, run.template_id, month_of_run(run), run.finished_at or "", run.auditor,
            run.subject, score, band, label, tuple(critical), run.review_status,
            run.header.get("day", ""), kind, failed,
        )  # fmt: skip

    # --- finding finished runs ----------------------------------------------------

    def summaries(
        self,
        *,
        template_id: str | None = None,
        subject: str | None = None,
        since: date | None = None,
        until: date | None = None,
        kind: str | None = None,
    ) -> list[RunSummary]:
        """Finished runs matching the filters, newest first, from the index only."""
        return self.index.summaries(
            template_id=template_id, subject=subject, since=since, until=until, kind=kind
        )

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

    def load(self, summaries: list[RunSummary]) -> list[Run]:
        return self.index.load(summaries)

    def latest(self, template_id: str, *, kind: str | None = OWN) -> RunSummary | None:
        return self.index.latest(template_id, kind=kind)

    def awaiting_review(self) -> list[RunSummary]:
        """Finished runs of reviewed templates still waiting for the manager."""
        return [s for s in self.summaries() if s.review_status == "submitted"]

    def get(self, run_id: str) -> Run:
        """A draft or a finished run by id."""
        found = self.draft_book.get(run_id) or self.index.get(run_id)
        if found is None:
            raise RunError(t("run.err.not_found", run=run_id))
        return found

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
        return self.draft_book.start(template, store_code=store_code, header=header, now=now)

    def answer(self, run: Run, item_id: str, answer: Answer, *, now: datetime | None = None) -> Run:
        """Record (or replace) one answer and save the draft at once."""
        return self.draft_book.answer_many(run, {item_id: answer}, now=now)

    def answer_many(
        self, run: Run, answers: Mapping[str, Answer], *, now: datetime | None = None
    ) -> Run:
        """Record several answers (e.g. a whole step N/A) with one save; all or none."""
        return self.draft_book.answer_many(run, answers, now=now)

    def clear_answer(self, run: Run, item_id: str, *, now: datetime | None = None) -> Run:
        return self.draft_book.clear_answer(run, item_id, now=now)

    def set_note(self, run: Run, item_id: str, note: str, *, now: datetime | None = None) -> Run:
        return self.draft_book.set_note(run, item_id, note, now=now)

    def set_header(self, run: Run, values: Mapping[str, str]) -> Run:
        return self.draft_book.set_header(run, values)

    def drafts(self) -> list[Run]:
        """Runs in progress, newest first."""
        return self.draft_book.all()

    def discard(self, run: Run) -> None:
        self.draft_book.discard(run)

    # --- finished runs --------------------------------------------------------------

    def finish(self, run: Run, signed_off_by: str, *, now: datetime | None = None) -> Run:
        """Lock the run: it moves from the drafts into its month of history."""
        return self.history.finish(run, signed_off_by, now=now)

    def recover_finished(self) -> int:
        """Complete any finish that a crash interrupted; returns how many."""
        return self.history.recover()

    def last_hash(self) -> str:
        return self.history.last_hash()

    def file_runs(self, runs: list[Run]) -> None:
        """Save finished runs made elsewhere (an import): one write per month touched."""
        self.history.file_runs(runs)

    def set_review(
        self, run: Run, status: str, *, by: str, reason: str = "", now: datetime | None = None
    ) -> Run:
        return self.history.set_review(run, status, by=by, reason=reason, now=now)

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
        return self.history.amend(run, answers, by=by, why=why, now=now)
