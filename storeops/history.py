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


@dataclass(frozen=True)
class Strengths:
    """What went well, listed before what did not (seed 001: audits measure how well)."""

    sections: tuple[str, ...]  # section ids at or above the strong mark
    items: tuple[str, ...]  # scale items in the top quarter of their range


def strengths(template: Template, result: RunScore, answers: Mapping[str, Answer]) -> Strengths:
    strong_sections = tuple(
        s.section_id for s in result.sections if s.percent is not None and s.percent >= 90.0
    )
    strong_items = []
    for item in template.items:
        answer = answers.get(item.id)
        if item.type != "scale" or answer is None or answer.na:
            continue
        level = answer.value
        if isinstance(level, int) and (level - item.min) >= 0.75 * (item.max - item.min):
            strong_items.append(item.id)
    return Strengths(strong_sections, tuple(strong_items))
