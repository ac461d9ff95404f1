"""Finished runs, newest first, with filters; enter opens one read-only."""

from __future__ import annotations

from datetime import date

from textual.binding import Binding

from storeops.i18n import pick, t
from storeops.rounding import one_decimal
from storeops.runs import RunSummary
from storeops.tui.access import ShowResult
from storeops.tui.widgets.checks import ask_period
from storeops.tui.widgets.form import Values
from storeops.tui.widgets.lists import TableScreen

PAGE = 500  # rows shown at once; a filter reaches the rest
FILTER_LABELS = {"template": "hist.filter.template", "since": "hist.filter.since",
                 "until": "hist.filter.until", "subject": "hist.filter.subject"}  # fmt: skip


def _date_or_none(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


class HistoryScreen(TableScreen):
    """One row per finished run: date, checklist, auditor, subject, score, band."""

    COLUMNS = ("hist.col.date", "hist.col.template", "hist.col.auditor", "hist.col.subject",
               "hist.col.score", "hist.col.band")  # fmt: skip
    WRAP = (0, 1, 2, 3, 5)  # all but the score wrap (the date at its space)
    BINDINGS = [
        Binding("enter", "open", "key.open", id="history.open", priority=True),
        Binding("f", "filter", "key.filter", id="history.filter"),
    ]

    def __init__(self) -> None:
        self.filters: Values = {"template": "", "since": "", "until": "", "subject": ""}
        self.rows: list[RunSummary] = []
        super().__init__("history")

    def load(self) -> None:
        f = self.filters
        found = self.ctx.runs.summaries(
            template_id=f["template"] or None,
            subject=f["subject"] or None,
            since=_date_or_none(f["since"]),
            until=_date_or_none(f["until"]),
        )
        self.rows = found[:PAGE]  # newest first; filter to reach older ones
        catalogue = self.ctx.catalogue
        lines = []
        for s in self.rows:
            title = (
                str(catalogue.get(s.template_id).title)
                if s.template_id in catalogue
                else (s.template_id)
            )
            score = "—" if s.score is None else one_decimal(s.score)
            when = s.finished_at[:16].replace("T", " ")
            band = pick(*s.band_label) + (" ⚠" if s.critical else "")
            lines.append((when, title, s.auditor, s.subject, score, band))
        self.fill(lines, keys=[s.id for s in self.rows])
        summary = t("hist.count", count=len(found))
        if len(found) > PAGE:
            summary += " · " + t("hist.page", shown=PAGE)
        # The filters by their labels in the current language (not the form's field names).
        shown = [t("hist.filter.shown", label=t(FILTER_LABELS[k]), value=v)
                 for k, v in f.items() if v]  # fmt: skip
        if shown:
            summary += " · " + ", ".join(shown)
        self.summarize(summary)

    def action_open(self) -> None:
        index = self.selected_index(len(self.rows))
        if index is not None:
            run = self.ctx.runs.get(self.rows[index].id)
            self.post_message(ShowResult(run, back_to_dashboard=False))

    def action_filter(self) -> None:
        def done(values: Values) -> None:
            self.filters = values
            self.load()

        ask_period(self, self.filters, self.ctx.catalogue, done)
