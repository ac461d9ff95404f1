"""The month's service-goal plan and how each week is going."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from textual.binding import Binding

from storeops.goals import (
    DAY_MARK,
    GOAL_TYPES,
    GoalError,
    MonthPlan,
    MonthProgress,
    WeekProgress,
    day_marks,
    month_of,
    progress,
    rate_text,
    shift_month,
)
from storeops.i18n import current_language, t
from storeops.storage import StorageError
from storeops.tui.access import StartRequest, StartRun, today_of
from storeops.tui.widgets.form import FormField, FormScreen, Values
from storeops.tui.widgets.lists import TableScreen


class GoalsScreen(TableScreen):
    """One row per week of the month: goal, target, rate so far, days, verdict. The goal
    wraps, so a week's rate, days and verdict are beside it at 80 columns."""

    COLUMNS = ("goals.col.week", "goals.col.goal", "goals.col.rate", "goals.col.days",
               "goals.col.achieved")  # fmt: skip
    WRAP = (1,)
    BINDINGS = [
        Binding("enter", "edit", "key.edit", priority=True),
        Binding("f", "follow_up", "key.follow_up"),
        Binding("m", "summary", "key.summary"),
        Binding("n", "new_plan", "key.new_plan"),
        Binding("c", "check_in", "key.check_in"),
        # [ and ] are named in the legend above the table; the footer has no room left.
        Binding("left_square_bracket", "month(-1)", "key.prev_month", show=False),
        Binding("right_square_bracket", "month(1)", "key.next_month", show=False),
    ]

    def __init__(self, month: str | None = None) -> None:
        self.month = month or ""
        self.state: MonthProgress | None = None
        super().__init__("goals")

    @property
    def today(self) -> date:
        return today_of(self)

    def load(self) -> None:
        self.month = self.month or month_of(self.today)
        self.state = progress(self.ctx.runs, self.ctx.goals, self.month)
        cursor = self.table.cursor_row
        rows = []
        for week in self.state.weeks:
            goal = week.goal
            text = (goal.behaviours or goal.goal) if goal and not goal.empty else t("goals.no_goal")
            verdict = "" if goal is None or goal.achieved is None else DAY_MARK[goal.achieved]
            span = f"W{week.number}\n{week.start:%m-%d}–{week.end:%m-%d}"
            rows.append((span, text, rate_text(week), day_marks(week, self.today), verdict))
        self.fill(rows)
        self.table.move_cursor(row=min(cursor or 0, len(self.state.weeks) - 1))
        plan = self.state.plan
        if plan is None:
            summary = t("goals.summary.none", month=self.month)
        else:
            summary = t("goals.summary", month=self.month, achieved=self.state.weeks_achieved,
                        weeks=len(self.state.weeks))  # fmt: skip
            if plan.summary:
                summary += "\n" + t("goals.summary.text", text=plan.summary)
        self.summarize(summary + "\n" + t("goals.legend"))

    def _week(self) -> WeekProgress | None:
        if self.state is None:
            return None
        index = self.selected_index(len(self.state.weeks))
        return None if index is None else self.state.weeks[index]

    def _plan_or_warn(self) -> MonthPlan | None:
        plan = self.state.plan if self.state else None
        if plan is None:
            self.notify(t("goals.summary.none", month=self.month), severity="warning")
        return plan

    def _save(self, plan: MonthPlan) -> bool:
        try:
            self.ctx.goals.save(plan)
        except (GoalError, StorageError) as exc:
            self.notify(str(exc), severity="error")
            return False
        self.load()
        return True

    def action_edit(self) -> None:
        week = self._week()
        if week is None or self.state is None:
            return
        plan = self.state.plan
        if plan is None:  # writing the first goal of a month starts its (empty) plan
            try:
                plan = self.ctx.goals.new_plan(self.month)
            except (GoalError, StorageError) as exc:
                self.notify(str(exc), severity="error")
                return
        goal = plan.week(week.number)
        fields = [
            FormField("goal", t("goals.f.goal"), goal.goal),
            FormField("behaviours", t("goals.f.behaviours"), goal.behaviours),
            FormField("goal_type", t("goals.f.type"), goal.goal_type,
                      choices=tuple((kind, f"goals.type.{kind}") for kind in GOAL_TYPES)),
            FormField("measure", t("goals.f.measure"), goal.measure),
            FormField("threshold", t("goals.f.threshold"), f"{goal.threshold:g}", numeric=True),
            FormField("actions", t("goals.f.actions"), goal.actions),
        ]  # fmt: skip

        def done(values: Values | None) -> None:
            if values is None:
                return
            try:
                threshold = float(values["threshold"] or goal.threshold)
            except ValueError:
                threshold = -1.0  # reported by the plan's own check
            updated = replace(goal, goal=values["goal"], behaviours=values["behaviours"],
                              goal_type=values["goal_type"] or "weekly",
                              measure=values["measure"], threshold=threshold,
                              actions=values["actions"])  # fmt: skip
            plan.weeks[week.number - 1] = updated
            self._save(plan)

        title = t("goals.edit.title", number=week.number, month=self.month)
        self.app.push_screen(FormScreen(title, fields, intro=t("goals.edit.intro")), done)

    def action_follow_up(self) -> None:
        week, plan = self._week(), self._plan_or_warn()
        if week is None or plan is None:
            return
        goal = plan.week(week.number)
        achieved = {True: "y", False: "n", None: ""}[goal.achieved]
        fields = [
            FormField("follow_up", t("goals.f.follow_up"), goal.follow_up),
            FormField("achieved", t("goals.f.achieved"), achieved, placeholder="y / n"),
        ]

        def validate(values: Values) -> list[str]:
            ok = values["achieved"].lower() in ("", "y", "n")
            return [] if ok else [t("goals.err.achieved")]

        def done(values: Values | None) -> None:
            if values is None:
                return
            verdict = {"y": True, "n": False}.get(values["achieved"].lower())
            plan.weeks[week.number - 1] = replace(goal, follow_up=values["follow_up"],
                                                  achieved=verdict)  # fmt: skip
            self._save(plan)

        intro = t("goals.follow.intro", rate=rate_text(week))
        self.app.push_screen(
            FormScreen(t("key.follow_up"), fields, intro=intro, validate=validate), done
        )

    def action_summary(self) -> None:
        plan = self._plan_or_warn()
        if plan is None or self.state is None:
            return
        fields = [
            FormField("summary", t("goals.f.summary"), plan.summary),
            FormField("next_goal", t("goals.f.next_goal"), plan.next_goal),
        ]
        intro = t("goals.summary", month=self.month, achieved=self.state.weeks_achieved,
                  weeks=len(self.state.weeks))  # fmt: skip

        def done(values: Values | None) -> None:
            if values is not None:
                self._save(replace(plan, summary=values["summary"], next_goal=values["next_goal"]))

        self.app.push_screen(FormScreen(t("key.summary"), fields, intro=intro), done)

    def action_new_plan(self) -> None:
        previous = shift_month(self.month, -1)
        field = FormField("start", t("goals.f.start"), "examples", required=True,
                          choices=tuple((how, f"goals.start.{how}")
                                        for how in ("examples", "last", "empty")))  # fmt: skip

        def done(values: Values | None) -> None:
            if values is None:
                return
            how = values["start"]
            try:
                self.ctx.goals.new_plan(
                    self.month,
                    copy_from=previous if how == "last" else None,
                    examples=self.ctx.goal_examples() if how == "examples" else (),
                    lang=current_language(),
                )
            except (GoalError, StorageError) as exc:
                self.notify(str(exc), severity="error")
                return
            self.load()

        intro = t("goals.new.intro", month=self.month, previous=previous)
        self.app.push_screen(FormScreen(t("key.new_plan"), [field], intro=intro), done)

    def action_check_in(self) -> None:
        field = FormField("day", t("goals.f.day"), self.today.isoformat(), required=True)

        def validate(values: Values) -> list[str]:
            try:
                date.fromisoformat(values["day"])
            except ValueError:
                return [t("hist.err.date", value=values["day"])]
            return []

        def done(values: Values | None) -> None:
            if values is not None:
                self.post_message(
                    StartRun(StartRequest(check_in_day=date.fromisoformat(values["day"])))
                )

        self.app.push_screen(FormScreen(t("key.check_in"), [field], validate=validate), done)

    def action_month(self, by: int) -> None:
        self.month = shift_month(self.month, by)
        self.load()
