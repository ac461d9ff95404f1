"""A mystery visit to a competitor is never the store's own result."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from textual.widgets import Static
from typer.testing import CliRunner

from storeops.cli import build_app
from storeops.context import Context, open_context
from storeops.profile import StoreProfile
from storeops.reports import pareto
from storeops.runs import RunError
from storeops.scoring import Answer
from storeops.templates import Template, load_catalogue
from storeops.tui.screens.dashboard import DashboardScreen
from storeops.tui.screens.review import ReviewScreen
from storeops.tui.screens.runner import ItemList, RunnerScreen
from storeops.tui.widgets.form import FormScreen
from tests.tui_helpers import make_app

CST = timezone(timedelta(hours=8))


def _answers(form: Template, **changes: Answer) -> dict[str, Answer]:
    answers = {}
    for item in form.items:
        if item.type == "pass_fail" and not item.bonus:
            answers[item.id] = Answer(not item.negative)
        elif item.type == "scale":
            answers[item.id] = Answer(item.max)
        elif item.type == "number":
            answers[item.id] = Answer(2)
    answers.update({k.replace("_", "-"): v for k, v in changes.items()})
    return answers


def _visit(ctx: Context, target: str, kind: str, day: int, **changes: Answer) -> str:
    form = ctx.catalogue.get("mystery-shopper")
    when = datetime(2026, 11, day, 15, 0, tzinfo=CST)
    header = {"shopper": "Mei", "target": target, "target_kind": kind,
              "visit_date": when.date().isoformat()}  # fmt: skip
    run = ctx.runs.start(form, store_code="SH-021", header=header, now=when)
    ctx.runs.answer_many(run, _answers(form, **changes), now=when)
    ctx.runs.finish(run, "Mei", now=when)
    ctx.runs.set_review(ctx.runs.get(run.id), "accepted", by="Wang")
    return run.id


@pytest.fixture
def ctx(data_dir: Path) -> Context:
    context = open_context(data_dir)
    context.save_profile(StoreProfile("SH-021", "Nanjing Rd", "Wang Fang"))
    return context


def test_the_kind_field_is_a_typed_choice_with_own() -> None:
    form = load_catalogue(None).get("mystery-shopper")
    kind = form.kind_field
    assert kind is not None and kind.type == "choice" and kind.required
    assert [c.key for c in kind.choices] == ["own", "competitor"]


def test_an_unknown_kind_is_refused_when_the_visit_starts(ctx: Context) -> None:
    form = ctx.catalogue.get("mystery-shopper")
    with pytest.raises(RunError, match="not one of the choices"):
        header = {"shopper": "Mei", "target": "X", "target_kind": "partner"}
        ctx.runs.start(form, store_code="SH-021", header=header)


def test_a_competitor_visit_is_not_the_stores_latest_result_nor_in_its_pareto(
    ctx: Context,
) -> None:
    own = _visit(ctx, "本店 SH-021", "own", 10)
    _visit(ctx, "Competitor B", "competitor", 12, MS_B_01=Answer(None), MS_A_01=Answer(False))
    latest = ctx.runs.latest("mystery-shopper")
    assert latest is not None and latest.id == own
    assert ctx.runs.latest("mystery-shopper", kind=None).id != own
    from storeops.exporting import Selection, selected_runs

    rows, total, counted = pareto(selected_runs(ctx.runs, Selection("mystery-shopper")))
    assert (rows, total, counted) == ([], 0, 1)  # the competitor's failures are not ours


def test_the_league_ranks_competitors_apart(ctx: Context, data_dir: Path) -> None:
    _visit(ctx, "本店 SH-021", "own", 10, MS_A_01=Answer(False))
    _visit(ctx, "Competitor B", "competitor", 11)
    _visit(ctx, "本店 SH-008", "own", 12)
    ctx.close()
    shown = CliRunner().invoke(
        build_app(), ["--data-dir", str(data_dir), "report", "league", "--format", "json"]
    )
    rows = json.loads(shown.output)
    assert [(r["kind"], r["rank"], r["target"]) for r in rows] == [
        ("own", 1, "本店 SH-008"),
        ("own", 2, "本店 SH-021"),
        ("competitor", 1, "Competitor B"),
    ]
    table = CliRunner().invoke(build_app(), ["--data-dir", str(data_dir), "report", "league"])
    assert "C1" in table.output


def test_the_trend_counts_only_the_stores_own_visits(ctx: Context, data_dir: Path) -> None:
    _visit(ctx, "本店 SH-021", "own", 10)
    _visit(ctx, "Competitor B", "competitor", 11, MS_B_01=Answer(None))
    ctx.close()
    shown = CliRunner().invoke(
        build_app(),
        ["--data-dir", str(data_dir), "report", "trend", "--template", "mystery-shopper"],
    )
    assert shown.exit_code == 0
    week = next(line for line in shown.output.splitlines() if "2026-W46" in line)
    assert week.split()[1] == "1"  # one visit that week is the store's


async def _competitor_visit_in_runner(pilot) -> RunnerScreen:  # type: ignore[no-untyped-def]
    app = pilot.app
    app.start_run("mystery-shopper")
    await pilot.pause()
    assert isinstance(app.screen, FormScreen)
    await pilot.press(*"Mei", "enter", *"Competitor B", "enter", *"competitor", "ctrl+s")
    await pilot.pause()
    assert isinstance(app.screen, RunnerScreen)
    return app.screen


async def test_a_critical_failure_on_a_competitor_visit_asks_for_no_action(
    data_dir: Path,
) -> None:
    app = make_app(data_dir)
    async with app.run_test() as pilot:
        runner = await _competitor_visit_in_runner(pilot)
        assert runner.draft.header["target_kind"] == "competitor"
        items = runner.query_one(ItemList)
        items.highlighted = items.get_option_index("MS-B-01")  # greeting: n = never greeted
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, RunnerScreen | ReviewScreen)  # no action form
        assert runner.result.critical_failures == ("MS-B-01",)  # still fails the visit
        if isinstance(app.screen, RunnerScreen):
            await pilot.press("k", "a")  # back to the failed item; a raises nothing here
            await pilot.pause()
            assert not isinstance(app.screen, FormScreen)
        assert app.ctx.actions.all() == []
    app.ctx.close()


async def test_the_dashboard_shows_the_stores_own_latest_visit(data_dir: Path) -> None:
    app = make_app(data_dir)
    ctx = app.ctx
    _visit(ctx, "本店 SH-021", "own", 10)
    _visit(ctx, "Competitor B", "competitor", 20, MS_B_01=Answer(None))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        scores = str(app.screen.query_one("#dash-scores", Static).render())
        visit = next(line for line in scores.splitlines() if "Mystery" in line)
        assert "2026-11-10" in visit and "2026-11-20" not in scores
    ctx.close()


def test_exports_carry_the_kind_and_report_stores_counts_only_own(
    ctx: Context, data_dir: Path, tmp_path: Path
) -> None:
    import csv
    import io

    _visit(ctx, "本店 SH-021", "own", 10)
    _visit(ctx, "Competitor B", "competitor", 11, MS_B_01=Answer(None))  # critical, 0-ish
    ctx.close()
    app = build_app()
    runs_csv, answers_csv = tmp_path / "runs.csv", tmp_path / "answers.csv"
    for level, path in (("run", runs_csv), ("answer", answers_csv)):
        made = CliRunner().invoke(app, ["--data-dir", str(data_dir), "export", "--level", level,
                                        "-o", str(path)])  # fmt: skip
        assert made.exit_code == 0, made.output
    rows = list(csv.DictReader(io.StringIO(runs_csv.read_text("utf-8-sig"))))
    assert sorted((r["subject"], r["target_kind"], r["visit_date"]) for r in rows) == [
        ("Competitor B", "competitor", "2026-11-11"),
        ("本店 SH-021", "own", "2026-11-10"),
    ]
    answers = list(csv.DictReader(io.StringIO(answers_csv.read_text("utf-8-sig"))))
    assert {(r["target_kind"], r["visit_date"]) for r in answers} == {
        ("own", "2026-11-10"), ("competitor", "2026-11-11"),
    }  # fmt: skip
    own_score = next(r["score"] for r in rows if r["target_kind"] == "own")
    stores = CliRunner().invoke(app, ["report", "stores", str(runs_csv)])
    assert stores.exit_code == 0, stores.output
    line = next(line for line in stores.output.splitlines() if "mystery-shopper" in line)
    assert line.split()[2] == "1" and own_score in line  # one run: the own visit
