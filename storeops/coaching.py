"""Coaching from observations: one associate's history, weakest step, and the team side by side.

Works for any template whose header names a subject (the person observed); the
seven-step sales observation is the one it is made for. Pure: runs in, figures out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from storeops.runs import Run, RunBook
from storeops.scoring import RunScore
from storeops.templates import Section, Template

RECENT = 5  # observations looked at for the weakest step


@dataclass(frozen=True)
class Observation:
    run: Run
    result: RunScore
    notes: tuple[tuple[str, str], ...]  # (item id, text) of the run's text answers


@dataclass(frozen=True)
class AssociateSummary:
    name: str
    observations: tuple[Observation, ...]  # newest first
    weakest: Section | None
    weakest_count: int

    @property
    def latest(self) -> Observation | None:
        return self.observations[0] if self.observations else None

    def scores(self) -> list[float | None]:
        """Oldest first, for a trend."""
        return [o.result.score for o in reversed(self.observations)]


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
    book: RunBook, template: Template, runs: Sequence[Run], recent: int = RECENT
) -> AssociateSummary:
    """One person's finished observations (newest first) and their weakest step."""
    observations = tuple(_observation(book, run) for run in runs)
    weakest, count = weakest_step(template, [o.result for o in observations[:recent]])
    return AssociateSummary(runs[0].subject if runs else "", observations, weakest, count)


def associate(
    book: RunBook, template: Template, name: str, recent: int = RECENT
) -> AssociateSummary:
    """Every finished observation of ``name`` on ``template``."""
    summary = summarize(
        book, template, book.finished(template_id=template.id, subject=name), recent
    )
    return summary if summary.name else AssociateSummary(name, (), None, 0)


def team(book: RunBook, template: Template, recent: int = RECENT) -> list[AssociateSummary]:
    """One summary per person observed on ``template``, by name (history read once)."""
    by_person: dict[str, list[Run]] = {}
    for run in book.finished(template_id=template.id):
        if run.subject:
            by_person.setdefault(run.subject.casefold(), []).append(run)
    return [summarize(book, template, runs, recent) for _, runs in sorted(by_person.items())]
