"""Every figure head office reads is right: answer rows add up to the run's score, and
numbers are written as they were entered (no ``40.0``, no exponent)."""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import storeops.exporting as exporting
import storeops.repeats as repeats
from storeops.context import Context, open_context
from storeops.exporting import Selection, export_csv, export_json
from storeops.profile import StoreProfile
from storeops.runs import Run
from storeops.scoring import NOT_APPLICABLE, Answer, round1, score_run
from storeops.templates import Template, template_from_data

YES, NO, NA = Answer(True), Answer(False), NOT_APPLICABLE
ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 23)
STAMP = "2026-11-23T10:00:00+08:00"


def _figures_toml(weighted: bool) -> str:
    """Two sections; A has a bonus item worth more than A can take when nearly full."""
    weight_a, weight_b = ("weight = 3", "weight = 1") if weighted else ("", "")
    return f"""\
id = "figures"
version = 1
title = {{ en = "Figures", zh = "数字" }}
allow_na = true

[[sections]]
id = "A"
title = "Floor"
{weight_a}

[[sections.items]]
id = "a1"
type = "pass_fail"
points = 2
text = "Floor clean"

[[sections.items]]
id = "a2"
type = "scale"
points = 2
min = 0
max = 3
text = "Shelves faced"

[[sections.items]]
id = "ax"
type = "pass_fail"
points = 3
bonus = true
text = "Window display praised"

[[sections]]
id = "B"
title = "Till"
{weight_b}

[[sections.items]]
id = "b1"
type = "pass_fail"
points = 5
text = "Till balanced"

[[sections.items]]
id = "b2"
type = "pass_fail"
text = "Receipt offered"
"""


def _template(weighted: bool) -> Template:
    return template_from_data(tomllib.loads(_figures_toml(weighted)), "figures.toml")


def _parse(payload: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(payload.decode("utf-8-sig"), newline="")))


def _store_with_figures(data_dir: Path, tmp_path: Path, weighted: bool) -> Context:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "figures.toml").write_text(_figures_toml(weighted), "utf-8")
    ctx = open_context(data_dir)
    ctx.save_profile(StoreProfile("SH-1", "Store SH-1", "Wang", templates_dir=str(folder)))
    return ctx


# The bonus (3) fills section A (2 of 4 without it) only by 2: the cap cuts 1 point.
CAPPED = {"a1": YES, "a2": Answer(0), "ax": YES, "b1": YES, "b2": NO}


def _exports(ctx: Context) -> tuple[list[dict[str, str]], dict[str, str]]:
    template = ctx.catalogue.get("figures")
    run = ctx.runs.start(template, store_code="SH-1")
    ctx.runs.answer_many(run, CAPPED)
    ctx.runs.finish(run, "Li")
    selection = Selection("figures")
    answers = _parse(export_csv("answer", ctx.runs, [], selection, ctx.profile, TODAY)[0])
    [run_row] = _parse(export_csv("run", ctx.runs, [], selection, ctx.profile, TODAY)[0])
    return answers, run_row


def _percent(rows: list[dict[str, str]]) -> float | None:
    """What a BI tool computes: sum(points_earned) / sum(points_possible), as scored."""
    possible = sum(float(r["points_possible"]) for r in rows)
    earned = sum(float(r["points_earned"]) for r in rows)
    return round1(100 * earned / possible) if possible > 0 else None


def _read(text: str) -> float | None:
    return float(text) if text else None


def test_capped_run_answer_rows_add_up_to_the_run_score(data_dir: Path, tmp_path: Path) -> None:
    ctx = _store_with_figures(data_dir, tmp_path, weighted=False)
    rows, run_row = _exports(ctx)
    # A: 2 + 0 + bonus 3, capped at 4 of 4; B: 5 of 6. Pooled: (4 + 5) / (4 + 6) = 90 %.
    assert _percent(rows) == float(run_row["score"]) == 90.0  # the rows give the run's score
    bonus = next(r for r in rows if r["item_id"] == "ax")
    assert (bonus["points_possible"], bonus["points_earned"], bonus["points_before_cap"]) == (
        "0", "2", "3",
    )  # fmt: skip
    ctx.close()


def test_weighted_capped_run_answer_rows_add_up_to_each_section(
    data_dir: Path, tmp_path: Path
) -> None:
    ctx = _store_with_figures(data_dir, tmp_path, weighted=True)
    rows, run_row = _exports(ctx)
    for section_id in ("A", "B"):
        section_rows = [r for r in rows if r["section_id"] == section_id]
        assert _percent(section_rows) == float(run_row[f"section_{section_id}"])
    assert (run_row["section_A"], run_row["section_B"]) == ("100", "83.3")
    assert run_row["score"] == "95.8"  # (3 × 100 + 1 × 83.33) / 4
    ctx.close()


