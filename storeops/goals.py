"""Service goals: a month's plan of weekly behavioural goals, tracked by daily check-ins.

The training material's plan (seed 002): for each week a goal, the goal written as behaviours
(目标行为化), actions and a follow-up result; a month summary at the end. A week's goal is
measured every day by the daily check-in: of the opportunities observed, how often the
behaviour was done.

Whether a day met its goal is computed here, and only here: the day's rate against its
week's threshold. The manager never types it, and the check-in's score (the day's routine)
does not count it, so the goals grid, the dashboard, ``storeops goals show`` and the
check-in cannot disagree. A day without a count has no result (``met is None``).

Weeks run Monday to Sunday and belong to the month that holds their Thursday (as ISO
weeks do), so every week is whole and a month has four or five of them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta
from typing import Any

from storeops.i18n import t
from storeops.records import plan_fields, read_all
from storeops.runs import Run, RunBook
from storeops.storage import DataStore, SourceFile

PLANS = "goal_plans"
CHECK_TEMPLATE = "daily-service-check"
OPPORTUNITIES = "DG-08"  # goal behaviour: opportunities observed
DONE = "DG-09"  # … of which the behaviour was done
# DG-20, a typed and scored "today's goal achieved", was retired in the template's version 2;
# an older check-in's answer to it is ignored: every day's result comes from the counts.
DEFAULT_THRESHOLD = 80.0
GOAL_TYPES = ("weekly", "improvement")


class GoalError(ValueError):
    """A plan or check-in the user asked for that cannot be made; the message is for them."""


# --- calendar ------------------------------------------------------------------------


def parse_month(text: str) -> tuple[int, int]:
    try:
        year, month = (int(part) for part in text.split("-"))
        date(year, month, 1)
    except (ValueError, TypeError):
        raise GoalError(t("goals.err.month", value=text)) from None
    return year, month


def month_of(day: date) -> str:
    """The plan month a day belongs to: the month of its week's Thursday."""
    thursday = day + timedelta(days=3 - day.weekday())
    return f"{thursday.year:04d}-{thursday.month:02d}"


def month_weeks(month: str) -> list[tuple[date, date]]:
    """``(monday, sunday)`` of each week of the plan month, in order (four or five)."""
    year, number = parse_month(month)
    first = date(year, number, 1)
    thursday = first + timedelta(days=(3 - first.weekday()) % 7)
    weeks = []
    while thursday.month == number:
        monday = thursday - timedelta(days=3)
        weeks.append((monday, monday + timedelta(days=6)))
        thursday += timedelta(days=7)
    return weeks


def week_number(day: date) -> int:
    """1-based position of the day's week in its plan month."""
    monday = day - timedelta(days=day.weekday())
    for n, (start, _end) in enumerate(month_weeks(month_of(day)), start=1):
        if start == monday:
            return n
    raise AssertionError(day)  # every day's week is in its own month by construction


def shift_month(month: str, by: int) -> str:
    year, number = parse_month(month)
    index = year * 12 + (number - 1) + by
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


# --- the plan ------------------------------------------------------------------------


@dataclass
class WeekGoal:
    number: int
    goal: str = ""
    behaviours: str = ""
    goal_type: str = "weekly"
    measure: str = ""
    threshold: float = DEFAULT_THRESHOLD
    actions: str = ""
    follow_up: str = ""
    achieved: bool | None = None  # the manager's verdict at the end of the week

    @property
    def empty(self) -> bool:
        return not (self.goal or self.behaviours)


@dataclass
class MonthPlan:
    month: str
    weeks: list[WeekGoal]
    summary: str = ""
    next_goal: str = ""
    updated_at: str = ""

    def week(self, number: int) -> WeekGoal:
        for week in self.weeks:
            if week.number == number:
                return week
        raise GoalError(t("goals.err.week", number=number, month=self.month))

    def to_doc(self) -> dict[str, Any]:
        return {"id": self.month, **asdict(self)}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> MonthPlan:
        """The plan stored as ``doc``; raises :class:`~storeops.records.BadRecord` on a
        document of the wrong shape."""
        fields = plan_fields(doc, goal_types=GOAL_TYPES)
        return cls(**{**fields, "weeks": [WeekGoal(**week) for week in fields["weeks"]]})


