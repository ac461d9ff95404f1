"""Finished runs, newest first, with filters; enter opens one read-only."""

from __future__ import annotations

from datetime import date

from textual.binding import Binding

from storeops.i18n import t
from storeops.runs import Run
from storeops.tui.widgets.checks import period_problems
from storeops.tui.widgets.form import FormField, FormScreen, Values
from storeops.tui.widgets.lists import TableScreen


def _date_or_none(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


class HistoryScreen(TableScreen):
    """One row per finished run: date, checklist, auditor, subject, score, band."""

    COLUMNS = ("hist.col.date", "hist.col.template", "hist.col.auditor", "hist.col.subject",
               "hist.col.score", "hist.col.band")  # fmt: skip
    BINDINGS = [
        Binding("enter", "open", "key.open", id="history.open", priority=True),
        Binding("f", "filter", "key.filter", id="history.filter"),
    ]

    def __init__(self) -> None:
        self.filters: Values = {"template": "", "since": "", "until": "", "subject": ""}
        self.rows: list[Run] = []
        super().__init__("history")

    def load(self) -> None:
        f = self.filters
        self.rows = self.ctx.runs.finished(
            template_id=f["template"] or None,
            subject=f["subject"] or None,
            since=_date_or_none(f["since"]),
            until=_date_or_none(f["until"]),
        )
        table = self.table
        table.clear()
        for run in self.rows:
            title = (
                str(self.ctx.catalogue.get(run.template_id).title)
                if run.template_id in self.ctx.catalogue
                else run.template_id
            )
            result = self.ctx.runs.score(run)
            score = "—" if result.score is None else f"{result.score:.1f}"
            band = str(result.band.label) if result.band else ""
            when = (run.finished_at or "")[:16].replace("T", " ")
            table.add_row(when, title, run.auditor, run.subject, score, band, key=run.id)
        shown = {k: v for k, v in f.items() if v}
        summary = t("hist.count", count=len(self.rows))
        if shown:
            summary += " · " + ", ".join(f"{k}={v}" for k, v in shown.items())
        self.summarize(summary)

    def action_open(self) -> None:
        index = self.selected_index(len(self.rows))
        if index is not None:
            self.app.show_result(self.rows[index], back_to_dashboard=False)  # type: ignore[attr-defined]

    def action_filter(self) -> None:
        f = self.filters
        fields = [
            FormField("template", t("hist.filter.template"), f["template"],
                      placeholder=", ".join(sorted(self.ctx.catalogue.templates))),
            FormField("since", t("hist.filter.since"), f["since"], placeholder="YYYY-MM-DD"),
            FormField("until", t("hist.filter.until"), f["until"], placeholder="YYYY-MM-DD"),
            FormField("subject", t("hist.filter.subject"), f["subject"]),
        ]  # fmt: skip

        def validate(values: Values) -> list[str]:
            return period_problems(values, self.ctx.catalogue)

        def done(values: Values | None) -> None:
            if values is not None:
                self.filters = values
                self.load()

        self.app.push_screen(FormScreen(t("key.filter"), fields, validate=validate), done)
