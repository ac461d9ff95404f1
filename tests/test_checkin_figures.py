"""The daily check-in agrees with itself: whether a day met its goal is computed from the
counts against the week's threshold (never typed, never scored), so the check-in's score,
the goals grid, the dashboard and ``storeops goals show`` cannot disagree; and a complaint
is a figure to chart, not a failure."""

from __future__ import annotations

import copy
import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storeops.cli import build_app
from storeops.context import Context, open_context
from storeops.goals import (
    CHECK_TEMPLATE,
    check_in_header,
    check_in_status,
    day_marks,
    progress,
    today_status,
)
from storeops.runs import Run
from storeops.scoring import Answer
from storeops.templates import Template, template_from_data

CST = timezone(timedelta(hours=8))
DAY = date(2026, 11, 23)  # the pinned today: Monday of November's week 4


@pytest.fixture
def ctx(data_dir: Path) -> Context:
    context = open_context(data_dir)
    plan = context.goals.new_plan("2026-11")
    plan.weeks[3].behaviours = "Greet every customer within 3 s"
    plan.weeks[3].threshold = 90
    context.goals.save(plan)
    return context


def _answers(
    template: Template, opportunities: float, done: float, complaints: float = 0.0
) -> dict[str, Answer]:
    """A manager who answers every yes / no item "yes" and meets the routine's counts."""
    counts = {"DG-06": 8.0, "DG-07": 3.0, "DG-08": opportunities, "DG-09": done,
              "DG-11": complaints}  # fmt: skip
    answers = {}
    for item in template.items:
        if item.type == "pass_fail":
            answers[item.id] = Answer(True)
        elif item.type == "number":
            answers[item.id] = Answer(counts.get(item.id, 0.0))
    return answers


def _check_in(ctx: Context, day: date, answers: dict[str, Answer],
              template: Template | None = None) -> Run:  # fmt: skip
    """A finished check-in for ``day``, built through the domain as the app builds it."""
    template = template or ctx.catalogue.get(CHECK_TEMPLATE)
    when = datetime.combine(day, datetime.min.time(), CST).replace(hour=21)
    header = check_in_header(ctx.goals, day, day, "Wang")
    run = ctx.runs.start(template, store_code="S1", header=header, now=when)
    ctx.runs.answer_many(run, answers, now=when)
    return ctx.runs.finish(run, "Wang", now=when)


def test_a_day_below_the_weeks_target_does_not_score_excellent_beside_a_cross(
    ctx: Context,
) -> None:
    template = ctx.catalogue.get(CHECK_TEMPLATE)
    run = _check_in(ctx, DAY, _answers(template, opportunities=20, done=10))  # 50 % < 90 %
    week = progress(ctx.runs, ctx.goals, "2026-11").weeks[3]
    assert day_marks(week, DAY)[0] == "✗"
    result = ctx.runs.score(run)
    assert result.band is not None
    assert (result.score, result.band.label.en) != (100.0, "Excellent")
    # What a full score does say: the day's routine was done, not that the goal was met.
    assert "Routine" in result.band.label.en and "例行" in result.band.label.zh


def test_the_score_is_the_routine_and_the_same_whether_the_goal_was_met_or_not(
    ctx: Context,
) -> None:
    template = ctx.catalogue.get(CHECK_TEMPLATE)
    missed = _check_in(ctx, DAY - timedelta(days=1), _answers(template, 20, 10))  # 50 %
    met = _check_in(ctx, DAY, _answers(template, 20, 19))  # 95 %
    assert ctx.runs.score(missed).score == ctx.runs.score(met).score
    # Nothing typed says "goal achieved": DG-20, which did, is retired (its id never reused).
    assert "DG-20" not in {item.id for item in template.items}
    assert not template.item("DG-22").scored  # the judgement on an uncountable goal: text


def test_grid_dashboard_cli_and_the_check_in_give_the_same_day_result(
    ctx: Context, data_dir: Path
) -> None:
    template = ctx.catalogue.get(CHECK_TEMPLATE)
    run = _check_in(ctx, DAY, _answers(template, opportunities=20, done=15))  # 75 % < 90 %
    grid = progress(ctx.runs, ctx.goals, "2026-11").weeks[3]
    dashboard = today_status(ctx.runs, ctx.goals, DAY).week
    single = check_in_status(ctx.goals, run)
    assert single is not None and single.met is False and single.rate == 75.0
    assert grid.days[0].met is dashboard.days[0].met is False
    assert day_marks(grid, DAY)[0] == day_marks(dashboard, DAY) == "✗"  # the dashboard: so far
    ctx.close()
    shown = CliRunner().invoke(build_app(), ["--data-dir", str(data_dir), "goals", "show",
                                             "--month", "2026-11", "--format", "json"])  # fmt: skip
    day = json.loads(shown.output)["weeks"][3]["days"][0]
    assert (day["day"], day["met"], day["rate"]) == ("2026-11-23", False, 75.0)