def empty_plan(month: str) -> MonthPlan:
    return MonthPlan(month, [WeekGoal(n) for n in range(1, len(month_weeks(month)) + 1)])


def check_week(week: WeekGoal) -> list[str]:
    """What is wrong with a week's goal, for the person typing it."""
    problems = []
    if week.goal_type not in GOAL_TYPES:
        problems.append(t("goals.err.type", choices=" / ".join(GOAL_TYPES)))
    if not 0 < week.threshold <= 100:
        problems.append(t("goals.err.threshold"))
    if week.goal and not week.behaviours:
        problems.append(t("goals.err.behaviours"))
    return problems


@dataclass(frozen=True)
class GoalExample:
    """A sample week to start a plan from; ``ours`` when storeops wrote it (not the training
    material's example), as its ``source = "ours; …"`` says."""

    id: str
    title: tuple[str, str]
    goal: tuple[str, str]
    behaviours: tuple[str, str]
    goal_type: str
    measure: tuple[str, str]
    threshold: float
    actions: tuple[str, str]
    follow_up: tuple[str, str]
    ours: bool = False

    def as_week(self, number: int, lang: str) -> WeekGoal:
        """The example as a week of a plan, in ``lang``; its follow-up (the week's planned
        recognition, e.g. electing an ambassador) comes with it, the verdict stays open."""
        pick = 1 if lang == "zh" else 0
        return WeekGoal(
            number=number,
            goal=self.goal[pick] or self.goal[0],
            behaviours=self.behaviours[pick] or self.behaviours[0],
            goal_type=self.goal_type,
            measure=self.measure[pick] or self.measure[0],
            threshold=self.threshold,
            actions=self.actions[pick] or self.actions[0],
            follow_up=self.follow_up[pick] or self.follow_up[0],
        )


def parse_examples(source: SourceFile) -> list[GoalExample]:
    """The sample goals shipped with storeops (an unreadable file gives none)."""
    if source.error is not None:
        return []
    import tomllib  # only when the goals screen wants the examples: it costs every start 4 ms

    try:
        data = tomllib.loads(source.data.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError):
        return []

    def both(value: Any) -> tuple[str, str]:
        if isinstance(value, Mapping):
            return str(value.get("en", "")), str(value.get("zh", ""))
        return (str(value or ""), str(value or ""))

    examples = []
    for entry in data.get("examples", []):
        if not isinstance(entry, Mapping) or "id" not in entry:
            continue
        examples.append(
            GoalExample(
                id=str(entry["id"]),
                title=both(entry.get("title")),
                goal=both(entry.get("goal")),
                behaviours=both(entry.get("behaviours")),
                goal_type=str(entry.get("goal_type", "weekly")),
                measure=both(entry.get("measure")),
                threshold=float(entry.get("threshold", DEFAULT_THRESHOLD)),
                actions=both(entry.get("actions")),
                follow_up=both(entry.get("follow_up")),
                ours=str(entry.get("source", "")).strip().lower().startswith("ours"),
            )
        )
    return examples


class GoalBook:
    """Month plans in one data folder."""

    def __init__(self, store: DataStore) -> None:
        self.store = store

    def get(self, month: str) -> MonthPlan | None:
        """The month's plan. Every plan is read (they are few), so a plan that cannot be
        read is set aside and reported whichever month it was for."""
        parse_month(month)
        return next((plan for plan in reversed(self.all()) if plan.month == month), None)

    def all(self) -> list[MonthPlan]:
        """Every plan that can be read (one that cannot is set aside)."""
        return read_all(self.store.collection(PLANS), MonthPlan.from_doc)

    def save(self, plan: MonthPlan) -> MonthPlan:
        for week in plan.weeks:
            problems = check_week(week)
            if problems:
                raise GoalError("\n".join(problems))
        plan.updated_at = self.store.clock.now().isoformat()
        self.store.collection(PLANS).put(plan.to_doc())
        return plan

    def new_plan(
        self,
        month: str,
        *,
        copy_from: str | None = None,
        examples: Sequence[GoalExample] = (),
        lang: str = "en",
    ) -> MonthPlan:
        """A new month's plan: empty, copied from another month, or started from examples.

        Copied weeks keep goals, behaviours, measures and actions, never last month's
        follow-up or verdict; a month already planned is refused.
        """
        if self.get(month) is not None:
            raise GoalError(t("goals.err.exists", month=month))
        plan = empty_plan(month)
        if copy_from:
            source = self.get(copy_from)
            if source is None:
                raise GoalError(t("goals.err.no_plan", month=copy_from))
            for week, old in zip(plan.weeks, source.weeks, strict=False):
                plan.weeks[week.number - 1] = replace(old, number=week.number, follow_up="",
                                                      achieved=None)  # fmt: skip
        for n, example in enumerate(examples, start=1):
            if n <= len(plan.weeks):
                plan.weeks[n - 1] = example.as_week(n, lang)
        return self.save(plan)


