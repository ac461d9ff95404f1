"""The monthly analysis of complaints (pure): counts by category, cause, product or staff
member with a Pareto (cumulative %), month over month, the days to close, the follow-up calls
made on time.

Seed ``003_4707213cb979b91f.txt`` (顾客抱怨信息管理支持系统): statistics every month or quarter
by content, defect, product and department, with a Pareto chart (排列图: "两个纵坐标、几个直方块
和一条折线" — bars of counts, most first, and the line of the cumulative %); a responsible
person and a deadline for each; measure the effect. The complaint count is a figure to chart,
not a target (seed ``001_88f3e8534b30bd7b.txt``, P-079 chart item 5 and P-100: welcome
complaints): nothing here passes or fails a store on it.

Ours: a complaint counts in the month it was received; its days to close run from the day it
was received to the day it was (last) closed; a follow-up call is on time when it was made on
or before its due day (a call that found no one does not count as made).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from storeops.complaints import CATEGORIES, CAUSES, DONE_OUTCOMES, UNHAPPY, Complaint
from storeops.i18n import t
from storeops.scoring import round1

BY: tuple[str, ...] = ("category", "cause", "product", "staff")
_CALLS_MADE = (*DONE_OUTCOMES, UNHAPPY)


@dataclass(frozen=True)
class ParetoRow:
    key: str  # the category or cause key, the product or the staff member ("" none given)
    label: str  # in the current language
    count: int
    percent: float  # of all complaints counted, one decimal
    cumulative: float


@dataclass(frozen=True)
class MonthCount:
    month: str  # YYYY-MM
    count: int
    change: int | None  # against the month before (None for the first month shown)


@dataclass(frozen=True)
class ComplaintAnalysis:
    by: str
    total: int
    pareto: tuple[ParetoRow, ...]
    months: tuple[MonthCount, ...]
    closed: int
    mean_days_to_close: float | None
    calls_due: int  # follow-up calls whose day has come
    calls_on_time: int
    reopened: int

    def to_json(self) -> dict[str, object]:
        return {
            "by": self.by, "total": self.total,
            "pareto": [{"key": r.key, "label": r.label, "count": r.count,
                        "percent": r.percent, "cumulative": r.cumulative}
                       for r in self.pareto],
            "months": [{"month": m.month, "count": m.count, "change": m.change}
                       for m in self.months],
            "closed": self.closed, "mean_days_to_close": self.mean_days_to_close,
            "follow_ups_due": self.calls_due, "follow_ups_on_time": self.calls_on_time,
            "reopened": self.reopened,
        }  # fmt: skip


def key_of(complaint: Complaint, by: str) -> str:
    """What a complaint is counted under: its category, cause, product or staff member."""
    if by not in BY:
        raise ValueError(t("complaint.err.by", choices=", ".join(BY)))
    return str(getattr(complaint, by)).strip()


def label_of(key: str, by: str) -> str:
    """A key as a person reads it, in the current language."""
    if by == "category" and key in CATEGORIES:
        return t(f"complaint.category.{key}")
    if by == "cause" and key in CAUSES:
        return t(f"complaint.cause.{key}")
    return key or t("complaint.report.not_given")


def pareto(complaints: Sequence[Complaint], by: str) -> list[ParetoRow]:
    """Counts under ``by``, most first (ties by key), with % and cumulative % of all."""
    counts = Counter(key_of(c, by) for c in complaints)
    total = sum(counts.values())
    rows, running = [], 0
    for key, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        running += count
        rows.append(ParetoRow(key, label_of(key, by), count, round1(100 * count / total),
                              round1(100 * running / total)))  # fmt: skip
    return rows


def _months_between(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    found = []
    while f"{year:04d}-{month:02d}" <= last:
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def month_over_month(
    complaints: Sequence[Complaint], since: date | None = None, until: date | None = None
) -> list[MonthCount]:
    """Complaints received per month, every month of the period shown (a month without
    any is 0), each with its change against the month before."""
    counts = Counter(c.received_on[:7] for c in complaints)
    first = since.isoformat()[:7] if since else min(counts, default="")
    last = until.isoformat()[:7] if until else max(counts, default="")
    if not first or not last:
        return []
    rows: list[MonthCount] = []
    for month in _months_between(first, last):
        count = counts.get(month, 0)
        rows.append(MonthCount(month, count, count - rows[-1].count if rows else None))
    return rows


def mean_days_to_close(complaints: Sequence[Complaint]) -> float | None:
    """The mean days from receiving to closing, over the closed complaints (one decimal)."""
    days = [d for c in complaints if (d := c.days_to_close()) is not None]
    return round1(sum(days) / len(days)) if days else None


def calls_on_time(complaints: Sequence[Complaint], today: date) -> tuple[int, int]:
    """(calls made on or before their due day, calls whose due day has come): each closing
    set one call due; a call that reached the customer (or found them still unhappy) made
    it."""
    due = on_time = 0
    for complaint in complaints:
        dues = {str(e.get("follow_up_due") or "") for e in complaint.history
                if e.get("kind") == "closed"}  # fmt: skip
        dues.discard("")
        made: dict[str, str] = {}
        for call in complaint.follow_ups:
            if call.get("outcome") in _CALLS_MADE:
                when, owed = str(call.get("at") or "")[:10], str(call.get("due") or "")
                made[owed] = min(made.get(owed, when), when)
        for owed in dues:
            if owed <= today.isoformat():
                due += 1
                on_time += owed in made and made[owed] <= owed
    return on_time, due


def analyse(
    complaints: Sequence[Complaint],
    by: str,
    today: date,
    since: date | None = None,
    until: date | None = None,
) -> ComplaintAnalysis:
    """The analysis of the complaints received in the period (the caller selects them)."""
    made, due = calls_on_time(complaints, today)
    return ComplaintAnalysis(
        by=by,
        total=len(complaints),
        pareto=tuple(pareto(complaints, by)),
        months=tuple(month_over_month(complaints, since, until)),
        closed=sum(1 for c in complaints if c.closed),
        mean_days_to_close=mean_days_to_close(complaints),
        calls_due=due,
        calls_on_time=made,
        reopened=sum(1 for c in complaints if c.reopened),
    )
