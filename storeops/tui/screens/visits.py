"""Mystery-shop visits: review (accept / return) and the league table."""

from __future__ import annotations

from typing import cast

from textual.binding import Binding

from storeops.i18n import pick, t
from storeops.rankings import DEFAULT_WINDOW, Standing, league, rank_label
from storeops.rounding import one_decimal
from storeops.runs import Run, RunError, RunSummary
from storeops.storage import StorageError
from storeops.templates import Template
from storeops.tui.access import ShowResult
from storeops.tui.widgets.form import FormField, FormScreen, Values
from storeops.tui.widgets.lists import BackgroundTableScreen, TableScreen

VISIT_TEMPLATE = "mystery-shopper"


class VisitsScreen(TableScreen):
    """Visits newest first with their review status; y accepts, n returns with a reason."""

    COLUMNS = ("hist.col.date", "visit.col.target", "visit.col.shopper", "hist.col.score",
               "hist.col.band", "visit.col.review")  # fmt: skip
    WRAP = (1, 2, 4)  # names and the band ("Needs improvement") wrap; dates and scores never
    BINDINGS = [
        Binding("enter", "open", "key.open", priority=True),
        Binding("y", "accept", "key.accept"),
        Binding("n", "return_visit", "key.return"),
        Binding("s", "resubmit", "key.resubmit"),
    ]

    def __init__(self, template: Template) -> None:
        self.template = template
        self.rows: list[RunSummary] = []
        super().__init__("visits")

    def load(self) -> None:
        self.rows = self.ctx.runs.summaries(template_id=self.template.id)
        cursor = self.table.cursor_row
        waiting = sum(s.review_status == "submitted" for s in self.rows)
        lines = [
            (s.finished_at[:10], s.subject, s.auditor,
             "—" if s.score is None else one_decimal(s.score), pick(*s.band_label),
             t(f"review.status.{s.review_status}") if s.review_status else "")
            for s in self.rows
        ]  # fmt: skip
        self.fill(lines)
        if self.rows:
            self.table.move_cursor(row=min(cursor or 0, len(self.rows) - 1))
        self.summarize(t("visit.summary", count=len(self.rows), waiting=waiting))

    def _selected(self) -> Run | None:
        index = self.selected_index(len(self.rows))
        return None if index is None else self.ctx.runs.get(self.rows[index].id)

    def _review(self, status: str, reason: str = "") -> None:
        run = self._selected()
        if run is None:
            return
        profile = self.ctx.profile
        try:
            self.ctx.runs.set_review(run, status, by=profile.manager if profile else "",
                                     reason=reason)  # fmt: skip
        except (RunError, StorageError) as exc:
            self.notify(str(exc), severity="warning")
            return
        self.notify(t("cli.visits.done", id=run.id, status=t(f"review.status.{status}")))
        self.load()

    def action_accept(self) -> None:
        self._review("accepted")

    def action_resubmit(self) -> None:
        self._review("submitted")

    def action_return_visit(self) -> None:
        if self._selected() is None:
            return

        def done(values: Values | None) -> None:
            if values is not None:
                self._review("returned", values["reason"])

        field = FormField("reason", t("visit.reason"), required=True)
        self.app.push_screen(FormScreen(t("key.return"), [field]), done)

    def action_open(self) -> None:
        run = self._selected()
        if run is not None:
            self.post_message(ShowResult(run, back_to_dashboard=False))


class LeagueScreen(BackgroundTableScreen):
    """Every store and competitor ranked by the mean of its last accepted visits."""

    COLUMNS = ("league.col.rank", "visit.col.target", "league.col.visits", "league.col.mean",
               "league.col.strengths", "league.col.weaknesses", "league.col.critical")  # fmt: skip
    # Names and section titles wrap; the ⚠ items, one a line, keep their width, so the
    # critical column is never pushed off the screen.
    WRAP = (1, 4, 5)
    BINDINGS = [
        Binding("w", "window", "key.window"),
        Binding("p", "toggle_pending", "key.pending"),
    ]

    def __init__(self, template: Template) -> None:
        self.template = template
        self.window = DEFAULT_WINDOW
        self.include_pending = False
        self.rows: list[Standing] = []
        super().__init__("league")

    def _titles(self, ids: tuple[str, ...]) -> str:
        return ", ".join(str(self.template.section(i).title) for i in ids)

    def compute(self) -> object:
        return league(self.ctx.runs, self.template, window=self.window,
                      include_pending=self.include_pending)  # fmt: skip

    def show(self, data: object) -> None:
        self.rows = cast("list[Standing]", data)
        lines = [
            (rank_label(s), s.target, str(len(s.visits)),
             "—" if s.mean is None else one_decimal(s.mean),
             self._titles(s.strengths), self._titles(s.weaknesses),
             "\n".join(f"⚠ {item}" for item in s.critical))
            for s in self.rows
        ]  # fmt: skip
        self.fill(lines)
        key = "league.summary.pending" if self.include_pending else "league.summary"
        self.summarize(t(key, window=self.window, count=len(self.rows)))

    def action_window(self) -> None:
        def done(values: Values | None) -> None:
            if values is None:
                return
            self.window = int(values["window"])
            self.load()

        def validate(values: Values) -> list[str]:
            ok = values["window"].isdigit() and 1 <= int(values["window"]) <= 50
            return [] if ok else [t("league.err.window")]

        field = FormField("window", t("league.window"), str(self.window), required=True)
        self.app.push_screen(FormScreen(t("key.window"), [field], validate=validate), done)

    def action_toggle_pending(self) -> None:
        self.include_pending = not self.include_pending
        self.load()
