"""Choice items with a score per option, conditional items, required follow-ups, scales that
score from their minimum: hand-computed scores, properties, validation, finish and import."""

from __future__ import annotations

import copy
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from storeops.answers import RunError, parse_answer_text
from storeops.cli import build_app
from storeops.context import Context, open_context
from storeops.profile import StoreProfile
from storeops.scoring import Answer, answer_code, hidden_items, score_run
from storeops.templates import Template, TemplateError, template_from_data

NOW = datetime.fromisoformat("2026-11-23T10:00:00+08:00")


def _text(en: str) -> dict[str, str]:
    return {"en": en, "zh": en + "（中）"}


def _option(key: str, score: float, fail: bool = False) -> dict[str, Any]:
    option: dict[str, Any] = {"key": key, "text": _text(key.title()), "score": score}
    if fail:
        option["fail"] = True
    return option


LOGIC: dict[str, Any] = {
    "id": "logic",
    "version": 1,
    "title": _text("Logic"),
    "sections": [
        {
            "id": "A",
            "title": _text("Floor"),
            "items": [
                {"id": "C1", "type": "choice", "text": _text("Shelves faced"), "points": 2,
                 "options": [_option("full", 1), _option("part", 0.3), _option("none", 0, True)]},
                {"id": "P1", "type": "pass_fail", "text": _text("Lights on"), "points": 1},
                {"id": "D1", "type": "choice", "text": _text("Floor"), "points": 1,
                 "options": [_option("ok", 0), _option("dirty", -0.5)]},
            ],
        },
        {
            "id": "B",
            "title": _text("Fitting rooms"),
            "items": [
                {"id": "Q1", "type": "pass_fail", "text": _text("Rooms open"), "points": 1},
                {"id": "F1", "type": "pass_fail", "text": _text("Rooms tidy"), "points": 1,
                 "show_if": {"item": "Q1", "in": ["y"]}},
                {"id": "S1", "type": "pass_fail", "text": _text("Mirror clean"), "points": 1,
                 "show_if": {"store": "fitting_rooms", "in": ["yes"]}},
                {"id": "K1", "type": "choice", "text": _text("Fire exit"), "points": 1,
                 "critical": True, "options": [_option("clear", 1), _option("blocked", 0, True)]},
            ],
        },
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def logic() -> Template:
    return template_from_data(LOGIC, "test:logic")


def _answers(**values: Any) -> dict[str, Answer]:
    return {k: Answer(na=True) if v == "x" else Answer(v) for k, v in values.items()}


def test_options_conditions_and_a_deduction_scored_by_hand(logic: Template) -> None:
    # A: 2 × 0.3 + 1 − 0.5 = 1.1 of 2 + 1 + 0 (the deduction-only item is possible 0).
    # B: Q1 failed (so F1 is hidden), S1 hidden (no fitting rooms), K1 clear: 1 of 2.
    result = score_run(logic, _answers(C1="part", P1=True, D1="dirty", Q1=False, K1="clear"))
    a, b = result.sections
    assert (round(a.earned, 6), a.possible) == (1.1, 3.0)
    assert (b.earned, b.possible) == (1.0, 2.0)
    assert result.score == 42.0  # 2.1 / 5
    assert result.items["F1"].status == result.items["S1"].status == "hidden"
    assert result.items["D1"].earned == -0.5 and result.items["D1"].possible == 0
    assert result.complete and result.band is not None and not result.critical_failures


def test_the_other_branch_of_each_condition(logic: Template) -> None:
    answers = _answers(C1="full", P1=True, D1="ok", Q1=True, F1=False, S1=True, K1="clear")
    # A: 2 + 1 + 0 = 3 of 3; B: 1 + 0 + 1 + 1 = 3 of 4 → 6 / 7 = 85.714…
    shown = score_run(logic, answers, {"fitting_rooms": "yes"})
    assert shown.score == 85.7
    assert shown.items["F1"].status == "fail" and shown.items["S1"].status == "pass"
    # Without the attribute S1 is hidden, even though the draft holds its answer.
    hidden = score_run(logic, answers, {"fitting_rooms": "no"})
    assert hidden.items["S1"].status == "hidden"
    assert hidden.score == round(100 * 5 / 6, 1)


def test_a_failing_option_on_a_critical_item_forces_the_fail_band_and_names_it(
    logic: Template,
) -> None:
    result = score_run(logic, _answers(C1="full", P1=True, D1="ok", Q1=False, K1="blocked"))
    assert result.critical_failures == ("K1",)
    assert result.band is not None and result.band.fail
    assert result.score == 60.0  # 3 of 3 and 0 of 2 (Q1 failed): the points are still shown
    assert result.items["K1"].status == "fail" and result.items["C1"].status == "pass"
    none = score_run(logic, _answers(C1="none", P1=True, D1="ok", Q1=False, K1="clear"))
    assert none.items["C1"].status == "fail" and not none.critical_failures


def test_a_section_never_goes_below_zero_and_its_rows_add_up() -> None:
    data = copy.deepcopy(LOGIC)
    data["sections"] = [data["sections"][0]]
    template = template_from_data(data, "test:floor")
    result = score_run(template, _answers(C1="none", P1=False, D1="dirty"))
    assert result.sections[0].earned == -0.5
    assert result.sections[0].percent == 0.0 and result.score == 0.0
    assert sum(r.counted for r in result.items.values()) == 0.0


def test_scale_scored_from_its_minimum() -> None:
    item = {"id": "S", "type": "scale", "text": _text("Greeting"), "points": 4, "min": 1, "max": 5}
    data = {"id": "s", "version": 1, "title": _text("S"),
            "sections": [{"id": "A", "title": _text("A"), "items": [item]}]}  # fmt: skip
    from_zero = template_from_data(data, "t")
    assert score_run(from_zero, {"S": Answer(1)}).score == 20.0  # 4 × 1/5 of 4: the old rule
    data["sections"][0]["items"][0] = {**item, "score_from": "min"}
    from_min = template_from_data(data, "t")
    assert score_run(from_min, {"S": Answer(1)}).score == 0.0
    assert score_run(from_min, {"S": Answer(3)}).score == 50.0
    assert score_run(from_min, {"S": Answer(5)}).score == 100.0
    assert from_min.hash != from_zero.hash  # runs stay pinned to the rule they were scored by


def test_answer_codes_are_what_import_writes(logic: Template) -> None:
    assert answer_code(logic.item("P1"), Answer(True)) == "y"
    assert answer_code(logic.item("P1"), Answer(na=True)) == "x"
    assert answer_code(logic.item("C1"), Answer("part")) == "part"
    assert parse_answer_text(logic.item("C1"), "Part") == Answer("part")  # label, any case
    assert parse_answer_text(logic.item("C1"), "part（中）") == Answer("part")
    with pytest.raises(RunError, match="full / part / none"):
        parse_answer_text(logic.item("C1"), "most")


def _problems(data: dict[str, Any]) -> str:
    with pytest.raises(TemplateError) as caught:
        template_from_data(data, "t")
    return str(caught.value)


def _with_item(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(LOGIC)
    data["sections"][1]["items"][1].update(changes)  # F1
    return data


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"show_if": {"item": "NOPE", "in": ["y"]}}, "not an item"),
        ({"show_if": {"item": "K1", "in": ["clear"]}}, "comes later"),
        ({"show_if": {"item": "F1", "in": ["y"]}}, "never be shown"),
        ({"show_if": {"item": "C1", "in": ["most"]}}, "most"),
        ({"show_if": {"item": "Q1", "store": "x", "in": ["y"]}}, "exactly one"),
        ({"show_if": {"item": "Q1"}}, "needs 'in'"),
        ({"type": "choice"}, "'options'"),
        ({"type": "choice", "options": [_option("x", 1)]}, "reserved"),
        ({"type": "choice", "options": [_option(f"o{i}", i) for i in range(10)]}, "at most 9"),
        ({"type": "choice", "critical": True, "options": [_option("a", 1)]}, "fail = true"),
        ({"options": [_option("a", 1)]}, "'options'"),
        ({"on_fail": {"note": True, "photo": True}}, "photo"),
        ({"score_from": "min"}, "score_from"),
    ],
)
def test_validation_refuses_what_cannot_work(changes: dict[str, Any], expected: str) -> None:
    assert expected in _problems(_with_item(**changes))


