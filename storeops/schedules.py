"""The store's own schedules: a template's default cadence changed or switched off, and the
days the store is closed. Kept in ``schedules.json``::

    {"templates": {"six-s": {"every": "week", "on": "tue"}, "csas": {"off": true}},
     "closed": ["2026-12-25", …]}

Anything in the file that does not make sense (a hand edit) is left out and named, never
guessed at; :mod:`storeops.storage` sets aside a file that is not JSON at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from storeops.i18n import Msg, t
from storeops.storage import DataStore
from storeops.templates import Schedule, Template, schedule_from

SCHEDULES_FILE = "schedules.json"
OFF = "off"


class ScheduleError(ValueError):
    """A schedule the user asked for that cannot be kept; the message is for them."""


@dataclass
class StoreSchedules:
    """What the store changed: per template a schedule or ``None`` (switched off)."""

    changed: dict[str, Schedule | None] = field(default_factory=dict)
    closed: set[date] = field(default_factory=set)
    problems: list[Msg] = field(default_factory=list)

    def effective(self, template: Template) -> Schedule | None:
        """The schedule in force for ``template``: the store's own, else the template's."""
        if template.id in self.changed:
            return self.changed[template.id]
        return template.schedule

    def source(self, template: Template) -> str:
        """``store`` (changed or off here), ``template`` (its default) or ``none``."""
        if template.id in self.changed:
            return "store"
        return "template" if template.schedule else "none"


def schedule_doc(schedule: Schedule) -> dict[str, Any]:
    doc: dict[str, Any] = {"every": schedule.every}
    if schedule.every == "week":
        doc["on"] = schedule.on
    if schedule.every == "month":
        doc["day"] = schedule.day
    if schedule.times != 1:
        doc["times"] = schedule.times
    if schedule.within_days is not None:
        doc["within_days"] = schedule.within_days
    return doc


def describe(schedule: Schedule | None) -> str:
    """A schedule in words, in the current language."""
    if schedule is None:
        return t("schedule.none")
    if schedule.every == "week":
        text = t("schedule.weekly", day=t(f"weekday.{schedule.on}"))
    elif schedule.every == "month":
        text = t("schedule.monthly", day=schedule.day)
    else:
        text = t("schedule.daily")
    if schedule.times > 1:
        text += t("schedule.times", times=schedule.times)
    if schedule.within_days is not None:
        text += t("schedule.within", days=schedule.within_days)
    return text


class ScheduleBook:
    def __init__(self, store: DataStore) -> None:
        self.store = store

    def read(self) -> StoreSchedules:
        data = self.store.read_json(SCHEDULES_FILE) or {}
        found = StoreSchedules()
        templates = data.get("templates", {})
        if not isinstance(templates, Mapping):
            templates = {}
            found.problems.append(Msg("schedule.err.file", what="templates"))
        for template_id, value in templates.items():
            if isinstance(value, Mapping) and value.get(OFF) is True:
                found.changed[str(template_id)] = None
                continue
            schedule, problems = schedule_from(value) if isinstance(value, Mapping) else (None, [1])
            if schedule is None or problems:
                found.problems.append(Msg("schedule.err.file", what=template_id))
                continue
            found.changed[str(template_id)] = schedule
        closed = data.get("closed", [])
        for text in closed if isinstance(closed, list) else [closed]:
            try:
                found.closed.add(date.fromisoformat(str(text)))
            except ValueError:
                found.problems.append(Msg("schedule.err.file", what=text))
        return found

    def _write(self, schedules: StoreSchedules) -> None:
        if schedules.problems:  # never write over what could not be read
            raise ScheduleError(
                t("schedule.err.unreadable", problems="; ".join(str(p) for p in schedules.problems))
            )
        templates = {
            tid: ({OFF: True} if s is None else schedule_doc(s))
            for tid, s in sorted(schedules.changed.items())
        }
        closed = [d.isoformat() for d in sorted(schedules.closed)]
        self.store.write_json(SCHEDULES_FILE, {"templates": templates, "closed": closed})

    def set(self, template_id: str, value: Mapping[str, Any]) -> Schedule:
        schedule, problems = schedule_from(value)
        if schedule is None:
            raise ScheduleError("\n".join(t(key, **fields) for key, fields in problems))
        schedules = self.read()
        schedules.changed[template_id] = schedule
        self._write(schedules)
        return schedule

    def switch_off(self, template_id: str) -> None:
        schedules = self.read()
        schedules.changed[template_id] = None
        self._write(schedules)

    def reset(self, template_id: str) -> None:
        """Back to the template's own schedule."""
        schedules = self.read()
        schedules.changed.pop(template_id, None)
        self._write(schedules)

    def set_closed(self, days: list[date], closed: bool = True) -> None:
        schedules = self.read()
        if closed:
            schedules.closed.update(days)
        else:
            schedules.closed.difference_update(days)
        self._write(schedules)
