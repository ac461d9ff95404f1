"""What is due: per checklist, from its schedule, the store's closed days, a re-audit after a
bad result, and the runs finished. Pure: the caller gives the summaries and today.

A checklist scheduled every day, week (due on a weekday) or month (due on a day) needs
``times`` runs in each period. In the current period it is ``done`` once it has them,
``overdue`` once its window has passed (``within_days`` after the due day; by default the
period's end), else ``due``; a period whose every day is closed is not scheduled. A past
period of the last four weeks that ended without its runs is ``missed`` (counted from the
store's first finished run, so a new store has missed nothing). A run finished in the band a
template's ``reaudit`` names makes the checklist due again within its days (reason
``re-audit``) until a later run is finished. A run's day is its header's day (the daily
check-in) or the day it was finished; only the store's own runs count.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from storeops.run_record import RunSummary
from storeops.schedules import StoreSchedules
from storeops.templates import WEEKDAYS, Schedule, Template

LOOK_BACK_DAYS = 28  # "missed in the last 4 weeks"
DUE, OVERDUE, DONE, NOT_SCHEDULED = "due", "overdue", "done", "not_scheduled"
SCHEDULE, REAUDIT = "schedule", "re-audit"
STATUS_ORDER = {OVERDUE: 0, DUE: 1, DONE: 2, NOT_SCHEDULED: 3}


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    due_on: date
    window_end: date  # a run on or before this day is on time


@dataclass(frozen=True)
class Due:
    template_id: str
    status: str
    due_on: date | None
    missed: int
    reason: str  # "schedule", "re-audit", or "" when not scheduled
    done: int = 0  # runs in the current period
    needed: int = 0  # runs the current period needs
    closed: bool = False  # not scheduled because the store is closed

    def to_json(self) -> dict[str, object]:
        return {
            "template_id": self.template_id, "status": self.status,
            "due_on": self.due_on.isoformat() if self.due_on else None, "missed": self.missed,
            "reason": self.reason, "done": self.done, "needed": self.needed,
            "closed": self.closed,
        }  # fmt: skip


def period_of(schedule: Schedule, day: date) -> Period:
    if schedule.every == "week":
        start = day - timedelta(days=day.weekday())
        end = start + timedelta(days=6)
        due_on = start + timedelta(days=WEEKDAYS.index(schedule.on))
    elif schedule.every == "month":
        start = day.replace(day=1)
        end = day.replace(day=calendar.monthrange(day.year, day.month)[1])
        due_on = start.replace(day=min(schedule.day, end.day))
    else:
        start = end = due_on = day
    if schedule.within_days is None:
        window_end = end
    else:
        window_end = due_on + timedelta(days=schedule.within_days)
    return Period(start, end, due_on, window_end)


def run_day(summary: RunSummary) -> date | None:
    text = summary.day or summary.finished_at[:10]
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _days(period: Period) -> Iterable[date]:
    day = period.start
    while day <= period.end:
        yield day
        day += timedelta(days=1)


def _all_closed(period: Period, closed: set[date]) -> bool:
    return bool(closed) and all(day in closed for day in _days(period))


def due_list(
    templates: Sequence[Template],
    schedules: StoreSchedules,
    summaries: Iterable[RunSummary],
    today: date,
) -> list[Due]:
    """One entry per template, overdue first, then due, done and not scheduled."""
    by_template: dict[str, list[tuple[date, RunSummary]]] = {}
    first: date | None = None
    for summary in summaries:
        day = run_day(summary)
        if day is None or not summary.own:
            continue
        by_template.setdefault(summary.template_id, []).append((day, summary))
        first = day if first is None or day < first else first
    found = [
        _due(template, schedules, sorted(by_template.get(template.id, []), key=_when), today, first)
        for template in templates
    ]
    return sorted(found, key=lambda d: (STATUS_ORDER[d.status], d.due_on or date.max))


def _when(entry: tuple[date, RunSummary]) -> tuple[date, str]:
    return entry[0], entry[1].finished_at


def _due(
    template: Template,
    schedules: StoreSchedules,
    runs: list[tuple[date, RunSummary]],
    today: date,
    first: date | None,
) -> Due:
    schedule = schedules.effective(template)
    reaudit = _reaudit(template, runs, today)
    if schedule is None:
        return reaudit or Due(template.id, NOT_SCHEDULED, None, 0, "")
    current = period_of(schedule, today)
    days = [day for day, _ in runs]
    done = sum(current.start <= day <= current.end for day in days)
    missed = _missed(schedule, days, schedules.closed, today, current, first)
    if reaudit is not None:
        return Due(template.id, reaudit.status, reaudit.due_on, missed, REAUDIT, done,
                   schedule.times)  # fmt: skip
    if _all_closed(current, schedules.closed):
        return Due(template.id, NOT_SCHEDULED, None, missed, SCHEDULE, done, 0, closed=True)
    if done >= schedule.times:
        status = DONE
    elif today > current.window_end:
        status = OVERDUE
    else:
        status = DUE
    return Due(template.id, status, current.due_on, missed, SCHEDULE, done, schedule.times)


def _reaudit(template: Template, runs: list[tuple[date, RunSummary]], today: date) -> Due | None:
    rule = template.reaudit
    if rule is None or not runs:
        return None
    day, latest = runs[-1]
    if latest.band != rule.band:
        return None
    due_on = day + timedelta(days=rule.within_days)
    status = OVERDUE if today > due_on else DUE
    return Due(template.id, status, due_on, 0, REAUDIT)


def _missed(
    schedule: Schedule,
    days: list[date],
    closed: set[date],
    today: date,
    current: Period,
    first: date | None,
) -> int:
    if first is None:
        return 0
    missed = 0
    since = max(today - timedelta(days=LOOK_BACK_DAYS), first)
    period = period_of(schedule, current.start - timedelta(days=1))
    while period.end >= since:
        if period.start >= first and not _all_closed(period, closed):
            count = sum(period.start <= day <= period.end for day in days)
            if count < schedule.times:
                missed += 1
        period = period_of(schedule, period.start - timedelta(days=1))
    return missed


def on_time(schedule: Schedule, day: date) -> tuple[date, bool]:
    """The due day of the period a run on ``day`` belongs to, and whether it was on time."""
    period = period_of(schedule, day)
    return period.due_on, day <= period.window_end


def completion(
    schedule: Schedule,
    days: Iterable[date],
    closed: set[date],
    since: date,
    until: date,
) -> tuple[int, int]:
    """(runs on time, runs due) over the periods due between ``since`` and ``until``:
    each period due then needs ``times`` runs; a run counts if it was within the window."""
    ordered = sorted(days)
    on_time_count = due_count = 0
    period = period_of(schedule, until)
    while period.end >= since:
        if since <= period.due_on <= until and not _all_closed(period, closed):
            due_count += schedule.times
            within = sum(period.start <= d <= period.window_end for d in ordered)
            on_time_count += min(schedule.times, within)
        period = period_of(schedule, period.start - timedelta(days=1))
    return on_time_count, due_count
