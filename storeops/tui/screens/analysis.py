"""Score trend by week and the Pareto of failed items, with a period filter."""

from __future__ import annotations

from datetime import date, timedelta
from typing import cast

from textual.binding import Binding

from storeops.exporting import Selection, selected_runs
from storeops.history import sparkline
from storeops.i18n import t
from storeops.reports import ParetoRow, TrendPoint, pareto, score_trend
from storeops.templates import OWN
from storeops.tui.access import today_of
from storeops.tui.widgets.checks import ask_period
from storeops.tui.widgets.form import Values
from storeops.tui.widgets.lists import BackgroundTableScreen


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


class PeriodScreen(BackgroundTableScreen):
    """A table over a template and a period; ``f`` changes them."""

    BINDINGS = [Binding("f", "filter", "key.filter")]

    def __init__(self, screen_id: str, template_id: str, days: int) -> None:
        self.filters: Values = {"template": template_id, "since": "", "until": ""}
        self.days = days
        super().__init__(screen_id)

    def selection(self) -> Selection:
        today = today_of(self)
        since = _day(self.filters["since"]) or today - timedelta(days=self.days)
        return Selection(self.filters["template"] or None, since, _day(self.filters["until"]),
                         include_unreviewed=True)  # fmt: skip

    def action_filter(self) -> None:
        def done(values: Values) -> None:
            self.filters = values
            self.load()

        ask_period(self, self.filters, self.ctx.catalogue, done)

    def period_text(self) -> str:
        s = self.selection()
        return f"{s.template_id or '*'} · {s.since or '…'} – {s.until or '…'}"


class TrendScreen(PeriodScreen):
    """Mean, lowest and highest score per week, with a one-line chart."""

    COLUMNS = ("report.trend.col.week", "report.trend.col.count", "report.trend.col.mean",
               "report.trend.col.range")  # fmt: skip

    def __init__(self) -> None:
        super().__init__("trend", "six-s", 365)

    def compute(self) -> object:
        s = self.selection()
        return score_trend(
            self.ctx.runs.summaries(
                template_id=s.template_id, since=s.since, until=s.until, kind=OWN
            )
        )

    def show(self, data: object) -> None:
        points = cast("list[TrendPoint]", data)
        self.table.clear()
        for p in points:
            self.table.add_row(
                p.week, str(p.count), "—" if p.mean is None else f"{p.mean:.1f}",
                "—" if p.low is None else f"{p.low:.1f}–{p.high:.1f}",
            )  # fmt: skip
        chart = sparkline([p.mean for p in points][-40:])
        self.summarize(f"{self.period_text()}  {chart}")


class ParetoScreen(PeriodScreen):
    """Failed items, most failed first, with % and cumulative % (seed 003's 排列图)."""

    COLUMNS = ("cli.col.id", "report.pareto.col.item", "report.pareto.col.count",
               "report.pareto.col.pct", "report.pareto.col.cum")  # fmt: skip

    def __init__(self) -> None:
        super().__init__("pareto", "", 90)

    def compute(self) -> object:
        return pareto(selected_runs(self.ctx.runs, self.selection()))

    def show(self, data: object) -> None:
        rows, total, counted = cast("tuple[list[ParetoRow], int, int]", data)
        self.table.clear()
        for r in rows:
            bar = "█" * max(1, round(r.percent / 5))
            self.table.add_row(r.item_id, r.text, f"{r.count} {bar}", f"{r.percent:.1f}",
                               f"{r.cumulative:.1f}")  # fmt: skip
        self.summarize(
            f"{self.period_text()} · {t('report.pareto.total', total=total, runs=counted)}"
        )
