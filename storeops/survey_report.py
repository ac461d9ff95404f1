"""The customer satisfaction survey's report (pure): each dimension's mean expectation H, mean
perception W and the gap W − H, the overall figure, and the trend by month.

Seed ``000_b4f64cfc84409828.txt``: satisfaction is the gap between the customer's expectation H
and perception W — H > W dissatisfied, H = W satisfied, H < W very satisfied — over five
dimensions (有形度, 同理度, 反应度, 专业度, 信赖度). Seed ``003_4707213cb979b91f.txt``: the overall
figure is the arithmetic mean of the five dimension indicators.

How a survey template is read (``checklists/customer-satisfaction.toml``): each scored section is
a dimension; its ``choice`` item is the expectation H (options keyed ``1`` … ``5``) and its
``scale`` items the perception W. A dimension's W in one survey is the mean of its W items; over
a period, a dimension's H and W are the means over the surveys, and the overall figure is the
mean of the dimensions' W. Ours: the gap is read at one decimal (a gap that rounds to 0.0 is
"satisfied").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storeops.i18n import t
from storeops.rounding import one_decimal
from storeops.runs import Run
from storeops.scoring import round1
from storeops.templates import Item, Section, Template

SURVEY_TEMPLATE = "customer-satisfaction"


@dataclass(frozen=True)
class Dimension:
    section_id: str
    title: str  # in the current language
    expected: float | None  # mean H (1–5), one decimal
    perceived: float | None  # mean W
    answers: int  # surveys that rated it

    @property
    def gap(self) -> float | None:
        """W − H: below 0 the customers were dissatisfied (H > W), above 0 very satisfied."""
        if self.expected is None or self.perceived is None:
            return None
        return round1(self.perceived - self.expected)

    @property
    def verdict(self) -> str:
        """``dissatisfied``, ``satisfied`` or ``very_satisfied`` by the gap (seed 000), ``""``
        without both H and W."""
        gap = self.gap
        if gap is None:
            return ""
        return "dissatisfied" if gap < 0 else "very_satisfied" if gap > 0 else "satisfied"


@dataclass(frozen=True)
class MonthFigure:
    month: str  # YYYY-MM, by when the survey was finished
    surveys: int
    overall: float | None


@dataclass(frozen=True)
class SurveyReport:
    surveys: int
    dimensions: tuple[Dimension, ...]
    overall: float | None  # mean of the dimensions' W (seed 003: the mean of the five)
    months: tuple[MonthFigure, ...]

    def to_json(self) -> dict[str, object]:
        return {
            "surveys": self.surveys, "overall": self.overall,
            "dimensions": [{"id": d.section_id, "title": d.title, "expected": d.expected,
                            "perceived": d.perceived, "gap": d.gap, "verdict": d.verdict,
                            "answers": d.answers} for d in self.dimensions],
            "months": [{"month": m.month, "surveys": m.surveys, "overall": m.overall}
                       for m in self.months],
        }  # fmt: skip


def dimensions_of(template: Template) -> list[tuple[Section, Item | None, list[Item]]]:
    """Each dimension of a survey template: its section, its H item (``None`` if it has
    none) and its W items; sections without W items (comments) are not dimensions."""
    found = []
    for section in template.sections:
        expected = next((i for i in section.items if i.type == "choice"), None)
        perceived = [i for i in section.items if i.type == "scale"]
        if perceived:
            found.append((section, expected, perceived))
    return found


def _value(run: Run, item: Item) -> float | None:
    answer = run.answer_for(item.id)
    if answer is None or answer.na or answer.value is None or isinstance(answer.value, bool):
        return None
    try:
        return float(answer.value)
    except ValueError:  # a choice whose key is not a number: not an H value
        return None


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def run_dimensions(run: Run, template: Template) -> dict[str, tuple[float | None, float | None]]:
    """One survey's (H, W) by dimension: H as answered, W the mean of its W items."""
    found = {}
    for section, expected, perceived in dimensions_of(template):
        values = [v for item in perceived if (v := _value(run, item)) is not None]
        found[section.id] = (_value(run, expected) if expected else None, _mean(values))
    return found


def _overall(dimension_means: Sequence[float | None]) -> float | None:
    """The mean of the dimensions' W (those rated)."""
    rated = [m for m in dimension_means if m is not None]
    return round1(sum(rated) / len(rated)) if rated else None


def survey_report(surveys: Sequence[tuple[Run, Template]]) -> SurveyReport:
    """The report over ``surveys`` (finished runs of a survey template, oldest first); the
    dimensions are those of the newest survey's template."""
    if not surveys:
        return SurveyReport(0, (), None, ())
    latest = surveys[-1][1]
    h: dict[str, list[float]] = {}
    w: dict[str, list[float]] = {}
    by_month: dict[str, list[dict[str, tuple[float | None, float | None]]]] = {}
    for run, template in surveys:
        figures = run_dimensions(run, template)
        by_month.setdefault((run.finished_at or "")[:7], []).append(figures)
        for section_id, (expected, perceived) in figures.items():
            if expected is not None:
                h.setdefault(section_id, []).append(expected)
            if perceived is not None:
                w.setdefault(section_id, []).append(perceived)
    dimensions = []
    for section, _, _ in dimensions_of(latest):
        expected, perceived = _mean(h.get(section.id, [])), _mean(w.get(section.id, []))
        dimensions.append(Dimension(
            section.id, str(section.title),
            None if expected is None else round1(expected),
            None if perceived is None else round1(perceived),
            len(w.get(section.id, [])),
        ))  # fmt: skip
    overall = _overall([_mean(w.get(d.section_id, [])) for d in dimensions])
    ids = [d.section_id for d in dimensions]
    months = tuple(MonthFigure(month, len(by_month[month]), _month_overall(by_month[month], ids))
                   for month in sorted(by_month))  # fmt: skip
    return SurveyReport(len(surveys), tuple(dimensions), overall, months)


def _month_overall(
    surveys: Sequence[dict[str, tuple[float | None, float | None]]], ids: Sequence[str]
) -> float | None:
    """The overall figure of one month's surveys: the mean of its dimensions' mean W."""
    means = []
    for section_id in ids:
        values = [f[section_id][1] for f in surveys if section_id in f]
        means.append(_mean([v for v in values if v is not None]))
    return _overall(means)


def table_rows(report: SurveyReport) -> list[tuple[str, ...]]:
    """The dimensions as a table shows them (the app's and ``report satisfaction``'s):
    title, H, W, the gap with its sign, the verdict in the current language, surveys."""
    return [
        (d.title, one_decimal(d.expected), one_decimal(d.perceived),
         "—" if d.gap is None else f"{d.gap:+.1f}",
         t(f"survey.verdict.{d.verdict}") if d.verdict else "—", str(d.answers))
        for d in report.dimensions
    ]  # fmt: skip
