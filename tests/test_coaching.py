"""Coaching figures: an associate's observations, weakest step, the team view; the staff list."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from storeops.coaching import associate, team, weakest_step
from storeops.context import Context, open_context
from storeops.scoring import Answer, score_run
from storeops.staff import StaffError
from storeops.templates import Template, template_from_data

CST = timezone(timedelta(hours=8))


def _template() -> Template:
    def step(sid: str, weight: float, n: int) -> dict:
        items = [{"id": f"{sid}-{k}", "type": "pass_fail", "text": {"en": f"{sid} {k}"}}
                 for k in range(1, n + 1)]  # fmt: skip
        items.append({"id": f"{sid}-no", "type": "pass_fail", "negative": True,
                      "text": {"en": "should not"}})  # fmt: skip
        return {"id": sid, "title": {"en": f"Step {sid}"}, "weight": weight, "items": items}

    return template_from_data(
        {
            "id": "obs", "version": 1, "title": {"en": "Observation"},
            "header": [{"id": "associate", "role": "subject", "required": True, "staff": True,
                        "text": {"en": "Associate"}}],
            "sections": [step("S1", 40, 3), step("S2", 30, 3), step("S3", 30, 3),
                         {"id": "Z", "title": {"en": "Coaching"}, "weight": 0,
                          "items": [{"id": "Z-see", "type": "text", "text": {"en": "See"}}]}],
        },
        "obs.toml",
    )  # fmt: skip


def _answers(template: Template, fails: set[str], observed: set[str]) -> dict[str, Answer]:
    answers: dict[str, Answer] = {}
    for item in template.items:
        if item.type == "text":
            continue
        if item.negative:
            answers[item.id] = Answer(item.section_id in observed)
        else:
            answers[item.id] = Answer(item.id not in fails)
    return answers


def test_weakest_step_counts_failed_and_observed_should_nots() -> None:
    template = _template()
    results = [
        score_run(template, _answers(template, {"S1-1"}, {"S2"})),
        score_run(template, _answers(template, {"S2-2"}, set())),
        score_run(template, _answers(template, {"S3-1"}, {"S3"})),
    ]
    step, count = weakest_step(template, results)
    # S2 and S3 both have 2 failures and the same mean (83.3 %): the earlier step is named.
    assert step is not None and step.id == "S2" and count == 2


def test_weakest_step_is_the_one_with_most_failures() -> None:
    template = _template()
    results = [
        score_run(template, _answers(template, {"S1-1", "S1-2"}, set())),  # S1: 50 %
        score_run(template, _answers(template, {"S3-1"}, {"S3"})),  # S3: 50 %
        score_run(template, _answers(template, {"S3-2"}, set())),  # S3: 75 %
    ]
    step, count = weakest_step(template, results)
    # S3 has 3 failures against S1's 2, although S1 is as low in its one bad run.
    assert count == 3 and step is not None and step.id == "S3"


def test_no_failures_means_no_weakest_step() -> None:
    template = _template()
    assert weakest_step(template, [score_run(template, _answers(template, set(), set()))]) == (
        None, 0,
    )  # fmt: skip


def _observe(ctx: Context, template: Template, name: str, fails: set[str], day: int,
             observed: set[str] = frozenset(), note: str = "") -> None:  # fmt: skip
    when = datetime(2026, 10, day, 15, 0, tzinfo=CST)
    run = ctx.runs.start(template, store_code="S1", header={"associate": name}, now=when)
    ctx.runs.answer_many(run, _answers(template, fails, set(observed)), now=when)
    if note:
        ctx.runs.answer(run, "Z-see", Answer(note), now=when)
    ctx.runs.finish(run, "Manager", now=when)


@pytest.fixture
def ctx_with_observations(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Context:
    ctx = open_context(data_dir)
    template = _template()
    ctx.store.archive_template(template.hash, template.data)
    _observe(ctx, template, "李雷", {"S1-1"}, 1, note="Greeted late")
    _observe(ctx, template, "李雷", {"S3-1", "S3-2"}, 8)
    _observe(ctx, template, "Han Meimei", set(), 9, observed={"S2"}, note="Trailed the customer")
    _observe(ctx, template, "李雷", {"S3-3"}, 15)
    return ctx


def test_associate_view_lists_observations_newest_first_with_notes(
    ctx_with_observations: Context,
) -> None:
    summary = associate(ctx_with_observations.runs, _template(), "李雷")
    assert len(summary.observations) == 3
    dates = [o.run.finished_at[:10] for o in summary.observations]
    assert dates == ["2026-10-15", "2026-10-08", "2026-10-01"]
    assert summary.observations[-1].notes == (("Z-see", "Greeted late"),)
    assert summary.weakest is not None and summary.weakest.id == "S3"
    assert summary.weakest_count == 3
    assert summary.scores()[-1] == summary.observations[0].result.score


def test_team_view_has_each_associate_latest_score_and_weakest_step(
    ctx_with_observations: Context,
) -> None:
    rows = {s.name: s for s in team(ctx_with_observations.runs, _template())}
    assert set(rows) == {"李雷", "Han Meimei"}
    assert rows["Han Meimei"].weakest is not None and rows["Han Meimei"].weakest.id == "S2"
    assert rows["李雷"].latest is not None
    assert rows["李雷"].latest.run.finished_at.startswith("2026-10-15")


def test_staff_list_add_remember_and_remove(data_dir: Path) -> None:
    ctx = open_context(data_dir)
    ctx.staff.add("  Li   Lei ")
    assert ctx.staff.names() == ["Li Lei"]
    with pytest.raises(StaffError):
        ctx.staff.add("li lei")
    ctx.staff.remember("LI LEI")  # known: nothing added
    ctx.staff.remember("王芳")
    assert ctx.staff.names() == ["Li Lei", "王芳"]
    ctx.staff.deactivate("王芳")
    assert ctx.staff.names() == ["Li Lei"]
    ctx.staff.add("王芳")  # brought back, same person
    assert len(ctx.staff.all(include_inactive=True)) == 2
    with pytest.raises(StaffError):
        ctx.staff.add("   ")