ANSWER = st.sampled_from([YES, NO, NA])
SCALE = st.one_of(st.integers(0, 3).map(Answer), st.just(NA))
RUN_ANSWERS = st.fixed_dictionaries(
    {"a1": ANSWER, "a2": SCALE, "ax": ANSWER, "b1": ANSWER, "b2": ANSWER}
)


def _run(template: Template, answers: dict[str, Answer]) -> Run:
    run = Run.new(template, "SH-1", STAMP)
    run.status, run.finished_at = "finished", STAMP
    run.answers = {
        item_id: {"na": True} if answer.na else {"value": answer.value}
        for item_id, answer in answers.items()
    }
    return run


@given(weighted=st.booleans(), runs=st.lists(RUN_ANSWERS, min_size=1, max_size=3))
def test_answer_rows_always_add_up(weighted: bool, runs: list[dict[str, Answer]]) -> None:
    template = _template(weighted)
    chosen = [
        (run, template, score_run(template, run.scoring_answers()))
        for run in (_run(template, answers) for answers in runs)
    ]
    answer_csv = exporting.to_csv(
        exporting.ANSWER_COLUMNS, exporting.answer_rows(chosen, exporting.safe_cell), safe=True
    )
    columns, run_rows = exporting.run_rows(chosen, None)
    by_run: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in _parse(answer_csv):
        by_run[row["run_id"]].append(row)
    for run_row in _parse(exporting.to_csv(columns, run_rows)):
        rows = by_run[run_row["run_id"]]
        if not weighted:  # pooled points: the whole run adds up
            assert _percent(rows) == _read(run_row["score"])
        for section_id in ("A", "B"):
            section_rows = [r for r in rows if r["section_id"] == section_id]
            assert _percent(section_rows) == _read(run_row[f"section_{section_id}"])


# --- numbers as entered ---------------------------------------------------------------

NUMBERS_TOML = """\
id = "numbers"
version = 1
title = "Numbers"

[[sections]]
id = "N"
title = "Counts"

[[sections.items]]
id = "typed"
type = "number"
threshold = 45
direction = "<="
text = "Typed as 40"

[[sections.items]]
id = "stored"
type = "number"
text = "Stored as 40.0 by an older version"

[[sections.items]]
id = "half"
type = "number"
text = "2.5"

[[sections.items]]
id = "tenth"
type = "number"
text = "0.1"

[[sections.items]]
id = "huge"
type = "number"
text = "A float beyond 1e16"

[[sections.items]]
id = "tiny"
type = "number"
text = "A float below 1e-4"

[[sections.items]]
id = "big_int"
type = "number"
text = "An int beyond a float's digits"
"""
# What old and new versions store, and what a person reading the export must see.
ENTERED: dict[str, tuple[Any, str]] = {
    "typed": (40, "40"),
    "stored": (40.0, "40"),
    "half": (2.5, "2.5"),
    "tenth": (0.1, "0.1"),
    "huge": (1.2345678901234568e17, "123456789012345680"),
    "tiny": (1e-7, "0.0000001"),
    "big_int": (123456789012345678, "123456789012345678"),
}
FLOAT_LOOKS = re.compile(r"-?\d+\.0|-?\d[\d.]*e[+-]?\d+", re.I)


def _selected(level: str) -> list[dict[str, str]]:
    """The rows of an export of what ``selected_runs`` was patched to choose."""
    return _parse(export_csv(level, None, [], Selection(), None, TODAY)[0])  # type: ignore[arg-type]


@pytest.fixture
def numbers_run(monkeypatch: pytest.MonkeyPatch) -> Run:
    """One finished run of old and new stored numbers, as every export selects it."""
    template = template_from_data(tomllib.loads(NUMBERS_TOML), "numbers.toml")
    run = Run.new(template, "SH-1", STAMP)
    run.status, run.finished_at = "finished", STAMP
    run.answers = {item_id: {"value": stored} for item_id, (stored, _) in ENTERED.items()}
    chosen = [(run, template, score_run(template, run.scoring_answers()))]
    monkeypatch.setattr(exporting, "selected_runs", lambda *_: chosen)
    monkeypatch.setattr(repeats, "repeat_failures", lambda *_: {})  # no book to look back in
    return run


