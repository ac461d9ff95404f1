"""Finished runs, newest first, with filters; enter opens one read-only."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from storeops.i18n import t
from storeops.runs import Run
from storeops.tui.keys import localize_bindings
from storeops.tui.widgets.form import FormField, FormScreen, Values


def _date_or_none(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


class HistoryScreen(Screen[None]):
    """One row per finished run: date, checklist, auditor, subject, score, band."""

    BINDINGS = [
        Binding("enter", "open", "key.open", id="history.open", priority=True),
        Binding("f", "filter", "key.filter", id="history.filter"),
        Binding("j", "cursor_down", show=False),
        Binding("k", "cursor_up", show=False),
        Binding("escape,q", "close", "key.close", id="history.close"),
    ]

    def __init__(self) -> None:
        super().__init__(id="history")
        self.filters: Values = {"template": "", "since": "", "until": "", "subject": ""}
        self.rows: list[Run] = []
        localize_bindings(self)

    @property
    def ctx(self):  # type: ignore[no-untyped-def]
        return self.app.ctx  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="☰")
        yield Static("", id="history-filters", markup=False)
        yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key in ("hist.col.date", "hist.col.template", "hist.col.auditor",
                    "hist.col.subject", "hist.col.score", "hist.col.band"):  # fmt: skip
            table.add_column(t(key))
        self.load()
        table.focus()

    def load(self) -> None:
        f = self.filters
        self.rows = self.ctx.runs.finished(
            template_id=f["template"] or None,
            subject=f["subject"] or None,
            since=_date_or_none(f["since"]),
            until=_date_or_none(f["until"]),
        )
        table = self.query_one(DataTable)
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
        self.query_one("#history-filters", Static).update(summary)

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row is None:
            return
        run = self.rows[table.cursor_row]
        self.app.show_result(run, back_to_dashboard=False)  # type: ignore[attr-defined]

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

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
            problems = []
            for key in ("since", "until"):
                try:
                    _date_or_none(values[key])
                except ValueError:
                    problems.append(t("hist.err.date", value=values[key]))
            return problems

        def done(values: Values | None) -> None:
            if values is not None:
                self.filters = values
                self.load()

        self.app.push_screen(FormScreen(t("key.filter"), fields, validate=validate), done)

    def action_close(self) -> None:
        self.dismiss(None)
