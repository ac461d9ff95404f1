"""Scoring: pure functions from a template and answers to scores, band and failures.

Rules (templates choose points, weights, bands and critical items):

* N/A leaves an item out of both earned and possible points.
* Section score = earned / possible. The run score is the weighted mean of section
  scores when the template gives weights, else the pooled earned / possible, 0–100,
  one decimal. Sections with nothing applicable drop out of the mean.
* The *raw* score counts N/A items as possible but not earned, shown beside the
  N/A-adjusted score so head office can see how much N/A moved it.
* ``negative`` items are "should not" behaviours: observing one earns nothing.
* ``bonus`` items add to earned only; a section never exceeds 100 %. Where the cap cuts
  a section back, its bonus items' ``counted`` points are scaled down by one factor so
  they fill the section exactly: an item's ``counted`` points are what it adds to the
  score, and they add up to it (the answer-level export relies on this).
* A failed critical item (or a number beyond its ``critical_threshold``, or a failing
  option of a critical choice item) forces the fail band whatever the points, and is named.
* A ``choice`` item earns ``points × score`` of the option chosen; its possible points are
  ``points ×`` the highest option score (0 when no option scores above 0: a deduction-only
  item, whose negative score takes points away). A section never goes below 0 %: where
  deductions would take it below, the deductions' ``counted`` points are scaled down by one
  factor so the section's items add up to 0.
* A scale earns ``points × value ÷ max`` (``score_from = "min"``: ``(value − min) ÷ (max −
  min)``).
* An item whose ``show_if`` does not hold is *hidden*: not asked, not required, not scored
  (0 of 0), whatever answer an earlier pass left in the draft.
* No overall score while a required item is unanswered; ``provisional`` gives the
  score of what has been answered so far, for live display.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal, NamedTuple

from storeops.rounding import round1
from storeops.templates import Band, Item, Section, Template

Status = Literal["pass", "fail", "na", "open", "info", "hidden"]

_OPS: dict[str, Callable[[float, float], bool]] = {
    "<=": operator.le,
    ">=": operator.ge,
    "<": operator.lt,
    ">": operator.gt,
    "==": lambda a, b: math.isclose(a, b, abs_tol=1e-9),
}


class Answer(NamedTuple):  # a NamedTuple, not a frozen dataclass: made millions of times
    """What was recorded for one item.

    ``value`` is ``True``/``False`` for pass/fail (yes/no; for a negative item, yes
    means the behaviour was observed), an int for a scale, a number for a number
    item (``None`` = it never happened, e.g. the customer was never greeted), or a
    string for text. ``na`` marks "not applicable".
    """

    value: bool | int | float | str | None = None
    na: bool = False


NOT_APPLICABLE = Answer(na=True)


class ItemResult(NamedTuple):  # likewise: one per item of every run scored
    """One item's status and points.

    ``earned`` is what the item earned by itself; ``counted`` is what of it counts toward
    the score, less than ``earned`` only for bonus items of a section the cap cut back.
    """

    item_id: str
    status: Status
    earned: float
    possible: float
    raw_possible: float
    critical_failed: bool = False
    counted: float = 0.0


HIDDEN_RESULT = ItemResult("", "hidden", 0.0, 0.0, 0.0)


@dataclass(frozen=True)
class SectionScore:
    section_id: str
    earned: float
    possible: float
    raw_possible: float
    weight: float
    answered: int
    total: int

    @property
    def percent(self) -> float | None:
        """N/A-adjusted score in %, ``None`` when nothing in it applies yet."""
        if self.possible <= 0:
            return None
        return max(0.0, min(100.0, 100.0 * self.earned / self.possible))

    @property
    def raw_percent(self) -> float | None:
        if self.raw_possible <= 0:
            return None
        return max(0.0, min(100.0, 100.0 * self.earned / self.raw_possible))


@dataclass(frozen=True)
class RunScore:
    items: Mapping[str, ItemResult]
    sections: tuple[SectionScore, ...]
    score: float | None
    raw_score: float | None
    provisional: float | None
    band: Band | None
    critical_failures: tuple[str, ...]
    open_required: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.open_required

    @property
    def failed(self) -> bool:
        return bool(self.critical_failures) or bool(self.band and self.band.fail)

    @property
    def answered(self) -> int:
        return sum(1 for r in self.items.values() if r.status not in ("open", "hidden"))

    @property
    def hidden(self) -> frozenset[str]:
        return frozenset(item_id for item_id, r in self.items.items() if r.status == "hidden")

    def section(self, section_id: str) -> SectionScore:
        for section in self.sections:
            if section.section_id == section_id:
                return section
        raise KeyError(section_id)


def number_passes(item: Item, value: float) -> bool:
    """Whether a measured value meets the item's threshold (no threshold: always)."""
    if item.threshold is None or item.direction is None:
        return True
    return _OPS[item.direction](value, item.threshold)


