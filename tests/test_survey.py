"""The customer satisfaction survey (seed 000's H and W over five dimensions; seed 003's
overall = the mean of the five): the bundled template's shape, its score as that mean (equal
section weights: score ÷ 20 = the mean of the five dimension means), an expectation that is
never a failure, and its report (dimension means, the W − H gap, the trend by month) in both
languages."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storeops.cli import build_app
from storeops.context import Context, open_context
from storeops.i18n import set_language
from storeops.profile import StoreProfile
from storeops.scoring import Answer, round1
from storeops.survey_report import SURVEY_TEMPLATE, dimensions_of, run_dimensions, survey_report
from storeops.templates import load_catalogue

DIMENSIONS = ["T", "E", "R", "P", "L"]  # 有形度 同理度 反应度 专业度 信赖度
# One customer's answers: H per dimension, then the W items.
FIRST = {"T": (4, [5, 4]), "E": (3, [3, 3]), "R": (5, [2, 4]), "P": (4, [5, 5]), "L": (3, [1, 2])}
SECOND = {"T": (4, [4, 4]), "E": (4, [5, 5]), "R": (3, [3, 3]), "P": (4, [4, 4]), "L": (4, [4, 4])}


def _survey(ctx: Context, answers: dict[str, tuple[int, list[int]]], when: datetime) -> None:
    template = ctx.catalogue.get(SURVEY_TEMPLATE)
    run = ctx.runs.start(template, store_code="SH-021", header={"collected_by": "王芳"}, now=when)
    given: dict[str, Answer] = {}
    for section, expected, perceived in dimensions_of(template):
        h, ws = answers[section.id]
        assert expected is not None
        given[expected.id] = Answer(str(h))
        for item, value in zip(perceived, ws, strict=True):
            given[item.id] = Answer(value)
    run = ctx.runs.answer_many(run, given, now=when)
    ctx.runs.finish(run, "王芳", now=when)


def _context(data_dir: Path) -> Context:
    ctx = open_context(data_dir)
    ctx.save_profile(StoreProfile("SH-021", "南京路店", "王芳"))
    return ctx


def test_the_template_has_five_dimensions_each_with_h_and_w_on_a_1_to_5_scale() -> None:
    template = load_catalogue(None).get(SURVEY_TEMPLATE)
    dimensions = dimensions_of(template)
    assert [section.id for section, _, _ in dimensions] == DIMENSIONS
    assert [str(s.title) for s, _, _ in dimensions] == [
        "Tangibles", "Empathy", "Responsiveness", "Professionalism", "Reliability"]  # fmt: skip
    assert [s.title.zh for s, _, _ in dimensions] == [
        "有形度",
        "同理度",
        "反应度",
        "专业度",
        "信赖度",
    ]
    weights = {section.weight for section, _, _ in dimensions}
    assert len(weights) == 1 and (weights.pop() or 0) > 0  # one weight: the score is their mean
    for _section, expected, perceived in dimensions:
        assert expected is not None and [o.key for o in expected.options] == list("12345")
        assert all(o.score == 0 and not o.fail for o in expected.options)
        assert len(perceived) >= 2 and {(i.min, i.max, i.points) for i in perceived} == {(1, 5, 1)}
        assert "000_b4f64cfc84409828.txt" in expected.source
    assert template.version == 1


def test_the_score_is_the_mean_of_the_five_dimension_means(data_dir: Path) -> None:
    ctx = _context(data_dir)
    _survey(ctx, FIRST, datetime(2026, 11, 20, 15).astimezone())
    [run] = ctx.runs.finished(template_id=SURVEY_TEMPLATE)
    template = ctx.runs.template_for(run)
    means = [sum(ws) / len(ws) for _, ws in FIRST.values()]  # 4.5 3 3 5 1.5
    overall = sum(means) / 5  # 3.4, not the mean of the ten items pooled with H
    result = ctx.runs.score(run)
    assert result.score == round1(overall * 20) == 68.0
    assert {d: w for d, (_, w) in run_dimensions(run, template).items()} == dict(
        zip(DIMENSIONS, means, strict=True)
    )
    # A low expectation is never a failure; a low perception is a weak point.
    failed = {i for i, r in result.items.items() if r.status == "fail"}
    assert failed == {"CS-R-01", "CS-L-01", "CS-L-02"}
    assert not any(item_id.endswith("-H") for item_id in failed)
    ctx.close()


def test_the_report_gives_h_w_the_gap_the_overall_and_the_trend(data_dir: Path) -> None:
    ctx = _context(data_dir)
    _survey(ctx, FIRST, datetime(2026, 10, 20, 15).astimezone())
    _survey(ctx, SECOND, datetime(2026, 11, 20, 15).astimezone())
    template = ctx.catalogue.get(SURVEY_TEMPLATE)
    runs = [(run, template) for run in ctx.runs.finished(template_id=SURVEY_TEMPLATE)]
    runs.sort(key=lambda pair: pair[0].finished_at or "")
    report = survey_report(runs)
    by_id = {d.section_id: d for d in report.dimensions}
    assert (by_id["T"].expected, by_id["T"].perceived, by_id["T"].gap) == (4.0, 4.3, 0.3)
    assert by_id["T"].verdict == "very_satisfied"
    assert (by_id["R"].expected, by_id["R"].perceived, by_id["R"].gap) == (4.0, 3.0, -1.0)
    assert by_id["R"].verdict == "dissatisfied"
    assert (by_id["P"].gap, by_id["P"].verdict) == (0.5, "very_satisfied")
    assert by_id["L"].verdict == "dissatisfied"  # H 3.5, W 2.75
    w_means = [(4.5 + 4) / 2, (3 + 5) / 2, (3 + 3) / 2, (5 + 4) / 2, (1.5 + 4) / 2]
    assert report.overall == round1(sum(w_means) / 5) and report.surveys == 2
    assert [(m.month, m.surveys, m.overall) for m in report.months] == [
        ("2026-10", 1, 3.4), ("2026-11", 1, 4.0)]  # fmt: skip
    ctx.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_storeops_report_satisfaction(data_dir: Path, lang: str) -> None:
    ctx = _context(data_dir)
    _survey(ctx, FIRST, datetime(2026, 11, 20, 15).astimezone())
    ctx.close()
    runner = CliRunner()
    base = ["--data-dir", str(data_dir), "--lang", lang, "report", "satisfaction"]
    table = runner.invoke(build_app(), base)
    assert table.exit_code == 0, table.output
    set_language(lang)
    if lang == "zh":
        assert "有形度" in table.stdout and "不满意（H > W）" in table.stdout
        assert "3.4 / 5" in table.stdout
    else:
        assert "Tangibles" in table.stdout and "dissatisfied (H > W)" in table.stdout
        assert "3.4 of 5" in table.stdout
    doc = json.loads(runner.invoke(build_app(), [*base, "--format", "json"]).stdout)
    assert doc["overall"] == 3.4 and doc["surveys"] == 1
    assert [d["id"] for d in doc["dimensions"]] == DIMENSIONS
    assert doc["dimensions"][2] == {
        "id": "R", "title": doc["dimensions"][2]["title"], "expected": 5.0, "perceived": 3.0,
        "gap": -2.0, "verdict": "dissatisfied", "answers": 1,
    }  # fmt: skip
    empty = runner.invoke(build_app(), [*base, "--from", "2027-01-01"])
    assert empty.exit_code == 0 and empty.stdout.strip()


def test_a_scale_answer_read_as_a_float_keeps_its_label() -> None:
    """A whole number read back as 2.0 (a hand-edited file, JSON written by another tool)
    is the answer 2: its label is exported as the CSV of an int answer would have it."""
    from storeops.exporting import answer_label
    from storeops.templates import bundled_templates_dir, parse_template

    path = bundled_templates_dir() / "customer-satisfaction.toml"
    template = parse_template(path.read_bytes(), str(path))
    item = template.item("CS-R-01")
    assert answer_label(item, 2.0, False) == answer_label(item, 2, False) != ""
    assert answer_label(item, 2.5, False) == ""
