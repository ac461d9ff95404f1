"""Scoring rules (see the storeops.scoring docstring), by hand-computed examples and properties."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storeops.scoring import NOT_APPLICABLE, Answer, band_for, round1, score_item, score_run
from storeops.templates import Item, Template, template_from_data

YES = Answer(True)
NO = Answer(False)


def pf(item_id: str, points: float = 1, **extra: Any) -> dict[str, Any]:
    return {"id": item_id, "text": item_id, "type": "pass_fail", "points": points, **extra}


def number(item_id: str, **extra: Any) -> dict[str, Any]:
    return {"id": item_id, "text": item_id, "type": "number", **extra}


def section(section_id: str, *items: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"id": section_id, "title": section_id, "items": list(items), **extra}


def make(*sections: dict[str, Any], **extra: Any) -> Template:
    data = {"id": "t", "version": 1, "title": "T", "allow_na": True, "sections": list(sections)}
    return template_from_data({**data, **extra}, "test")


def one_item(item: dict[str, Any]) -> Item:
    return make(section("A", item)).items[0]


# --- hand-computed examples -------------------------------------------------


def test_na_is_left_out_of_earned_and_possible() -> None:
    template = make(section("A", pf("a"), pf("b"), pf("c")))
    run = score_run(template, {"a": YES, "b": NO, "c": NOT_APPLICABLE})
    assert run.items["c"].status == "na"
    assert (run.items["c"].earned, run.items["c"].possible) == (0, 0)
    assert (run.sections[0].earned, run.sections[0].possible) == (1, 2)
    assert run.score == 50.0  # 1 of 2 applicable points


def test_raw_score_counts_na_as_possible_not_earned() -> None:
    template = make(section("A", pf("a"), pf("b"), pf("c")))
    run = score_run(template, {"a": YES, "b": NO, "c": NOT_APPLICABLE})
    assert run.raw_score == 33.3  # 1 of 3 points, N/A counted as possible
    assert run.raw_score <= run.score


def test_weighted_total_is_weighted_mean_of_sections() -> None:
    template = make(
        section("A", pf("a1", 1), pf("a2", 3), weight=3),
        section("B", pf("b1", 2), weight=1),
    )
    run = score_run(template, {"a1": YES, "a2": NO, "b1": YES})
    # A = 1/4 = 25 %, B = 2/2 = 100 %; (3 * 25 + 1 * 100) / (3 + 1) = 175 / 4 = 43.75 -> 43.8
    assert [s.percent for s in run.sections] == [25.0, 100.0]
    assert run.score == 43.8


def test_pooled_total_when_no_weights() -> None:
    template = make(section("A", pf("a1", 1), pf("a2", 3)), section("B", pf("b1", 2)))
    run = score_run(template, {"a1": YES, "a2": NO, "b1": YES})
    # earned 1 + 2 = 3 of possible 4 + 2 = 6 -> 50 % (not the 62.5 mean of sections)
    assert run.score == 50.0


def test_zero_weight_section_stays_out_of_total() -> None:
    template = make(section("A", pf("a"), weight=1), section("B", pf("b"), weight=0))
    assert score_run(template, {"a": YES, "b": NO}).score == 100.0


def test_weighted_section_with_all_na_drops_out_of_mean() -> None:
    template = make(section("A", pf("a"), weight=1), section("B", pf("b"), weight=3))
    run = score_run(template, {"a": YES, "b": NOT_APPLICABLE})
    assert run.score == 100.0
    assert run.raw_score == 25.0  # raw: B counts as 0 % with weight 3


def test_round1_rounds_half_up() -> None:
    assert round1(87.25) == 87.3
    assert round1(6.25) == 6.3
    assert round1(0.05) == 0.1
    assert round1(87.24) == 87.2
    assert round1(100.0) == 100.0


def test_run_score_rounds_half_up_not_to_even() -> None:
    template = make(section("A", *(pf(f"i{n}") for n in range(16))))
    answers = {f"i{n}": YES if n == 0 else NO for n in range(16)}
    assert score_run(template, answers).score == 6.3  # 1/16 = 6.25; round() would give 6.2


# --- critical items and bands -----------------------------------------------


def test_failed_critical_item_forces_fail_band_despite_high_score() -> None:
    items = [pf(f"i{n}") for n in range(19)] + [pf("exit", critical=True)]
    template = make(section("A", *items))
    answers = {f"i{n}": YES for n in range(19)} | {"exit": NO}
    run = score_run(template, answers)
    assert run.score == 95.0
    assert run.band == template.fail_band
    assert run.band.fail
    assert run.critical_failures == ("exit",)
    assert run.failed


def test_passed_critical_item_gives_band_by_score() -> None:
    template = make(section("A", pf("a"), pf("exit", critical=True)))
    run = score_run(template, {"a": YES, "exit": YES})
    assert run.band.key == "excellent"
    assert run.critical_failures == ()
    assert not run.failed


@pytest.mark.parametrize(
    ("score", "key"),
    [(100, "excellent"), (90, "excellent"), (89.9, "good"), (75, "good"), (60, "improve"),
     (59.9, "fail"), (0, "fail")],
)  # fmt: skip
def test_band_for_uses_band_minimums(score: float, key: str) -> None:
    assert band_for(make(section("A", pf("a"))), score, False).key == key


def test_band_for_no_score_is_no_band() -> None:
    assert band_for(make(section("A", pf("a"))), None, False) is None


# --- item types -------------------------------------------------------------


def test_negative_item_observed_earns_nothing() -> None:
    item = one_item(pf("phone", 2, negative=True))
    result = score_item(item, YES)
    assert (result.status, result.earned, result.possible) == ("fail", 0.0, 2.0)


def test_negative_item_not_observed_earns_full_points() -> None:
    result = score_item(one_item(pf("phone", 2, negative=True)), NO)
    assert (result.status, result.earned) == ("pass", 2.0)


def test_critical_negative_item_observed_is_critical_failure() -> None:
    item = one_item(pf("phone", negative=True, critical=True))
    assert score_item(item, YES).critical_failed
    assert not score_item(item, NO).critical_failed


@pytest.mark.parametrize(
    ("direction", "threshold", "passing", "failing"),
    [("<=", 60, 60, 60.5), (">=", 5, 5, 4.9), ("<", 60, 59.9, 60), (">", 5, 5.1, 5),
     ("==", 0, 0, 1)],
)  # fmt: skip
def test_number_threshold_each_direction(
    direction: str, threshold: float, passing: float, failing: float
) -> None:
    item = one_item(number("n", points=2, threshold=threshold, direction=direction))
    good, bad = score_item(item, Answer(passing)), score_item(item, Answer(failing))
    assert (good.status, good.earned) == ("pass", 2.0)
    assert (bad.status, bad.earned, bad.possible) == ("fail", 0.0, 2.0)


def test_number_never_happened_fails() -> None:
    result = score_item(one_item(number("n", threshold=3, direction="<=")), Answer(None))
    assert (result.status, result.earned) == ("fail", 0.0)
    assert not result.critical_failed


def test_number_without_threshold_passes_any_value() -> None:
    assert score_item(one_item(number("n")), Answer(12345)).status == "pass"


GREETING = number("greet", threshold=3, direction="<=", critical_threshold=30, unit="s")


def test_number_within_threshold_passes() -> None:
    result = score_item(one_item(GREETING), Answer(2))
    assert (result.status, result.critical_failed) == ("pass", False)


def test_number_beyond_threshold_but_within_critical_threshold_is_not_critical() -> None:
    result = score_item(one_item(GREETING), Answer(10))
    assert (result.status, result.critical_failed) == ("fail", False)


def test_number_beyond_critical_threshold_is_critical_on_non_critical_item() -> None:
    template = make(section("A", GREETING, pf("a")))
    assert not template.item("greet").critical
    run = score_run(template, {"greet": Answer(45), "a": YES})
    assert run.items["greet"].critical_failed
    assert run.critical_failures == ("greet",)
    assert run.band == template.fail_band


def test_number_never_happened_with_critical_threshold_is_critical() -> None:
    assert score_item(one_item(GREETING), Answer(None)).critical_failed


def test_critical_number_item_failing_threshold_is_critical() -> None:
    item = one_item(number("n", threshold=3, direction="<=", critical=True))
    assert score_item(item, Answer(4)).critical_failed
    assert not score_item(item, Answer(3)).critical_failed


@pytest.mark.parametrize(("low", "high", "value", "earned"), [(0, 4, 3, 3.0), (1, 5, 4, 3.2)])
def test_scale_earns_points_times_value_over_max(
    low: int, high: int, value: int, earned: float
) -> None:
    item = one_item({"id": "s", "text": "s", "type": "scale", "points": 4, "min": low, "max": high})
    result = score_item(item, Answer(value))
    assert result.earned == pytest.approx(earned)  # 4 * 3 / 4 and 4 * 4 / 5
    assert result.possible == 4.0


def test_text_item_scores_nothing() -> None:
    item = one_item({"id": "note", "text": "Notes", "type": "text"})
    result = score_item(item, Answer("all good"))
    assert (result.status, result.earned, result.possible) == ("info", 0.0, 0.0)


# --- bonus ------------------------------------------------------------------


def test_bonus_adds_to_earned_only() -> None:
    item = one_item(pf("extra", 2, bonus=True))
    result = score_item(item, YES)
    assert (result.earned, result.possible, result.raw_possible) == (2.0, 0.0, 0.0)
    assert score_item(item, NO).possible == 0.0


def test_bonus_lifts_section_but_caps_it_at_100() -> None:
    template = make(section("A", pf("a"), pf("b"), pf("extra", 5, bonus=True)))
    assert score_run(template, {"a": YES, "b": NO, "extra": NO}).score == 50.0
    run = score_run(template, {"a": YES, "b": NO, "extra": YES})
    assert run.sections[0].earned == 6.0
    assert run.sections[0].percent == 100.0
    assert run.score == 100.0


def test_bonus_in_weighted_section_does_not_leak_into_others() -> None:
    template = make(
        section("A", pf("a"), pf("extra", bonus=True), weight=1),
        section("B", pf("b"), weight=1),
    )
    assert score_run(template, {"a": YES, "extra": YES, "b": NO}).score == 50.0


def test_bonus_in_pooled_section_does_not_leak_into_others() -> None:
    template = make(section("A", pf("a"), pf("extra", bonus=True)), section("B", pf("b")))
    run = score_run(template, {"a": YES, "extra": YES, "b": NO})
    assert [s.percent for s in run.sections] == [100.0, 0.0]
    assert run.score == 50.0


# --- unanswered items -------------------------------------------------------


def test_no_score_while_required_item_unanswered() -> None:
    template = make(section("A", pf("a"), pf("b"), pf("c")))
    run = score_run(template, {"a": YES, "b": NO})
    assert run.score is None
    assert run.raw_score is None
    assert run.band is None
    assert run.open_required == ("c",)
    assert not run.complete
    assert run.provisional == 50.0  # a and b answered: 1 of 2


def test_no_band_while_unanswered_even_with_critical_failure() -> None:
    template = make(section("A", pf("exit", critical=True), pf("b")))
    run = score_run(template, {"exit": NO})
    assert run.band is None
    assert run.critical_failures == ("exit",)
    assert run.failed


def test_text_items_are_not_required_by_default() -> None:
    template = make(section("A", pf("a"), {"id": "note", "text": "Notes", "type": "text"}))
    run = score_run(template, {"a": YES})
    assert run.open_required == ()
    assert run.score == 100.0


def test_optional_item_does_not_block_score() -> None:
    template = make(section("A", pf("a"), pf("b", required=False)))
    run = score_run(template, {"a": NO})
    assert run.score == 0.0
    assert run.items["b"].status == "open"


def test_required_text_item_blocks_score() -> None:
    template = make(
        section("A", pf("a"), {"id": "n", "text": "N", "type": "text", "required": True})
    )
    assert score_run(template, {"a": YES}).open_required == ("n",)
    assert score_run(template, {"a": YES, "n": Answer("ok")}).score == 100.0


def test_empty_answers_give_no_provisional() -> None:
    run = score_run(make(section("A", pf("a"))), {})
    assert (run.score, run.provisional, run.answered) == (None, None, 0)


# --- properties over random templates ---------------------------------------

DIRECTIONS = ("<=", ">=", "<", ">", "==")


@st.composite
def item_dicts(draw: st.DrawFn, item_id: str) -> dict[str, Any]:
    kind = draw(st.sampled_from(["pass_fail", "scale", "number"]))
    data: dict[str, Any] = {
        "id": item_id,
        "text": item_id,
        "type": kind,
        "points": draw(st.floats(0.5, 5)),
    }
    if kind == "pass_fail":
        data["negative"] = draw(st.booleans())
        data["critical"] = draw(st.booleans())
    elif kind == "scale":
        data["min"] = draw(st.integers(0, 2))
        data["max"] = draw(st.integers(data["min"] + 1, 6))
    else:
        data["threshold"] = draw(st.integers(0, 100))
        data["direction"] = draw(st.sampled_from(DIRECTIONS))
        data["critical"] = draw(st.booleans())
    return data


@st.composite
def templates(draw: st.DrawFn) -> Template:
    weighted = draw(st.booleans())
    sections = []
    for s in range(draw(st.integers(1, 4))):
        items = [draw(item_dicts(f"s{s}i{i}")) for i in range(draw(st.integers(1, 6)))]
        extra = {"weight": draw(st.floats(0.5, 50))} if weighted else {}
        sections.append(section(f"S{s}", *items, **extra))
    return make(*sections)


def best_answer(item: Item) -> Answer:
    if item.type == "pass_fail":
        return Answer(not item.negative)
    if item.type == "scale":
        return Answer(item.max)
    offset = {"<=": 0, ">=": 0, "==": 0, "<": -1, ">": 1}[item.direction or "=="]
    return Answer((item.threshold or 0) + offset)


def answer_for(item: Item) -> st.SearchStrategy[Answer | None]:
    if item.type == "pass_fail":
        values: st.SearchStrategy[Any] = st.booleans()
    elif item.type == "scale":
        values = st.integers(item.min, item.max)
    else:
        values = st.none() | st.integers(-10, 110) | st.floats(-10, 110)
    return st.none() | st.just(NOT_APPLICABLE) | values.map(Answer)


@st.composite
def runs(draw: st.DrawFn) -> tuple[Template, dict[str, Answer]]:
    template = draw(templates())
    answers = {}
    for item in template.items:
        answer = draw(answer_for(item))
        if answer is not None:
            answers[item.id] = answer
    return template, answers


PROPERTY = settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(runs())
def test_scores_stay_within_0_and_100(run_input: tuple[Template, dict[str, Answer]]) -> None:
    run = score_run(*run_input)
    for value in (run.score, run.raw_score, run.provisional):
        assert value is None or 0.0 <= value <= 100.0
    for sec in run.sections:
        assert sec.percent is None or 0.0 <= sec.percent <= 100.0


@PROPERTY
@given(runs())
def test_raw_score_never_above_adjusted(run_input: tuple[Template, dict[str, Answer]]) -> None:
    run = score_run(*run_input)
    if run.score is not None:
        assert run.raw_score is not None
        assert run.raw_score <= run.score


@PROPERTY
@given(templates())
def test_best_answer_everywhere_scores_100(template: Template) -> None:
    run = score_run(template, {item.id: best_answer(item) for item in template.items})
    assert run.score == 100.0
    assert run.raw_score == 100.0
    assert run.critical_failures == ()
    assert run.band is not None
    assert run.band.key == "excellent"


@PROPERTY
@given(runs(), st.data())
def test_na_on_one_item_never_changes_other_items(
    run_input: tuple[Template, dict[str, Answer]], data: st.DataObject
) -> None:
    template, answers = run_input
    target = data.draw(st.sampled_from([item.id for item in template.items]))
    before = score_run(template, answers).items
    after = score_run(template, {**answers, target: NOT_APPLICABLE}).items
    assert after[target].status == "na"
    assert {k: v for k, v in before.items() if k != target} == {
        k: v for k, v in after.items() if k != target
    }


@PROPERTY
@given(runs())
def test_score_is_none_iff_required_item_unanswered(
    run_input: tuple[Template, dict[str, Answer]],
) -> None:
    template, answers = run_input
    run = score_run(template, answers)
    unanswered = [item.id for item in template.items if item.required and item.id not in answers]
    assert run.open_required == tuple(unanswered)
    anything_applicable = any(not a.na for a in answers.values())
    if unanswered:
        assert run.score is None
        assert run.band is None
    elif anything_applicable:
        assert run.score is not None
        assert run.band is not None