# --- tracking --------------------------------------------------------------------------


@dataclass(frozen=True)
class DayStatus:
    day: date
    checked: bool
    late: bool
    opportunities: float
    done: float
    met: bool | None  # the day's rate reached its week's threshold; None: no check-in or no count

    @property
    def rate(self) -> float | None:
        return 100.0 * self.done / self.opportunities if self.opportunities > 0 else None


@dataclass(frozen=True)
class WeekProgress:
    number: int
    start: date
    end: date
    goal: WeekGoal | None
    days: tuple[DayStatus, ...]

    @property
    def opportunities(self) -> float:
        return sum(d.opportunities for d in self.days)

    @property
    def done(self) -> float:
        return sum(d.done for d in self.days)

    @property
    def rate(self) -> float | None:
        """Goal-behaviour rate so far: times done ÷ opportunities observed, in %."""
        return 100.0 * self.done / self.opportunities if self.opportunities > 0 else None

    @property
    def threshold(self) -> float:
        return self.goal.threshold if self.goal else DEFAULT_THRESHOLD

    @property
    def on_track(self) -> bool | None:
        return None if self.rate is None else self.rate >= self.threshold

    @property
    def checked_days(self) -> int:
        return sum(1 for d in self.days if d.checked)


@dataclass(frozen=True)
class MonthProgress:
    month: str
    plan: MonthPlan | None
    weeks: tuple[WeekProgress, ...]

    @property
    def weeks_achieved(self) -> int:
        return sum(1 for w in self.weeks if w.goal is not None and w.goal.achieved)


def check_in_day(run: Run) -> date | None:
    try:
        return date.fromisoformat(run.header.get("day", ""))
    except ValueError:
        return None


def is_late(run: Run) -> bool:
    """A check-in recorded after its day."""
    day = check_in_day(run)
    return day is not None and day.isoformat() < run.started_at[:10]


def _number(run: Run, item_id: str) -> float:
    answer = run.answer_for(item_id)
    if answer is None or answer.na or isinstance(answer.value, bool):
        return 0.0
    return float(answer.value) if isinstance(answer.value, int | float) else 0.0


def day_status(day: date, run: Run | None, threshold: float) -> DayStatus:
    """A day's figures: met when its rate (done ÷ opportunities) reaches ``threshold``.

    Nothing typed decides it, so no answer in the check-in can contradict it; a day with
    no opportunities counted has no result (the manager's judgement, DG-22, is text).
    """
    if run is None:
        return DayStatus(day, False, False, 0.0, 0.0, None)
    opportunities, done = _number(run, OPPORTUNITIES), _number(run, DONE)
    met = 100.0 * done / opportunities >= threshold if opportunities > 0 else None
    return DayStatus(day, True, is_late(run), opportunities, done, met)


def check_ins_by_day(runs: Iterable[Run]) -> dict[date, Run]:
    """Finished check-ins by their day (the latest finished wins if a day has two)."""
    found: dict[date, Run] = {}
    for run in sorted(runs, key=lambda r: r.finished_at or ""):
        day = check_in_day(run)
        if day is not None:
            found[day] = run
    return found


def _week_goal(plan: MonthPlan | None, number: int) -> WeekGoal | None:
    return plan.week(number) if plan and number <= len(plan.weeks) else None


def month_progress(
    month: str, plan: MonthPlan | None, check_ins: Mapping[date, Run]
) -> MonthProgress:
    weeks = []
    for number, (start, end) in enumerate(month_weeks(month), start=1):
        goal = _week_goal(plan, number)
        threshold = goal.threshold if goal else DEFAULT_THRESHOLD
        days = tuple(
            day_status(
                start + timedelta(days=k), check_ins.get(start + timedelta(days=k)), threshold
            )
            for k in range(7)
        )
        weeks.append(WeekProgress(number, start, end, goal, days))
    return MonthProgress(month, plan, tuple(weeks))


