"""Coaching from observations: one associate's history, weakest step, and the team side by side.

Works for any template whose header names a subject (the person observed); the
seven-step sales observation is the one it is made for. Pure: runs in, figures out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from storeops.runs import Run, RunBook, RunSummary
from storeops.scoring import RunScore
from storeops.templates import Section, Template

RECENT = 5  # observations looked at for the weakest step
SHOWN = 50  # observations read in full for one associate's screen


@dataclass(frozen=True)
class Observation:
    run: Run
    result: RunScore
    notes: tuple[tuple[str, str], ...]  # (item id, text) of the run's text answers


@dataclass(frozen=True)
class AssociateSummary:
    name: str
    observations: tuple[Observation, ...]  # the newest ones, newest first
    weakest: Section | None
    weakest_count: int
    total: int = 0  # all observations of the person
    all_scores: tuple[float | None, ...] = ()  # oldest first, every observation

    @property
    def latest(self) -> Observation | None:
        return self.observations[0] if self.observations else None

    def scores(self) -> list[float | None]:
        """Oldest first, for a trend."""
        return list(self.all_scores)


def scored_steps(template: Template) -> list[Section]:
    """The sections that count (weight > 0, or all when unweighted) and hold scored items."""
    return [
        s for s in template.sections
        if (s.weight is None or s.weight > 0) and any(i.type != "text" for i in s.items)
    ]  # fmt: skip


def weakest_step(template: Template, results: Sequence[RunScore]) -> tuple[Section | None, int]:
    """The step with the most failed items (a "should not" observed counts as failed).

    Ties go to the step with the lower mean score, then to the earlier step.
    """
    steps = scored_steps(template)
    failures: Counter[str] = Counter()
    for result in results:
        for step in steps:
            failures[step.id] += sum(1 for i in step.items if result.items[i.id].status == "fail")
    if not results or not any(failures.values()):
        return None, 0

    def mean_score(step: Section) -> float:
        values = [p for r in results if (p := r.section(step.id).percent) is not None]
        return sum(values) / len(values) if values else 100.0

    order = {step.id: n for n, step in enumerate(steps)}
    best = min(steps, key=lambda s: (-failures[s.id], mean_score(s), order[s.id]))
    return best, failures[best.id]


def _observation(book: RunBook, run: Run) -> Observation:
    template = book.template_for(run)
    notes = tuple(
        (item.id, str(answer.value))
        for item in template.items
        if item.type == "text"
        and (answer := run.answer_for(item.id)) is not None
        and not answer.na
        and answer.value
    )
    return Observation(run, book.score(run), notes)


def summarize(
    book: RunBook,
    template: Template,
    found: Sequence[RunSummary],
    recent: int = RECENT,
    shown: int = SHOWN,
) -> AssociateSummary:
    """One person's observations (newest first): the last ``shown`` read in full, the
    weakest step over the last ``recent``, the scores of all of them."""
    runs = book.load(list(found[:shown]))
    observations = tuple(_observation(book, run) for run in runs)
    weakest, count = weakest_step(template, [o.result for o in observations[:recent]])
    name = found[0].subject if found else ""
    scores = tuple(s.score for s in reversed(found))
    return AssociateSummary(name, observations, weakest, count, len(found), scores)


def associate(
    book: RunBook, template: Template, name: str, recent: int = RECENT
) -> AssociateSummary:
    """Every finished observation of ``name`` on ``template``."""
    found = book.summaries(template_id=template.id, subject=name)
    summary = summarize(book, template, found, recent)
    return summary if summary.name else AssociateSummary(name, (), None, 0, 0, ())


def team(book: RunBook, template: Template, recent: int = RECENT) -> list[AssociateSummary]:
    """One summary per person observed on ``template``, by name (only recent runs read)."""
    by_person: dict[str, list[RunSummary]] = {}
    for summary in book.summaries(template_id=template.id):
        if summary.subject:
            by_person.setdefault(summary.subject.casefold(), []).append(summary)
    return [
        summarize(book, template, found, recent, shown=recent)
        for _, found in sorted(by_person.items())
    ]
