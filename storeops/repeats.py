"""Repeat findings: an item that failed in the previous run of the same checklist fails again.

"The previous run" is the store's own run of the same template id finished just before,
about the same subject when the template observes someone (the associate of a sales
observation); a competitor's visit is never one. Item ids are stable across template
versions, so a run of version 3 follows one of version 2.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from storeops.run_record import Run, RunSummary
from storeops.runs import RunBook
from storeops.scoring import RunScore
from storeops.templates import Template


def subject_key(template: Template, run: Run | RunSummary) -> str:
    """The subject a run's repeats follow: the person or team it observes, else none."""
    has_subject = any(f.role == "subject" for f in template.header)
    return run.subject if has_subject else ""


def failed_items(result: RunScore) -> frozenset[str]:
    return frozenset(item_id for item_id, r in result.items.items() if r.status == "fail")


def _previous_summary(
    book: RunBook, template: Template, run: Run, summaries: Sequence[RunSummary]
) -> RunSummary | None:
    key = subject_key(template, run)
    finished = run.finished_at or "9999"
    best: RunSummary | None = None
    for summary in summaries:
        if (
            summary.template_id == run.template_id
            and summary.own
            and summary.id != run.id
            and summary.finished_at < finished
            and subject_key(template, summary) == key
            and (best is None or summary.finished_at > best.finished_at)
        ):
            best = summary
    return best


def previous_run(book: RunBook, template: Template, run: Run) -> Run | None:
    """The run before ``run`` that its repeats are judged against (``run`` may be a draft)."""
    summary = _previous_summary(book, template, run, book.summaries(template_id=run.template_id))
    if summary is None:
        return None
    found = book.index.load([summary])
    return found[0] if found else None


def previous_failures(
    book: RunBook, template: Template, run: Run
) -> tuple[Run | None, frozenset[str]]:
    """The previous run and the items that failed in it."""
    before = previous_run(book, template, run)
    if before is None:
        return None, frozenset()
    try:
        return before, failed_items(book.score(before))
    except KeyError:  # its template is gone: nothing to compare with
        return before, frozenset()


def repeat_failures(
    book: RunBook, chosen: Sequence[tuple[Run, Template, RunScore]]
) -> dict[str, frozenset[str]]:
    """For each chosen run (oldest first), the items that failed in it and in the run
    before it. Runs before the first chosen one are read as needed (one per group)."""
    repeats: dict[str, frozenset[str]] = {}
    last: dict[tuple[str, str], frozenset[str]] = {}
    summaries: list[RunSummary] | None = None
    for run, template, result in chosen:
        if not _own(run, template):
            repeats[run.id] = frozenset()
            continue
        group = (run.template_id, subject_key(template, run))
        failed = failed_items(result)
        if group not in last:
            if summaries is None:
                summaries = book.summaries()
            summary = _previous_summary(book, template, run, summaries)
            before = book.index.load([summary]) if summary is not None else []
            last[group] = _failed_of(book, before)
        repeats[run.id] = failed & last[group]
        last[group] = failed
    return repeats


def _own(run: Run, template: Template) -> bool:
    from storeops.header_values import is_own

    return is_own(template, run.header)


def _failed_of(book: RunBook, runs: Iterable[Run]) -> frozenset[str]:
    for run in runs:
        try:
            return failed_items(book.score(run))
        except KeyError:
            return frozenset()
    return frozenset()


@dataclass(frozen=True)
class Streak:
    template_id: str
    subject: str
    item_id: str
    runs: int  # consecutive runs, up to the latest, in which the item failed
    last_run: str
    last_at: str


def streaks(
    book: RunBook, chosen: Sequence[tuple[Run, Template, RunScore]], *, at_least: int = 2
) -> list[Streak]:
    """Items by how many consecutive runs (up to each group's latest) they have failed."""
    groups: dict[tuple[str, str], list[tuple[Run, RunScore]]] = {}
    for run, template, result in chosen:
        if _own(run, template):
            groups.setdefault((run.template_id, subject_key(template, run)), []).append(
                (run, result)
            )
    found: list[Streak] = []
    for (template_id, subject), runs in groups.items():
        latest, latest_result = runs[-1]
        for item_id in sorted(failed_items(latest_result)):
            count = 0
            for _run, result in reversed(runs):
                if result.items.get(item_id) is None or result.items[item_id].status != "fail":
                    break
                count += 1
            if count >= at_least:
                found.append(Streak(template_id, subject, item_id, count, latest.id,
                                    latest.finished_at or ""))  # fmt: skip
    return sorted(found, key=lambda s: (-s.runs, s.template_id, s.subject, s.item_id))
