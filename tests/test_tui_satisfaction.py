"""The customer satisfaction report in the app, by keys, at 80×24 in both languages: the same
figures as ``storeops report satisfaction`` over the demo's surveys."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.widgets import Static

from storeops.context import open_context
from storeops.demo import make_demo
from storeops.exporting import Selection, selected_runs
from storeops.i18n import t
from storeops.profile import StoreProfile
from storeops.rounding import one_decimal
from storeops.survey_report import SURVEY_TEMPLATE, survey_report
from storeops.tui.screens.satisfaction import SatisfactionScreen
from tests.tui_helpers import make_app

TODAY = date(2026, 11, 23)  # the pinned clock's day


@pytest.fixture
def demo(data_dir: Path) -> Path:
    ctx = open_context(data_dir)
    ctx.save_profile(StoreProfile("SH-021", "Nanjing Rd", "Wang Fang"))
    make_demo(ctx, today=TODAY, months=2, complaints=False)
    ctx.close()
    return data_dir


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_satisfaction_report_from_the_reports_menu(demo: Path, lang: str) -> None:
    ctx = open_context(demo, readonly=True)
    chosen = selected_runs(ctx.runs, Selection(SURVEY_TEMPLATE, TODAY - timedelta(days=90)))
    ctx.close()
    app = make_app(demo, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r", *["down"] * 6, "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SatisfactionScreen)
        report = survey_report([(run, template) for run, template, _ in chosen])
        assert report.surveys > 10 and {d.verdict for d in report.dimensions} >= {
            "dissatisfied", "very_satisfied"
        }  # fmt: skip
        rows = [[str(c) for c in screen.table.get_row_at(i)] for i in range(screen.table.row_count)]
        assert [r[:4] for r in rows] == [
            [d.title, one_decimal(d.expected), one_decimal(d.perceived), f"{d.gap:+.1f}"]
            for d in report.dimensions
        ]
        summary = "\n".join(str(w.render()) for w in screen.query(Static))
        assert one_decimal(report.overall) in summary and str(report.surveys) in summary
        assert t("survey.verdict.dissatisfied") in "".join(r[4] for r in rows).replace("\n", "")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, SatisfactionScreen)
    app.ctx.close()
