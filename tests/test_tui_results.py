"""Results that say something, by keys at 80×24 in both languages: the trend's chart and
its weeks, the Pareto's and the league's columns on screen, and the seven-step result with
the associate and the coaching notes at the top."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from storeops.context import Context, open_context
from storeops.scoring import Answer
from storeops.templates import Template
from storeops.tui.app import StoreOpsApp
from storeops.tui.screens.analysis import ParetoScreen, TrendScreen
from storeops.tui.screens.history import HistoryScreen
from storeops.tui.screens.result import ResultScreen
from storeops.tui.screens.visits import LeagueScreen
from tests.tui_helpers import make_app

SIZE = (80, 24)
LANGS = pytest.mark.parametrize("lang", ["en", "zh"])


def _ctx(data_dir: Path) -> Context:
    return open_context(data_dir)


def _audit(ctx: Context, when: datetime, failed: set[str]) -> None:
    """A finished 6S audit on ``when`` with ``failed`` items failed, everything else met."""
    template = ctx.catalogue.get("six-s")
    run = ctx.runs.start(template, store_code="SH-021", header={"auditor": "Li"}, now=when)
    ctx.runs.answer_many(run, {
        i.id: Answer(i.id not in failed) if i.type == "pass_fail" else Answer(0)
        for i in template.items if i.type != "text"
    }, now=when)  # fmt: skip
    ctx.runs.finish(run, "Li", now=when)


async def _loaded(pilot: Pilot[None]) -> None:
    """Reports work in a thread: wait for it, then for the screen."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _text(app: StoreOpsApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def _shown(table: DataTable) -> list[str]:
    """The table's lines as the terminal shows them (cut at the table's width)."""
    return [table.render_line(y).text for y in range(table.size.height)]


@LANGS
async def test_the_trend_chart_spans_the_scores_and_names_the_weeks_shown(
    data_dir: Path, lang: str
) -> None:
    ctx = _ctx(data_dir)
    for day, failed in (
        (datetime(2026, 10, 27, 9), {"6S-SRT-01"}),  # 2026-W44: 97.5
        (datetime(2026, 11, 3, 9), {"6S-SHN-01", "6S-SAF-01", "6S-STD-01"}),  # W45: the lowest
        (datetime(2026, 11, 10, 9), set()),  # W46: 100
        (datetime(2026, 11, 17, 9), {"6S-SUS-01"}),  # W47
    ):
        _audit(ctx, day.astimezone(), failed)
    scores = [s.score for s in ctx.runs.summaries(template_id="six-s")]
    ctx.close()
    low, high = min(s for s in scores if s is not None), max(s for s in scores if s is not None)
    assert 85 <= low < 90 and high == 100.0
    app = make_app(data_dir, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "enter")  # reports → score trend
        await _loaded(pilot)
        assert isinstance(app.screen, TrendScreen)
        span, chart = _text(app, "#table-summary").split("\n")
        assert "2026-W44 – 2026-W47" in span and "2026-10-26 – 2026-11-22" in span
        assert span.startswith("6S audit" if lang == "en" else "6S 审核")
        # One bar a week, scaled to the weeks' own range: lowest ▁, highest █.
        assert f"▇▁█▇ {low:.1f}–{high:.1f}" in chart
        assert chart.startswith("Weekly mean" if lang == "en" else "每周平均分")
        assert app.screen.table.row_count == 4


@LANGS
async def test_the_pareto_keeps_its_count_columns_on_screen(data_dir: Path, lang: str) -> None:
    ctx = _ctx(data_dir)
    for n in range(3):
        _audit(ctx, datetime(2026, 11, 16 + n, 9).astimezone(), {"6S-SAF-06", "6S-SUS-03"})
    ctx.close()
    app = make_app(data_dir, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "down", "enter")  # reports → Pareto
        await _loaded(pilot)
        assert isinstance(app.screen, ParetoScreen)
        lines = _shown(app.screen.table)
        heading = "Cum. %" if lang == "en" else "累计 %"
        assert heading in lines[0] and ("Failed" if lang == "en" else "不合格次数") in lines[0]
        # The longest item text wraps; its count, % and cumulative % are all on screen.
        assert any("3 █████" in line and line.rstrip().endswith("50.0") for line in lines)
        assert any(line.rstrip().endswith("100.0") for line in lines)
        assert app.screen.table.virtual_size.width <= SIZE[0]