def number_critical(item: Item, value: float | None) -> bool:
    """Whether a measured value (``None`` = never happened) is a critical failure."""
    if value is None:
        return item.critical or item.critical_threshold is not None
    beyond_limit = (
        item.critical_threshold is not None
        and item.direction is not None
        and not _OPS[item.direction](value, item.critical_threshold)
    )
    if beyond_limit:
        return True
    return item.critical and not number_passes(item, value)


def answer_code(item: Item, answer: Answer | None) -> str | None:
    """An answer as import files write it and conditions name it: ``y``/``n`` for pass/fail,
    ``x`` for N/A, an option key, a scale value, a number or a text; None if unanswered."""
    if answer is None:
        return None
    if answer.na:
        return "x"
    value = answer.value
    if value is None:
        return None
    if item.type == "pass_fail":
        return "y" if value else "n"
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def hidden_items(
    template: Template, answers: Mapping[str, Answer], attributes: Mapping[str, str] | None = None
) -> frozenset[str]:
    """The items whose ``show_if`` does not hold for these answers and store attributes.
    Conditions name earlier items only, so one pass in order settles them; an item shown
    only when a hidden item has some answer is hidden too."""
    if not template.conditional:
        return frozenset()
    hidden: set[str] = set()
    for item in template.items:
        condition = item.show_if
        if condition is None:
            continue
        if condition.store:
            shown = (attributes or {}).get(condition.store, "") in condition.values
        else:
            target = template.item(condition.item)
            shown = condition.item not in hidden and (
                answer_code(target, answers.get(condition.item)) in condition.values
            )
        if not shown:
            hidden.add(item.id)
    return frozenset(hidden)


def score_item(item: Item, answer: Answer | None) -> ItemResult:
    """One item's status and points. (Results are made with positional fields, counted
    last: this runs for every item of every run an export scores.)"""
    if item.bonus:
        possible = 0.0
    elif item.type == "choice":
        possible = item.points * item.best_score
    else:
        possible = item.points
    if item.type == "text":
        status: Status = (
            "info"
            if answer is not None and not answer.na and answer.value
            else ("na" if answer is not None and answer.na else "open")
        )
        return ItemResult(item.id, status, 0.0, 0.0, 0.0)
    if answer is None:
        return ItemResult(item.id, "open", 0.0, 0.0, possible)
    if answer.na:
        return ItemResult(item.id, "na", 0.0, 0.0, possible)
    value = answer.value
    if item.type == "pass_fail":
        good = bool(value) != item.negative
        earned = item.points if good else 0.0
        return ItemResult(
            item.id, "pass" if good else "fail", earned, possible, possible,
            item.critical and not good, earned,
        )  # fmt: skip
    if item.type == "choice":
        option = item.option(value) if isinstance(value, str) else None
        if option is None:  # no option by that key: not an answer
            return ItemResult(item.id, "open", 0.0, 0.0, possible)
        earned = item.points * option.score
        return ItemResult(
            item.id, "fail" if option.fail else "pass", earned, possible, possible,
            item.critical and option.fail, earned,
        )  # fmt: skip
    if item.type == "scale":
        level = float(value) if isinstance(value, int | float) else 0.0
        if level >= item.max:  # the top answer earns the points exactly (p × v ÷ v can miss)
            earned = item.points
        elif item.score_from == "min":
            span = item.max - item.min
            earned = item.points * (level - item.min) / span if span > 0 else 0.0
        else:
            earned = item.points * level / item.max if item.max else 0.0
        status = "pass" if level >= (item.min + item.max) / 2 else "fail"
        return ItemResult(item.id, status, earned, possible, possible, False, earned)
    # number
    measured = (
        float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
    )
    good = measured is not None and number_passes(item, measured)
    earned = item.points if good else 0.0
    return ItemResult(
        item.id, "pass" if good else "fail", earned, possible, possible,
        number_critical(item, measured), earned,
    )  # fmt: skip


