"""Looking back over finished runs: the previous run, a trend, failed points (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storeops.runs import Run, RunSummary
from storeops.scoring import Answer, RunScore
from storeops.templates import Template


@dataclass(frozen=True)
class SectionChange:
    section_id: str
    now: float | None
    before: float | None

    @property
    def delta(self) -> float | None:
        if self.now is None or self.before is None:
            return None
        return self.now - self.before


def previous_of(runs: Sequence[RunSummary], run: Run) -> RunSummary | None:
    """The last finished run of the same template (and subject) before ``run``."""
    earlier = [
        r
        for r in runs
        if r.id != run.id
        and r.template_id == run.template_id
        and r.subject == run.subject
        and (r.finished_at or "") < (run.finished_at or "~")
    ]
    return max(earlier, key=lambda r: r.finished_at or "", default=None)


def section_changes(now: RunScore, before: RunScore | None) -> list[SectionChange]:
    """Each section's score now and in the previous run (matched by section id)."""
    earlier = {s.section_id: s.percent for s in before.sections} if before else {}
    return [SectionChange(s.section_id, s.percent, earlier.get(s.section_id)) for s in now.sections]


def score_trend(runs: Sequence[RunSummary], limit: int = 12) -> list[float | None]:
    """Oldest-first scores of the last ``limit`` runs given (newest-first input)."""
    return [summary.score for summary in reversed(runs[:limit])]


def sparkline(values: Sequence[float | None], low: float = 0.0, high: float = 100.0) -> str:
    """A one-line chart of scores; a gap where a run has no score."""
    bars = "▁▂▃▄▅▆▇█"
    out = []
    for value in values:
        if value is None:
            out.append(" ")
            continue
        ratio = 0.0 if high <= low else (min(max(value, low), high) - low) / (high - low)
        out.append(bars[min(len(bars) - 1, int(ratio * len(bars)))])
    return "".join(out)


def value_range(values: Sequence[float | None]) -> tuple[float, float] | None:
    """The lowest and highest of the values that are known, ``None`` when none is."""
    known = [v for v in values if v is not None]
    return (min(known), max(known)) if known else None


def fitted_sparkline(values: Sequence[float | None]) -> str:
    """A sparkline scaled to the data's own range, so scores between 85 and 100 are not
    one flat row of full bars; values all equal sit at mid height. Show the range beside
    it (:func:`value_range`): the bars alone say only higher or lower."""
    span = value_range(values)
    if span is None:
        return sparkline(values)
    low, high = span
    if high - low < 1e-9:
        return "".join(" " if v is None else "▄" for v in values)
    return sparkline(values, low, high)


@dataclass(frozen=True)
class Strengths:
    """What went well, listed before what did not (seed 001: audits measure how well)."""

    sections: tuple[str, ...]  # section ids at or above the strong mark
    items: tuple[str, ...]  # scale items in the top quarter of their range


def strong_mark(template: Template) -> float:
    """The score (in %) a section needs to count as a strength: the minimum of the
    template's top band (90 by default, 80 for a "Strong" self-assessment). The pass band
    would make nearly every section of a passing run a strength, which tells the manager
    nothing. A template whose only band starts at 0 has no top to reach: only 100 % does."""
    top = max((band.min for band in template.bands if not band.fail), default=0.0)
    return top if top > 0 else 100.0


def strengths(template: Template, result: RunScore, answers: Mapping[str, Answer]) -> Strengths:
    """Sections at or above :func:`strong_mark`, and scale items rated in the top quarter
    of their range. Something worth no points (a section with nothing scored, a 0-point
    item such as the expectation rating of a mystery visit) is never a strength."""
    mark = strong_mark(template)
    strong_sections = tuple(
        s.section_id
        for s in result.sections
        if s.possible > 0 and s.percent is not None and s.percent >= mark
    )
    strong_items = []
    for item in template.items:
        answer = answers.get(item.id)
        if item.type != "scale" or item.points <= 0 or answer is None or answer.na:
            continue
        level = answer.value
        if isinstance(level, bool) or not isinstance(level, int):
            continue
        if item.max > item.min and (level - item.min) >= 0.75 * (item.max - item.min):
            strong_items.append(item.id)
    return Strengths(strong_sections, tuple(strong_items))
