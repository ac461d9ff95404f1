"""Mystery-shop rankings: each store's (or competitor's) recent accepted visits, side by side.

A standing is the mean of the last ``window`` accepted visits of one target (the run's
subject), with section means, the strongest and weakest sections, and a flag when any
visit in that window had a critical failure. Pure: finished runs in, figures out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storeops.runs import Run, RunBook, RunSummary
from storeops.scoring import RunScore, round1
from storeops.templates import Template

DEFAULT_WINDOW = 3


@dataclass(frozen=True)
class Standing:
    target: str
    visits: tuple[tuple[Run, RunScore], ...]  # the window, newest first
    mean: float | None
    section_means: dict[str, float | None]
    strengths: tuple[str, ...]  # section ids, best first
    weaknesses: tuple[str, ...]  # section ids, worst first
    critical: tuple[str, ...]  # critical item ids failed in the window

    @property
    def flagged(self) -> bool:
        return bool(self.critical)


def counts(run: Run | RunSummary, include_pending: bool) -> bool:
    """Whether a visit enters rankings: accepted ones, or also submitted if asked."""
    status = run.review_status
    if status is None or status == "accepted":
        return True
    return include_pending and status == "submitted"


def _mean(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round1(sum(known) / len(known)) if known else None


def standing(template: Template, target: str, scored: Sequence[tuple[Run, RunScore]]) -> Standing:
    """One target's standing from its visits in the window (newest first)."""
    scored_sections = [
        s.id for s in template.sections
        if (s.weight is None or s.weight > 0) and any(i.type != "text" for i in s.items)
    ]  # fmt: skip
    means = {
        sid: _mean([result.section(sid).percent for _, result in scored]) for sid in scored_sections
    }
    ranked = sorted((m, sid) for sid, m in means.items() if m is not None)
    weakest = tuple(sid for _, sid in ranked[:2])
    strongest = tuple(sid for _, sid in reversed(ranked[-2:]) if sid not in weakest)
    critical = tuple(dict.fromkeys(i for _, r in scored for i in r.critical_failures))
    return Standing(
        target=target,
        visits=tuple(scored),
        mean=_mean([result.score for _, result in scored]),
        section_means=means,
        strengths=strongest,
        weaknesses=weakest,
        critical=critical,
    )


def league(
    book: RunBook,
    template: Template,
    *,
    window: int = DEFAULT_WINDOW,
    include_pending: bool = False,
) -> list[Standing]:
    """Every target in the data, best mean first (no score last, then by name)."""
    by_target: dict[str, list[RunSummary]] = {}
    names: dict[str, str] = {}
    for summary in book.summaries(template_id=template.id):  # newest first
        if summary.subject and counts(summary, include_pending):
            key = summary.subject.casefold()
            names.setdefault(key, summary.subject)
            if len(by_target.setdefault(key, [])) < max(1, window):
                by_target[key].append(summary)
    # Only the runs inside each window are read.
    standings = [
        standing(template, names[key], [(run, book.score(run)) for run in book.load(window_runs)])
        for key, window_runs in by_target.items()
    ]
    return sorted(standings, key=lambda s: (s.mean is None, -(s.mean or 0.0), s.target.casefold()))