def _section_score(section: Section, results: Mapping[str, ItemResult]) -> SectionScore:
    earned = possible = raw_possible = 0.0
    answered = 0
    total = 0
    for item in section.items:  # one pass: exports score every run of five years
        result = results[item.id]
        if result.status == "hidden":
            continue
        total += 1
        if result.status != "open":
            answered += 1
        if item.type != "text":
            earned += result.earned
            possible += result.possible
            raw_possible += result.raw_possible
    return SectionScore(
        section_id=section.id,
        earned=earned,
        possible=possible,
        raw_possible=raw_possible,
        weight=1.0 if section.weight is None else section.weight,
        answered=answered,
        total=total,
    )


def _cap(section: Section, score: SectionScore, results: dict[str, ItemResult]) -> None:
    """Scale the ``counted`` points of a section over 100 % down to its possible points.

    Bonus items give way first, all by one factor; only if the section is over without
    them (which valid answers cannot do) are the other items scaled as well.
    """
    items = [item for item in section.items if item.type != "text"]
    bonus = sum(results[item.id].earned for item in items if item.bonus)
    room = score.possible - (score.earned - bonus)
    if bonus > 0 and room >= 0:
        scaled, factor = [item for item in items if item.bonus], room / bonus
    else:
        scaled, factor = items, max(score.possible, 0.0) / score.earned
    for item in scaled:
        result = results[item.id]
        results[item.id] = result._replace(counted=result.earned * factor)


def _floor(section: Section, results: dict[str, ItemResult]) -> None:
    """Scale the deductions of a section below 0 so its items' ``counted`` add up to 0."""
    items = [item for item in section.items if item.type != "text"]
    gained = sum(results[i.id].earned for i in items if results[i.id].earned > 0)
    lost = -sum(results[i.id].earned for i in items if results[i.id].earned < 0)
    factor = gained / lost if lost else 0.0
    for item in items:
        result = results[item.id]
        if result.earned < 0:
            results[item.id] = result._replace(counted=result.earned * factor)


def _combine(template: Template, sections: tuple[SectionScore, ...], raw: bool) -> float | None:
    weighted = any(section.weight is not None for section in template.sections)
    if weighted:
        parts = [
            (s.weight, s.raw_percent if raw else s.percent)
            for s in sections
            if s.weight > 0 and (s.raw_percent if raw else s.percent) is not None
        ]
        total_weight = sum(w for w, _ in parts)
        if total_weight <= 0:
            return None
        return round1(sum(w * (p or 0.0) for w, p in parts) / total_weight)
    # Each section's earned is capped at its possible, so bonus points never leak over.
    possible = sum(s.raw_possible if raw else s.possible for s in sections)
    earned = sum(max(0.0, min(s.earned, s.raw_possible if raw else s.possible)) for s in sections)
    if possible <= 0:
        return None
    return round1(min(100.0, 100.0 * earned / possible))


def band_for(template: Template, score: float | None, critical_failed: bool) -> Band | None:
    """The grade band for a score; any critical failure forces the fail band."""
    if critical_failed:
        return template.fail_band
    if score is None:
        return None
    for band in template.bands:
        if score >= band.min:
            return band
    return template.bands[-1]


def score_run(
    template: Template, answers: Mapping[str, Answer], attributes: Mapping[str, str] | None = None
) -> RunScore:
    """Score every item, section and the run as a whole. ``attributes`` are the store's
    (for items shown by a store attribute), as the run recorded them when it started."""
    hidden = hidden_items(template, answers, attributes)
    results = {
        item.id: HIDDEN_RESULT._replace(item_id=item.id)
        if item.id in hidden
        else score_item(item, answers.get(item.id))
        for item in template.items
    }
    sections = tuple(_section_score(section, results) for section in template.sections)
    for section, section_score in zip(template.sections, sections, strict=True):
        if section_score.earned > section_score.possible:
            _cap(section, section_score, results)
        elif section_score.earned < 0:
            _floor(section, results)
    critical = tuple(item_id for item_id, r in results.items() if r.critical_failed)
    open_required = tuple(
        item.id for item in template.items if item.required and results[item.id].status == "open"
    )
    provisional = _combine(template, sections, raw=False)
    score = None if open_required else provisional
    raw_score = None if open_required else _combine(template, sections, raw=True)
    band = band_for(template, score, bool(critical)) if not open_required else None
    return RunScore(
        items=results,
        sections=sections,
        score=score,
        raw_score=raw_score,
        provisional=provisional,
        band=band,
        critical_failures=critical,
        open_required=open_required,
    )
