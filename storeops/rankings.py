"""Mystery-shop rankings: each store's (or competitor's) recent accepted visits, side by side.

A standing is the mean of the last ``window`` accepted visits of one target (the run's
subject), with section means, the strongest and weakest sections, and a flag when any
visit in that window had a critical failure. Own stores and competitors are ranked apart
(own stores first): a competitor's visit is never one of the store's results. Pure:
finished runs in, figures out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from storeops.i18n import t
from storeops.runs import Run, RunBook, RunSummary
from storeops.scoring import RunScore, round1
from storeops.templates import OWN, Template

DEFAULT_WINDOW = 3


@dataclass(frozen=True)
class Standing:
    target: str
    kind: str  # "own" or "competitor" (the template's subject kind)
    rank: int  # within its kind: own stores 1…n, competitors 1…m
    visits: tuple[tuple[Run, RunScore], ...]  # the window, newest first
    mean: float | None
    section_means: dict[str, float | None]
    strengths: tuple[str, ...]  # section ids, best first
    weaknesses: tuple[str, ...]  # section ids, worst first
    critical: tuple[str, ...]  # critical item ids failed in the window

    @property
    def flagged(self) -> bool:
        return bool(self.critical)


def rank_label(entry: Standing) -> str:
    """``1`` for an own store's rank, ``C1`` / ``竞1`` for a competitor's (ranked apart)."""
    if entry.kind == OWN:
        return str(entry.rank)
    return t("league.rank.other", rank=entry.rank)


def counts(run: Run | RunSummary, include_pending: bool) -> bool:
    """Whether a visit enters rankings: accepted ones, or also submitted if asked."""
    status = run.review_status
    if status is None or status == "accepted":
        return True
    return include_pending and status == "submitted"


def _mean(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round1(sum(known) / len(known)) if known else None


def standing(
    template: Template,
    target: str,
    scored: Sequence[tuple[Run, RunScore]],
    kind: str = OWN,
    rank: int = 0,
) -> Standing:
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
        kind=kind,
        rank=rank,
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
    """Every target in the data: own stores ranked first, then competitors ranked apart;
    within each, best mean first (no score last, then by name). A target visited both as
    an own store and as a competitor (a data-entry slip) is listed once under each kind."""
    by_target: dict[tuple[str, str], list[RunSummary]] = {}
    names: dict[tuple[str, str], str] = {}
    for summary in book.summaries(template_id=template.id):  # newest first
        if summary.subject and counts(summary, include_pending):
            key = (summary.kind, summary.subject.casefold())
            names.setdefault(key, summary.subject)
            if len(by_target.setdefault(key, [])) < max(1, window):
                by_target[key].append(summary)
    # Only the runs inside each window are read.
    unranked = []
    for target_key, window_runs in by_target.items():
        scored = [(run, book.score(run)) for run in book.load(window_runs)]
        unranked.append(standing(template, names[target_key], scored, kind=target_key[0]))

    def order(s: Standing) -> tuple[bool, str, bool, float, str]:
        return (s.kind != OWN, s.kind, s.mean is None, -(s.mean or 0.0), s.target.casefold())

    ordered = sorted(unranked, key=order)
    ranked: list[Standing] = []
    for position, entry in enumerate(ordered):
        previous = ranked[-1] if position else None
        rank = previous.rank + 1 if previous is not None and previous.kind == entry.kind else 1
        ranked.append(replace(entry, rank=rank))
    return ranked
