"""The customer satisfaction report in the app: each dimension's expectation H, perception W,
the gap and what it says (seed 000), the overall figure (seed 003: the mean of the five) and
the months, over a period (``f``). The same report as ``storeops report satisfaction``."""

from __future__ import annotations

from datetime import timedelta
from typing import cast

from storeops.exporting import Selection, selected_runs
from storeops.i18n import t
from storeops.rounding import one_decimal
from storeops.survey_report import SURVEY_TEMPLATE, SurveyReport, survey_report, table_rows
from storeops.tui.access import today_of
from storeops.tui.screens.analysis import PeriodScreen, _day

DAYS = 90  # the period shown first: a quarter of surveys


class SatisfactionScreen(PeriodScreen):
    """Dimensions as rows; the line above names the period, the overall figure and each
    month's. The filter's checklist is always the survey: only the period changes."""

    COLUMNS = ("survey.col.dimension", "survey.col.expected", "survey.col.perceived",
               "survey.col.gap", "survey.col.verdict", "survey.col.answers")  # fmt: skip
    WRAP = (4,)  # the verdict wraps; the figures keep their width

    def __init__(self) -> None:
        super().__init__("satisfaction", SURVEY_TEMPLATE, DAYS)

    def selection(self) -> Selection:
        today = today_of(self)
        since = _day(self.filters["since"]) or today - timedelta(days=self.days)
        return Selection(SURVEY_TEMPLATE, since, _day(self.filters["until"]))

    def compute(self) -> object:
        chosen = selected_runs(self.ctx.runs, self.selection())
        return survey_report([(run, template) for run, template, _ in chosen])

    def show(self, data: object) -> None:
        report = cast("SurveyReport", data)
        self.fill(table_rows(report))
        if not report.surveys:
            self.summarize(f"{self.period_text()} · {t('survey.none')}")
            return
        overall = t("survey.overall", overall=one_decimal(report.overall), count=report.surveys)
        months = " · ".join(f"{m.month} {one_decimal(m.overall)}" for m in report.months)
        self.summarize(f"{self.period_text()}\n{overall}\n{t('survey.by_month', months=months)}")
