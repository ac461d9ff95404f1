"""Coaching views: the team side by side, one associate's observations, the staff list."""

from __future__ import annotations

from textual.binding import Binding

from storeops.coaching import AssociateSummary, associate, team
from storeops.history import sparkline
from storeops.i18n import t
from storeops.rounding import one_decimal
from storeops.staff import StaffError, StaffMember
from storeops.storage import StorageError
from storeops.templates import Template
from storeops.tui.access import ShowResult
from storeops.tui.widgets.form import FormField, FormScreen, Values
from storeops.tui.widgets.lists import TableScreen

OBSERVATION_TEMPLATE = "sales-seven-step"


def _score(value: float | None) -> str:
    return "—" if value is None else one_decimal(value)


class TeamScreen(TableScreen):
    """Each associate's latest score and weakest step; enter opens the associate."""

    COLUMNS = ("team.col.name", "team.col.count", "team.col.latest", "team.col.trend",
               "team.col.weakest")  # fmt: skip
    WRAP = (0, 4)
    BINDINGS = [
        Binding("enter", "open", "key.open", priority=True),
        Binding("e", "staff", "key.staff"),
    ]

    def __init__(self, template: Template) -> None:
        self.template = template
        self.rows: list[AssociateSummary] = []
        super().__init__("team")

    def load(self) -> None:
        self.rows = team(self.ctx.runs, self.template)
        lines = []
        for summary in self.rows:
            latest = summary.latest
            weakest = str(summary.weakest.title) if summary.weakest else "—"
            lines.append((
                summary.name, str(summary.total),
                _score(latest.result.score) if latest else "—",
                sparkline(summary.scores()[-10:]), weakest,
            ))  # fmt: skip
        self.fill(lines)
        self.summarize(t("team.summary", title=self.template.title, count=len(self.rows)))

    def action_open(self) -> None:
        index = self.selected_index(len(self.rows))
        if index is not None:
            self.app.push_screen(AssociateScreen(self.template, self.rows[index].name))

    def action_staff(self) -> None:
        self.app.push_screen(StaffScreen())


class AssociateScreen(TableScreen):
    """One person's observations, newest first, with their coaching notes and weakest step."""

    COLUMNS = ("hist.col.date", "hist.col.auditor", "hist.col.score", "hist.col.band",
               "team.col.notes")  # fmt: skip
    WRAP = (1, 3, 4)  # the coaching notes wrap, whole, beside their score
    BINDINGS = [Binding("enter", "open", "key.open", priority=True)]

    def __init__(self, template: Template, name: str) -> None:
        self.template = template
        self.name_ = name
        self.summary: AssociateSummary | None = None
        super().__init__("associate")

    def load(self) -> None:
        summary = associate(self.ctx.runs, self.template, self.name_)
        self.summary = summary
        lines = []
        for obs in summary.observations:
            band = str(obs.result.band.label) if obs.result.band else ""
            notes = " · ".join(text for _, text in obs.notes)
            lines.append(((obs.run.finished_at or "")[:10], obs.run.auditor,
                          _score(obs.result.score), band, notes))  # fmt: skip
        self.fill(lines)
        weakest = (
            t("team.weakest", step=summary.weakest.title, count=summary.weakest_count)
            if summary.weakest else t("team.no_weakest")
        )  # fmt: skip
        trend = sparkline(summary.scores()[-12:])
        self.summarize(
            t("team.associate", name=summary.name, count=summary.total, trend=trend)
            + "\n" + weakest
        )  # fmt: skip

    def action_open(self) -> None:
        if self.summary is None:
            return
        index = self.selected_index(len(self.summary.observations))
        if index is not None:
            run = self.summary.observations[index].run
            self.post_message(ShowResult(run, back_to_dashboard=False))


class StaffScreen(TableScreen):
    """The names offered when choosing whom to observe."""

    COLUMNS = ("team.col.name",)
    WRAP = (0,)
    BINDINGS = [
        Binding("n", "add", "key.add"),
        Binding("d", "remove", "key.remove"),
    ]

    def __init__(self) -> None:
        self.rows: list[StaffMember] = []
        super().__init__("staff")

    def load(self) -> None:
        self.rows = self.ctx.staff.all()
        self.fill([(member.name,) for member in self.rows])
        self.summarize(t("staff.summary", count=len(self.rows)))

    def action_add(self) -> None:
        def done(values: Values | None) -> None:
            if values is None:
                return
            try:
                self.ctx.staff.add(values["name"])
            except (StaffError, StorageError) as exc:
                self.notify(str(exc), severity="warning")
                return
            self.load()

        field = FormField("name", t("team.col.name"), required=True)
        self.app.push_screen(FormScreen(t("key.add"), [field]), done)

    def action_remove(self) -> None:
        index = self.selected_index(len(self.rows))
        if index is None:
            return
        try:
            self.ctx.staff.deactivate(self.rows[index].name)
        except (StaffError, StorageError) as exc:
            self.notify(str(exc), severity="warning")
            return
        self.load()