def test_csv_numbers_are_written_as_entered(numbers_run: Run) -> None:
    rows = {r["item_id"]: r for r in _selected("answer")}
    for item_id, (_, shown) in ENTERED.items():
        assert rows[item_id]["answer"] == shown, item_id
        assert rows[item_id]["numeric_value"] == shown, item_id
    typed = rows["typed"]
    assert typed["threshold"] == "45"
    assert (typed["points_possible"], typed["points_earned"]) == ("1", "1")
    [run_row] = _selected("run")
    assert (run_row["score"], run_row["raw_score"], run_row["section_N"]) == ("100", "100", "100")
    for row in [*rows.values(), run_row]:
        assert not [cell for cell in row.values() if FLOAT_LOOKS.fullmatch(cell)], row


def test_json_numbers_are_written_as_entered(numbers_run: Run) -> None:
    payload = export_json(None, [], Selection(), None, STAMP)[0]  # type: ignore[arg-type]
    text = payload.decode("utf-8")
    assert not re.search(r"\d\.0\b|\de\+", text)
    [run] = json.loads(text)["runs"]
    for item_id, (_, shown) in ENTERED.items():
        assert json.dumps(run["answers"][item_id]["value"]) in (shown, "1e-07"), item_id
    stored = run["answers"]["stored"]["value"]
    assert type(stored) is int and stored == 40
    assert type(run["score"]) is int and run["score"] == 100


def test_section_scores_round_half_up_like_the_run_score(monkeypatch: pytest.MonkeyPatch) -> None:
    template = template_from_data(
        {
            "id": "half", "version": 1, "title": "Half",
            "sections": [{"id": "P", "title": "P", "items": [
                {"id": "p1", "text": "p1", "type": "pass_fail", "points": 349},
                {"id": "p2", "text": "p2", "type": "pass_fail", "points": 51},
            ]}],
        },
        "half.toml",
    )  # fmt: skip
    run = _run(template, {"p1": YES, "p2": NO})
    chosen = [(run, template, score_run(template, run.scoring_answers()))]
    monkeypatch.setattr(exporting, "selected_runs", lambda *_: chosen)
    [row] = _selected("run")
    # 349 / 400 = 87.25 %: half up is 87.3, for the section as for the run (round() gives 87.2).
    assert (row["section_P"], row["score"]) == ("87.3", "87.3")


def _half_run() -> tuple[Template, Run]:
    template = template_from_data(
        {
            "id": "half", "version": 1, "title": "Half",
            "sections": [
                {"id": "P", "title": "P", "items": [
                    {"id": "p1", "text": "p1", "type": "pass_fail", "points": 349},
                    {"id": "p2", "text": "p2", "type": "pass_fail", "points": 51},
                ]},
                {"id": "Q", "title": "Q", "items": [
                    {"id": "q1", "text": "q1", "type": "pass_fail", "points": 1},
                ]},
            ],
        },
        "half.toml",
    )  # fmt: skip
    return template, _run(template, {"p1": YES, "p2": NO, "q1": YES})


def test_a_section_shown_on_the_printed_page_rounds_as_its_export_does() -> None:
    from storeops.reports import run_html

    template, run = _half_run()
    result = score_run(template, run.scoring_answers())
    assert result.sections[0].percent == pytest.approx(87.25)
    page = run_html(run, template, result, store_name="S")
    # The printed section reads 87.3 %, as the export's section_P (f"{87.25:.1f}" is 87.2).
    assert "87.3%" in page and "87.2%" not in page


def test_a_json_export_rounds_section_scores_as_its_csv_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    template, run = _half_run()
    chosen = [(run, template, score_run(template, run.scoring_answers()))]
    monkeypatch.setattr(exporting, "selected_runs", lambda *_: chosen)
    payload, _count = export_json(None, [], Selection(), None, "2026-11-23T10:00:00+08:00")  # type: ignore[arg-type]
    [doc] = json.loads(payload)["runs"]
    assert doc["sections"] == {"P": 87.3, "Q": 100}  # not 87.25: one rule, CSV and JSON


def test_every_figure_shown_rounds_half_up() -> None:
    from storeops.rounding import one_decimal

    assert [one_decimal(v) for v in (87.25, 0.05, 2.675, 99.95, -0.25)] == [
        "87.3", "0.1", "2.7", "100.0", "-0.2"
    ]  # fmt: skip
    assert one_decimal(None) == "—" and one_decimal(None, "") == ""
    # No screen, command or page formats a figure its own way: one rule for all.
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / "storeops").rglob("*.py"))
        for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if re.search(r":\.1f\}", line) and path.name not in ("file_kinds.py", "rounding.py")
    ]
    assert found == []