def test_a_day_without_a_count_has_no_result_whatever_was_typed(ctx: Context) -> None:
    """Also for a check-in made under version 1, which asked "Today's goal achieved?" (DG-20):
    that typed answer decides nothing any more, with or without a count."""
    current = ctx.catalogue.get(CHECK_TEMPLATE)
    data = copy.deepcopy(dict(current.data))
    data["version"] = 1
    wrap_up = next(s for s in data["sections"] if s["id"] == "W")
    wrap_up["items"] = [i for i in wrap_up["items"] if i["id"] != "DG-22"] + [
        {"id": "DG-20", "type": "pass_fail", "points": 1,
         "text": {"en": "Today's service goal achieved", "zh": "今日服务目标达成"}},
    ]  # fmt: skip
    old = template_from_data(data, "test:daily-service-check-v1")
    saturday, sunday = DAY - timedelta(days=2), DAY - timedelta(days=1)
    _check_in(ctx, saturday, {**_answers(old, 0, 0), "DG-20": Answer(False)}, old)
    typed_yes = _check_in(ctx, sunday, _answers(old, 20, 10), old)  # 50 %, typed "achieved"
    assert typed_yes.answer_for("DG-20") == Answer(True)
    today = _check_in(ctx, DAY, _answers(current, 0, 0))
    days = {d.day: d for w in progress(ctx.runs, ctx.goals, "2026-11").weeks for d in w.days}
    assert days[saturday].checked and days[saturday].met is None  # ○, not the typed "no"
    assert days[sunday].met is False  # 50 % against week 3's 80 %, whatever was typed
    assert days[DAY].checked and days[DAY].met is None
    status = check_in_status(ctx.goals, today)
    assert status is not None and status.met is None and status.rate is None


def test_complaints_are_counted_never_scored(ctx: Context) -> None:
    template = ctx.catalogue.get(CHECK_TEMPLATE)
    none = _check_in(ctx, DAY - timedelta(days=1), _answers(template, 20, 19, complaints=0))
    two = _check_in(ctx, DAY, _answers(template, 20, 19, complaints=2))
    with_two = ctx.runs.score(two)
    assert with_two.score == ctx.runs.score(none).score
    assert with_two.band == ctx.runs.score(none).band
    assert with_two.items["DG-11"].status != "fail" and with_two.items["DG-11"].possible == 0
    assert two.answer_for("DG-11") == Answer(2.0)
    item = template.item("DG-11")
    assert item.threshold is None and not item.scored
    assert "not a target" in item.guidance.en and "不是指标" in item.guidance.zh


def test_done_more_often_than_seen_is_refused_everywhere(ctx: Context, tmp_path: Path) -> None:
    """DG-09 (done) above DG-08 (seen) would be a rate over 100 %: refused when typed,
    in either order, when amended and when imported."""
    from storeops.runs import RunError

    template = ctx.catalogue.get(CHECK_TEMPLATE)
    header = check_in_header(ctx.goals, DAY, DAY, "Wang")
    run = ctx.runs.start(template, store_code="SH-021", header=header)
    ctx.runs.answer(run, "DG-08", Answer(10))
    with pytest.raises(RunError, match="more than DG-08"):
        ctx.runs.answer(run, "DG-09", Answer(12))
    ctx.runs.answer(run, "DG-09", Answer(10))
    with pytest.raises(RunError, match="more than DG-08"):
        ctx.runs.answer(run, "DG-08", Answer(9))  # lowering the chances below what was done
    assert run.answer_for("DG-08") == Answer(10)
    finished = _check_in(ctx, DAY - timedelta(days=1), _answers(template, 10, 8))
    with pytest.raises(RunError, match="more than DG-08"):
        ctx.runs.amend(finished, {"DG-09": Answer(11)}, by="Wang", why="typo")


def test_a_not_above_naming_no_number_item_is_a_template_problem() -> None:
    from storeops.templates import TemplateError

    data = {
        "id": "t", "version": 1, "title": {"en": "T", "zh": "T"},
        "sections": [{"id": "S", "title": {"en": "S", "zh": "S"}, "items": [
            {"id": "A", "type": "number", "text": {"en": "a", "zh": "a"}, "not_above": "B"},
            {"id": "B", "type": "pass_fail", "text": {"en": "b", "zh": "b"}},
        ]}],
    }  # fmt: skip
    with pytest.raises(TemplateError, match="not_above"):
        template_from_data(data, "t.toml")
