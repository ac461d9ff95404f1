"""The one clock: the only place in storeops that reads the wall clock.

Every book, the app, the CLI and exports ask a :class:`Clock` for "now" and "today", so
that tests (and demos) can pin the date and the suite passes whatever the machine's
date is. ``STOREOPS_NOW`` (an ISO time, e.g. ``2026-11-20T09:00:00+08:00``) starts the
process's clock at that moment; it then runs on from there, so runs finished one after
the other still get increasing times.
"""

from __future__ import annotations

import os
import time as _time
from datetime import date, datetime, time, timedelta, tzinfo

from storeops.i18n import t

ENV_NOW = "STOREOPS_NOW"


class ClockError(ValueError):
    """A pinned time that cannot be read (``STOREOPS_NOW``)."""


class Clock:
    """Now, today and the local zone.

    ``Clock()`` is the system clock. ``Clock(start=…)`` is pinned: it starts at ``start``
    and, unless ``running=False``, runs on in real time from there (so the date stays the
    pinned one for a test's duration). A stopped clock moves only by :meth:`set` and
    :meth:`advance`.
    """

    def __init__(
        self,
        *,
        start: datetime | None = None,
        running: bool = True,
        zone: tzinfo | None = None,
    ) -> None:
        if start is not None and start.tzinfo is None:
            start = start.astimezone() if zone is None else start.replace(tzinfo=zone)
        self._start = start
        self._running = running
        self._origin = _time.monotonic()
        self._zone = zone if zone is not None else (start.tzinfo if start else None)

    @classmethod
    def pinned(cls, moment: datetime | date | str, *, running: bool = False) -> Clock:
        """A clock pinned at ``moment`` (a date means 09:00 that day, in the local zone)."""
        if isinstance(moment, str):
            moment = _parse(moment)
        if not isinstance(moment, datetime):
            moment = datetime.combine(moment, time(9, 0))
        return cls(start=moment, running=running)

    @classmethod
    def from_env(cls) -> Clock:
        """The system clock, or the one ``STOREOPS_NOW`` pins (running on from there)."""
        value = os.environ.get(ENV_NOW, "").strip()
        if not value:
            return cls()
        return cls.pinned(value, running=True)

    @property
    def is_pinned(self) -> bool:
        return self._start is not None

    @property
    def zone(self) -> tzinfo:
        """The store's local time zone."""
        if self._zone is not None:
            return self._zone
        zone = datetime.now().astimezone().tzinfo
        assert zone is not None
        return zone

    def now(self) -> datetime:
        """The current local time, aware, to the second."""
        if self._start is None:
            moment = datetime.now().astimezone()
        else:
            moment = self._start
            if self._running:
                moment += timedelta(seconds=_time.monotonic() - self._origin)
        return moment.replace(microsecond=0)

    def today(self) -> date:
        return self.now().date()

    def at(self, day: date, clock_time: time) -> datetime:
        """``day`` at ``clock_time`` in the local zone, aware."""
        return datetime.combine(day, clock_time).replace(tzinfo=self.zone)

    def monotonic(self) -> float:
        """Seconds for measuring a duration (the stopwatch): never jumps with the clock."""
        return _time.monotonic()

    def set(self, moment: datetime | date | str) -> None:
        """Move a pinned clock to ``moment`` (tests)."""
        other = Clock.pinned(moment, running=self._running)
        self._start, self._zone, self._origin = other._start, other._zone, other._origin

    def advance(self, delta: timedelta) -> None:
        """Move a pinned clock on by ``delta`` (tests)."""
        if self._start is None:
            raise ClockError(t("clock.err.system"))
        self._start += delta


def _parse(text: str) -> datetime | date:
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text)
    except ValueError:
        raise ClockError(t("clock.err.env", name=ENV_NOW, value=text)) from None


SYSTEM = Clock()