def test_a_condition_on_a_conditional_item_cascades(logic: Template) -> None:
    data = copy.deepcopy(LOGIC)
    data["sections"][1]["items"].insert(
        2, {"id": "G1", "type": "pass_fail", "text": _text("Hooks"), "points": 1,
            "show_if": {"item": "F1", "in": ["n"]}},
    )  # fmt: skip
    template = template_from_data(data, "t")
    # F1 hidden (Q1 = n): an earlier answer of F1 in the draft must not show G1.
    assert "G1" in hidden_items(template, _answers(Q1=False, F1=False))
    assert "G1" not in hidden_items(template, _answers(Q1=True, F1=False))


# --- properties ---------------------------------------------------------------

_CHOICES = {"C1": ["full", "part", "none", "x"], "D1": ["ok", "dirty"], "K1": ["clear", "blocked"]}


@st.composite
def _run_answers(draw: st.DrawFn) -> tuple[dict[str, Answer], dict[str, str]]:
    answers: dict[str, Answer] = {}
    for item_id in ("C1", "D1", "K1"):
        key = draw(st.sampled_from(_CHOICES[item_id]))
        answers[item_id] = Answer(na=True) if key == "x" else Answer(key)
    for item_id in ("P1", "Q1", "F1", "S1"):
        answers[item_id] = Answer(draw(st.booleans()))
    return answers, {"fitting_rooms": draw(st.sampled_from(["yes", "no", ""]))}


