"""Score trend by week and the Pareto of failed items, with a period filter."""

from __future__ import annotations

from datetime import date, timedelta
from typing import cast

from textual.binding import Binding

from storeops.exporting import Selection, failure_pareto
from storeops.history import fitted_sparkline, value_range
from storeops.i18n import t
from storeops.reports import ParetoRow, TrendPoint, score_trend, week_days
from storeops.rounding import one_decimal
from storeops.templates import OWN
from storeops.texttable import cell_width
from storeops.tui.access import today_of
from storeops.tui.widgets.checks import ask_period
from storeops.tui.widgets.form import Values
from storeops.tui.widgets.lists import BackgroundTableScreen

BAR_CELLS = 10  # the Pareto's bar at 100 %: short enough to leave the item text room


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
        return f"{self.template_name()} · {s.since or '…'} – {s.until or '…'}"

    def template_name(self) -> str:
        """The chosen template's title in the current language (``*``: every template)."""
        template_id = self.selection().template_id
        if not template_id:
            return "*"
        return (
            str(self.ctx.catalogue.get(template_id).title)
            if template_id in self.ctx.catalogue
            else template_id
        )


class TrendScreen(PeriodScreen):
    """Mean, lowest and highest score per week, with a one-line chart scaled to the
    weeks shown and a label naming the first and last of them."""

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
        self.fill([
            (p.week, str(p.count), "—" if p.mean is None else one_decimal(p.mean),
             "—" if p.low is None else f"{one_decimal(p.low)}–{one_decimal(p.high)}")
            for p in points
        ])  # fmt: skip
        self.summarize(self.trend_text(points))

    def trend_text(self, points: list[TrendPoint]) -> str:
        """The weeks listed (first – last, with their dates) and, on a line of its own,
        the chart of their means, as many of the latest as the width holds, with the
        range the bars span (the chart is scaled to it: 85 to 100 is not a flat row)."""
        if not points:
            return f"{self.period_text()} · {t('cli.runs.none')}"
        first, last = points[0].week, points[-1].week
        span = t("report.trend.span", template=self.template_name(), first=first, last=last,
                 first_day=week_days(first)[0].isoformat(),
                 last_day=week_days(last)[1].isoformat())  # fmt: skip
        means = [p.mean for p in points]
        label = t("report.trend.chart_last", count=len(means), chart="", low="100.0",
                  high="100.0")  # fmt: skip
        room = (self.size.width or self.app.size.width) - 2 - cell_width(label)  # 2: padding
        shown = means[-max(8, room) :]
        known = value_range(shown)
        if known is None:
            return span
        key = "report.trend.chart" if len(shown) == len(means) else "report.trend.chart_last"
        chart = t(key, count=len(shown), chart=fitted_sparkline(shown),
                  low=one_decimal(known[0]), high=one_decimal(known[1]))  # fmt: skip
        return f"{span}\n{chart}"


class ParetoScreen(PeriodScreen):
    """Failed items, most failed first, with % and cumulative % (seed 003's 排列图)."""

    COLUMNS = ("cli.col.id", "report.pareto.col.item", "report.pareto.col.count",
               "report.pareto.col.pct", "report.pareto.col.cum")  # fmt: skip
    WRAP = (1,)  # the item text wraps; the counts and percentages keep their width

    def __init__(self) -> None:
        super().__init__("pareto", "", 90)

    def compute(self) -> object:
        return failure_pareto(self.ctx.runs, self.selection())

    def show(self, data: object) -> None:
        rows, total, counted = cast("tuple[list[ParetoRow], int, int]", data)
        self.fill([
            (r.item_id, r.text, f"{r.count} {'█' * max(1, round(r.percent * BAR_CELLS / 100))}",
             one_decimal(r.percent), one_decimal(r.cumulative))
            for r in rows
        ])  # fmt: skip
        self.summarize(
            f"{self.period_text()} · {t('report.pareto.total', total=total, runs=counted)}"
        )