def _visit(ctx: Context, form: Template, target: str, day: str, critical: bool) -> None:
    header = {"shopper": "Mei", "target": target, "target_kind": "competitor",
              "visit_date": day}  # fmt: skip
    run = ctx.runs.start(form, store_code="SH-021", header=header)
    ctx.runs.answer_many(run, {
        i.id: Answer(not (critical and i.id == "MS-A-07")) if i.type == "pass_fail" else
        Answer(i.max) if i.type == "scale" else Answer(2.0)
        for i in form.items if i.type != "text" and not i.bonus
    })  # fmt: skip
    ctx.runs.finish(run, "Mei")
    ctx.runs.set_review(run, "accepted", by="王芳")


@LANGS
async def test_the_league_shows_its_critical_column_at_80_columns(
    data_dir: Path, lang: str
) -> None:
    ctx = _ctx(data_dir)
    form = ctx.catalogue.get("mystery-shopper")
    _visit(ctx, form, "Competitor B Huaihai Road flagship store", "2026-11-20", critical=True)
    _visit(ctx, form, "竞品 A 南京路旗舰店（二楼女装）", "2026-11-21", critical=False)
    ctx.close()
    app = make_app(data_dir, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", *["down"] * 4, "enter")  # reports → league
        await _loaded(pilot)
        assert isinstance(app.screen, LeagueScreen)
        lines = _shown(app.screen.table)
        assert lines[0].rstrip().endswith("Critical" if lang == "en" else "关键项")
        assert any(line.rstrip().endswith("⚠ MS-A-07") for line in lines)
        assert app.screen.table.virtual_size.width <= SIZE[0]
        await pilot.press("escape", "r", *["down"] * 3, "enter")  # reports → visits
        await pilot.pause()
        lines = _shown(app.screen.table)
        assert lines[0].rstrip().endswith("Review" if lang == "en" else "审核")
        assert app.screen.table.virtual_size.width <= SIZE[0]


def _observation(ctx: Context) -> None:
    template = ctx.catalogue.get("sales-seven-step")
    run = ctx.runs.start(template, store_code="SH-021",
                         header={"associate": "韩梅梅", "observer": "Wang Fang"})  # fmt: skip
    answers = {
        i.id: Answer(not i.negative) if i.type == "pass_fail" else
        Answer(i.max) if i.type == "scale" else Answer(2.0)
        for i in template.items if i.type not in ("text",) and i.section_id != "C"
    }  # fmt: skip
    answers |= {i.id: Answer(na=True) for i in template.section("C").items}
    answers["SS-2-01"] = answers["SS-2-03"] = Answer(False)  # product introduction: 76 %
    answers["SS-Z-01"] = Answer("Greeted within 2 s; no add-on offered")
    answers["SS-Z-02"] = Answer("顾客：有没有藏青色？")
    answers["SS-Z-03"] = Answer("Suggest a matching top after every try-on")
    ctx.runs.answer_many(run, answers)
    ctx.runs.finish(run, "Wang Fang")


@LANGS
async def test_the_seven_step_result_opens_with_the_associate_and_the_coaching(
    data_dir: Path, lang: str
) -> None:
    ctx = _ctx(data_dir)
    _observation(ctx)
    ctx.close()
    app = make_app(data_dir, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")  # history → the observation
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        header = _text(app, "#result-header")
        assert header.split("\n")[0] == (
            "Associate observed: 韩梅梅" if lang == "en" else "被观察导购：韩梅梅"
        )
        notes = _text(app, "#result-notes")
        assert notes.startswith("Coaching:" if lang == "en" else "辅导：")
        for said in ("Greeted within 2 s; no add-on offered", "顾客：有没有藏青色？",
                     "Suggest a matching top after every try-on"):  # fmt: skip
            assert said in notes
        assert (
            "Develop: the agreed next step" if lang == "en" else "Develop：约定的下一步改进"
        ) in notes
        # At the top: both are on the first screen, before the section scores.
        body = app.screen.query_one("#result-body")
        order = [w.id for w in body.children]
        assert (
            order.index("result-header")
            < order.index("result-notes")
            < order.index("result-sections")
        )
        assert app.screen.query_one("#result-notes").region.bottom <= SIZE[1]
        # Strengths: the sections at the top band, not the one with a failure.
        strengths = _text(app, "#result-strengths")
        assert ("Product introduction" if lang == "en" else "产品介绍") not in strengths
        assert ("Greeting" if lang == "en" else "主动打招呼") in strengths