def _option_strategy() -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(
        _option, st.sampled_from(["a", "b", "c", "d"]),
        st.floats(min_value=-2, max_value=2, allow_nan=False).map(lambda v: round(v, 2)),
        st.booleans(),
    )  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(_run_answers())
def test_adding_a_hidden_item_never_changes_a_score(
    case: tuple[dict[str, Answer], dict[str, str]],
) -> None:
    answers, attributes = case
    template = template_from_data(LOGIC, "t")
    data = copy.deepcopy(LOGIC)
    for section in data["sections"]:
        section["items"].append(
            {"id": f"H-{section['id']}", "type": "pass_fail", "text": _text("Never"),
             "points": 5, "show_if": {"store": "never_set", "in": ["yes"]}}
        )  # fmt: skip
    widened = template_from_data(data, "t")
    more = {**answers, "H-A": Answer(False), "H-B": Answer(True)}
    before, after = score_run(template, answers, attributes), score_run(widened, more, attributes)
    assert (before.score, before.raw_score, before.band) == (
        after.score,
        after.raw_score,
        after.band,
    )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(_option_strategy(), min_size=1, max_size=4, unique_by=lambda o: o["key"]),
        min_size=1, max_size=5,
    ),
    st.data(),
)  # fmt: skip
def test_scores_stay_within_0_and_100_and_answer_rows_add_up(
    option_sets: list[list[dict[str, Any]]], data: st.DataObject
) -> None:
    items = [
        {"id": f"I{n}", "type": "choice", "text": _text(f"Item {n}"), "points": 1 + n % 3,
         "options": options}
        for n, options in enumerate(option_sets)
    ]  # fmt: skip
    half = max(1, len(items) // 2)
    template = template_from_data(
        {"id": "p", "version": 1, "title": _text("P"), "sections": [
            {"id": "A", "title": _text("A"), "items": items[:half]},
            {"id": "B", "title": _text("B"), "items": items[half:] or [
                {"id": "Z", "type": "pass_fail", "text": _text("Z")}]},
        ]},
        "t",
    )  # fmt: skip
    answers: dict[str, Answer] = {}
    for item in template.items:
        if item.type == "choice":
            answers[item.id] = Answer(data.draw(st.sampled_from([o.key for o in item.options])))
        else:
            answers[item.id] = Answer(data.draw(st.booleans()))
    result = score_run(template, answers)
    possible = sum(s.possible for s in result.sections)
    if result.score is None:
        assert possible <= 0
        return
    assert 0.0 <= result.score <= 100.0
    counted = sum(r.counted for r in result.items.values())
    assert abs(100 * counted / possible - result.score) <= 0.05 + 1e-9


# --- finishing, import, CLI ---------------------------------------------------

FOLLOW: dict[str, Any] = {
    "id": "follow",
    "version": 1,
    "title": _text("Follow"),
    "sections": [{"id": "A", "title": _text("A"), "items": [
        {"id": "N1", "type": "pass_fail", "text": _text("Spill"), "on_fail": {"note": True}},
        {"id": "A1", "type": "pass_fail", "text": _text("Exit"), "on_fail": {"action": True}},
        {"id": "R1", "type": "pass_fail", "text": _text("Rooms"),
         "show_if": {"store": "fitting_rooms", "in": ["yes"]}},
    ]}],
}  # fmt: skip


def _store(
    tmp_path: Path, *templates: dict[str, Any], attributes: dict[str, str] | None = None
) -> Context:
    folder = tmp_path / "tpl"
    folder.mkdir()
    for data in templates:
        (folder / f"{data['id']}.toml").write_text(_toml(data), "utf-8")
    ctx = open_context(tmp_path / "data")
    ctx.save_profile(StoreProfile("SH-1", "Store", "Wang", templates_dir=str(folder),
                                  attributes=attributes or {}))  # fmt: skip
    assert not ctx.catalogue.problems, ctx.catalogue.problems
    return ctx


def _toml(data: dict[str, Any]) -> str:
    """Template data as TOML (JSON values are valid TOML inline values)."""
    lines = [f"{k} = {_inline(v)}" for k, v in data.items() if k != "sections"]
    for section in data["sections"]:
        lines.append("[[sections]]")
        lines += [f"{k} = {_inline(v)}" for k, v in section.items() if k != "items"]
        for item in section["items"]:
            lines.append("[[sections.items]]")
            lines += [f"{k} = {_inline(v)}" for k, v in item.items()]
    return "\n".join(lines) + "\n"


def _inline(value: Any) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_inline(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def test_finishing_is_refused_until_a_failed_items_note_and_action_are_given(
    tmp_path: Path,
) -> None:
    ctx = _store(tmp_path, FOLLOW, attributes={"fitting_rooms": "no"})
    template = ctx.catalogue.get("follow")
    run = ctx.runs.start(template, store_code="SH-1")
    assert run.attributes() == {"fitting_rooms": "no"}  # recorded when it started
    run = ctx.runs.answer_many(run, {"N1": Answer(False), "A1": Answer(False)})
    assert ctx.runs.score(run).complete  # R1 is hidden: not required
    with pytest.raises(RunError) as caught:
        ctx.runs.finish(run, "Wang")
    assert "N1" in str(caught.value) and "A1" in str(caught.value)
    run = ctx.runs.set_note(run, "N1", "milk on aisle 3")
    with pytest.raises(RunError, match="A1"):
        ctx.runs.finish(run, "Wang")
    ctx.actions.raise_action(
        run_id=run.id, template_id="follow", item_id="A1", store_code="SH-1",
        description="Clear the exit", owner="Li", due=date(2026, 11, 24),
    )  # fmt: skip
    finished = ctx.runs.finish(run, "Wang")
    assert finished.finished and ctx.runs.score(finished).items["R1"].status == "hidden"
    ctx.close()


def test_import_runs_of_any_template_checks_conditions_and_follow_ups(tmp_path: Path) -> None:
    ctx = _store(tmp_path, FOLLOW, attributes={"fitting_rooms": "no"})
    ctx.close()
    data = tmp_path / "data"
    bad = tmp_path / "bad.csv"
    bad.write_text("N1,A1,R1\nn,y,y\n", "utf-8")
    runner = CliRunner()
    refused = runner.invoke(build_app(), ["--data-dir", str(data), "import", "runs", str(bad),
                                          "--template", "follow"])  # fmt: skip
    assert refused.exit_code == 1, refused.output
    assert "N1_note" in refused.output and "hidden" in refused.output
    good = tmp_path / "good.csv"
    good.write_text("N1,N1_note,A1,finished_at\nn,milk on aisle 3,y,2026-11-20T09:30\n", "utf-8")
    done = runner.invoke(build_app(), ["--data-dir", str(data), "import", "runs", str(good),
                                       "--template", "follow"])  # fmt: skip
    assert done.exit_code == 0, done.output
    ctx = open_context(data, readonly=True)
    [run] = ctx.runs.finished(template_id="follow")
    assert run.notes == {"N1": "milk on aisle 3"}
    assert run.finished_at is not None and run.finished_at.startswith("2026-11-20T09:30")
    assert ctx.runs.score(run).items["R1"].status == "hidden"
    ctx.close()
    # import visits stays an alias (of the mystery-shopper template by default)
    alias = runner.invoke(build_app(), ["--data-dir", str(data), "import", "visits", str(good),
                                        "--template", "follow"])  # fmt: skip
    assert alias.exit_code == 0 and "1" in alias.output  # the same row: a duplicate


def test_setup_keeps_store_attributes(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    runner = CliRunner()
    first = runner.invoke(build_app(), ["--data-dir", data, "setup", "--store-code", "A1",
                                        "--store-name", "A", "--manager", "M",
                                        "--attribute", "fitting_rooms=yes"])  # fmt: skip
    assert first.exit_code == 0 and "fitting_rooms=yes" in first.output
    bad = runner.invoke(build_app(), ["--data-dir", data, "setup", "--attribute", "no equals"])
    assert bad.exit_code == 2 and "NAME=VALUE" in bad.output
    ctx = open_context(Path(data), readonly=True)
    assert ctx.profile is not None and ctx.profile.attributes == {"fitting_rooms": "yes"}
    ctx.close()
    runner.invoke(build_app(), ["--data-dir", data, "setup", "--attribute", "fitting_rooms="])
    ctx = open_context(Path(data), readonly=True)
    assert ctx.profile is not None and ctx.profile.attributes == {}
    ctx.close()


def test_validate_warns_of_what_is_legal_but_probably_wrong(tmp_path: Path) -> None:
    data = copy.deepcopy(LOGIC)
    data["version"] = -1
    data["sections"][0]["weight"] = 0
    data["sections"][1]["weight"] = 0
    data["sections"][0]["items"][1]["guidance"] = "x" * 20_000
    data["sections"][1]["items"][1]["show_if"] = {"item": "Q1", "in": ["x"]}  # Q1: no N/A
    data["sections"][1]["items"].append(
        {"id": "T1", "type": "scale", "text": _text("Smile"), "points": 2, "min": 1, "max": 5}
    )
    path = tmp_path / "logic.toml"
    path.write_text(_toml(data), "utf-8")
    result = CliRunner().invoke(build_app(), ["templates", "validate", str(path)])
    assert result.exit_code == 0, result.output  # warnings never refuse a template
    out = result.output
    assert "version is -1" in out and "weight is 0" in out
    assert "20000 characters" in out and "F1 can never be shown" in out
    assert "T1: a scale from 1 to 5" in out and 'score_from = "min"' in out
    clean = tmp_path / "clean.toml"
    clean.write_text(_toml(LOGIC), "utf-8")
    assert (
        "warning"
        not in CliRunner().invoke(build_app(), ["templates", "validate", str(clean)]).output
    )


def test_switching_language_in_the_app_keeps_the_store_attributes(tmp_path: Path) -> None:
    import asyncio

    from storeops.tui.app import StoreOpsApp

    ctx = open_context(tmp_path / "data")
    ctx.save_profile(StoreProfile("A1", "A", "M", attributes={"fitting_rooms": "yes"}))

    async def toggle() -> None:
        app = StoreOpsApp(ctx)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("l")
            await pilot.pause()

    asyncio.run(toggle())
    ctx.close()
    again = open_context(tmp_path / "data", readonly=True)
    assert again.profile is not None and again.profile.language == "zh"
    assert again.profile.attributes == {"fitting_rooms": "yes"}
    again.close()


def test_a_competitor_visit_owes_no_action_but_still_its_note(tmp_path: Path) -> None:
    data = copy.deepcopy(FOLLOW)
    data["id"] = "visit"
    data["header"] = [{"id": "kind", "role": "subject_kind", "type": "choice", "required": True,
                       "text": _text("Whose"), "choices": [
                           {"key": "own", "text": _text("Own")},
                           {"key": "competitor", "text": _text("Competitor")}]}]  # fmt: skip
    ctx = _store(tmp_path, data)
    template = ctx.catalogue.get("visit")
    run = ctx.runs.start(template, store_code="SH-1", header={"kind": "competitor"})
    run = ctx.runs.answer_many(run, {"N1": Answer(False), "A1": Answer(False)})
    with pytest.raises(RunError) as caught:
        ctx.runs.finish(run, "Wang")
    assert "N1" in str(caught.value) and "A1" not in str(caught.value)
    run = ctx.runs.set_note(run, "N1", "dusty")
    assert ctx.runs.finish(run, "Wang").finished
    ctx.close()