def streak(check_ins: Collection[date], today: date) -> int:
    """Days in a row with a check-in, ending today (or yesterday while today is still open)."""
    day = today if today in check_ins else today - timedelta(days=1)
    count = 0
    while day in check_ins:
        count += 1
        day -= timedelta(days=1)
    return count


@dataclass(frozen=True)
class Today:
    day: date
    week: WeekProgress
    checked_in: bool
    streak: int


def progress(book: RunBook, goals: GoalBook, month: str) -> MonthProgress:
    """A month's plan with every day's check-in, read from the data."""
    weeks = month_weeks(month)
    since, until = weeks[0][0], weeks[-1][1]
    # A late check-in is finished after its day: look a month past the end for those.
    runs = book.finished(template_id=CHECK_TEMPLATE, since=since, until=until + timedelta(days=31))
    return month_progress(month, goals.get(month), check_ins_by_day(runs))


def today_status(book: RunBook, goals: GoalBook, today: date) -> Today:
    """What the dashboard shows: this week's goal and rate, today's check-in, the streak."""
    month = month_of(today)
    weeks = month_weeks(month)
    # The week's rate needs the check-ins' answers: read only this month's (and late ones).
    recent = book.finished(template_id=CHECK_TEMPLATE, since=weeks[0][0], until=today)
    month_state = month_progress(month, goals.get(month), check_ins_by_day(recent))
    week = month_state.weeks[week_number(today) - 1]
    so_far = replace(week, days=tuple(d for d in week.days if d.day <= today))
    # The streak needs only which days have a check-in: the index knows.
    days: set[date] = set()
    for summary in book.summaries(template_id=CHECK_TEMPLATE):
        try:
            days.add(date.fromisoformat(summary.day))
        except ValueError:
            continue
    return Today(today, so_far, today in days, streak(days, today))


def check_in_status(goals: GoalBook, run: Run) -> DayStatus | None:
    """One check-in's day as the goals screen shows it (rate against its week's threshold);
    ``None`` when the run names no valid day. For a screen that shows a single check-in."""
    day = check_in_day(run)
    if day is None:
        return None
    goal = _week_goal(goals.get(month_of(day)), week_number(day))
    return day_status(day, run, goal.threshold if goal else DEFAULT_THRESHOLD)


def check_in_header(goals: GoalBook, day: date, today: date, manager: str) -> dict[str, str]:
    """Header values of a check-in for ``day``: the week's goal and actions filled in."""
    if day > today:
        raise GoalError(t("goals.err.future", day=day.isoformat()))
    plan = goals.get(month_of(day))
    header = {"day": day.isoformat(), "manager": manager}
    if plan is not None:
        week = plan.week(week_number(day))
        header["week_goal"] = week.behaviours or week.goal
        header["week_actions"] = week.actions
    return header


def existing_check_in(book: RunBook, day: date) -> Run | None:
    """A check-in already started or finished for ``day``."""
    for run in book.drafts():
        if run.template_id == CHECK_TEMPLATE and check_in_day(run) == day:
            return run
    finished = book.finished(template_id=CHECK_TEMPLATE, since=day - timedelta(days=62))
    for run in finished:
        if check_in_day(run) == day:
            return run
    return None


# --- as a person reads it (the goals screen and `storeops goals show` alike) -------------

DAY_MARK = {True: "✓", False: "✗", None: "·"}


def day_marks(week: WeekProgress, today: date) -> str:
    """One mark a day, Monday first: ✓ met, ✗ not met, ○ checked in without a count,
    · not checked, blank for days still to come."""
    marks = []
    for day in week.days:
        if day.day > today:
            marks.append(" ")
        elif not day.checked:
            marks.append("·")
        else:
            marks.append("○" if day.met is None else DAY_MARK[day.met])
    return "".join(marks)


def rate_text(week: WeekProgress) -> str:
    if week.rate is None:
        return "—"
    mark = "✓" if week.on_track else "✗"
    return f"{week.rate:.0f}% {mark} ({week.threshold:g}%)"
