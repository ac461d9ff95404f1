"""What the dashboard shows, kept small so the app opens as fast on five years of
history as on none.

The dashboard's figures (what is due today, each scheduled checklist's runs on time this
month, each checklist's latest own result, this week's goal rate and streak, open and
overdue actions, visits waiting for review) come from the run index, the store's schedules,
this month's check-ins and the actions file: 4 MB to read and parse at five years. The
digest keeps just those figures in ``runs/digest.json``, with the signature of every
file they came from and the day they are for. Any finish, review, amendment, import,
action or plan change alters a signature, so a stale digest is never shown: it is
recomputed from the books, and saved for the next start. It is not saved while part of
the data could not be read: the books then read it again at every start, so the
dashboard names what is missing every time instead of showing figures that hide it.
"""

from __future__ import annotations

import hashlib
import json
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from storeops.storage import WriteFailed

if TYPE_CHECKING:
    from storeops.context import Context
    from storeops.due import Due
    from storeops.run_record import RunSummary
    from storeops.schedules import StoreSchedules
    from storeops.templates import Template

DIGEST_FILE = "runs/digest.json"
DIGEST_VERSION = 2  # 2: the due list and the month's on-time runs


@dataclass(frozen=True)
class LatestResult:
    template_id: str
    score: float | None
    band: tuple[str, str]  # the band's label, English and Chinese
    finished_at: str


@dataclass(frozen=True)
class GoalToday:
    week: int
    goal: str  # the week's behaviours (or goal), "" when the week has none
    checked_in: bool
    rate: float | None
    threshold: float
    streak: int


@dataclass(frozen=True)
class ActionsToday:
    open: int
    overdue: int
    first_overdue: tuple[tuple[str, str, str], ...]  # (due, owner, description), at most 3


@dataclass(frozen=True)
class OnTime:
    """A scheduled checklist's runs this month: on time, of those due (see :func:`on_time`)."""

    template_id: str
    on_time: int
    due: int


@dataclass(frozen=True)
class Digest:
    day: str
    latest: tuple[LatestResult, ...]
    goal: GoalToday
    actions: ActionsToday
    waiting: int
    due: tuple[Due, ...] = ()  # as ``storeops due`` lists them: overdue first
    on_time: tuple[OnTime, ...] = ()  # the scheduled checklists with a run due this month
    signature: dict[str, Any] = field(default_factory=dict, compare=False)

    def latest_for(self, template_id: str) -> LatestResult | None:
        return next((r for r in self.latest if r.template_id == template_id), None)


def _signature(ctx: Context) -> dict[str, Any]:
    from storeops.actions import ACTIONS
    from storeops.goals import PLANS
    from storeops.run_record import RUNS
    from storeops.schedules import SCHEDULES_FILE

    store = ctx.store
    return {
        "version": DIGEST_VERSION,
        "runs": store.signature(RUNS),
        "actions": store.file_signature(f"{ACTIONS}.json"),
        "plans": store.file_signature(f"{PLANS}.json"),
        "schedules": store.file_signature(SCHEDULES_FILE),
        "templates": sorted(
            [lt.template.id, lt.template.hash] for lt in ctx.catalogue.templates.values()
        ),
    }


def on_time(
    templates: list[Template],
    schedules: StoreSchedules,
    summaries: list[RunSummary],
    today: date,
) -> tuple[OnTime, ...]:
    """Per scheduled checklist, this month's runs done on time of those due
    (:func:`storeops.due.completion`), counted from the first of the month or the store's
    first finished run, whichever is later (a new store has missed nothing). The current
    period counts once it is done or its window has passed: a week still open is not late.
    """
    from datetime import timedelta

    from storeops.due import completion, period_of, run_day

    days: dict[str, list[date]] = {}
    for summary in summaries:
        day = run_day(summary)
        if day is not None and summary.own:
            days.setdefault(summary.template_id, []).append(day)
    first = min((day for found in days.values() for day in found), default=None)
    if first is None:
        return ()
    since = max(today.replace(day=1), first)
    found = []
    for template in templates:
        schedule = schedules.effective(template)
        if schedule is None:
            continue
        runs = days.get(template.id, [])
        current = period_of(schedule, today)
        done = sum(current.start <= day <= current.end for day in runs) >= schedule.times
        until = today if done or today > current.window_end else current.start - timedelta(1)
        made, due = completion(schedule, runs, schedules.closed, since, until)
        if due:
            found.append(OnTime(template.id, made, due))
    return tuple(found)


# The due list looks back 4 weeks (LOOK_BACK_DAYS) from the start of a period (a month at
# most) and the on-time count to the first of the month: no run older than this matters
# but the store's first (missed periods count from it) and each checklist's latest (a
# re-audit follows it).
RECENT_DAYS = 28 + 62


def recent(summaries: list[RunSummary], today: date) -> list[RunSummary]:
    """The store's own runs the due list and the on-time counts need: those of the last
    :data:`RECENT_DAYS`, the first ever, and each checklist's latest. Five years are about
    20,000 runs: the due list and the counts over all of them took 0.2 s; picking these
    takes about 20 ms, and the list over them 3. (Days are compared as ISO text, which
    sorts as the dates do.)"""
    from datetime import timedelta

    from storeops.due import run_day

    cutoff = (today - timedelta(days=RECENT_DAYS)).isoformat()
    kept: list[RunSummary] = []
    older: list[tuple[str, str, RunSummary]] = []  # (day, finished at, run)
    for summary in summaries:
        if summary.own:
            day = summary.day or summary.finished_at[:10]
            if day >= cutoff:
                kept.append(summary)
            else:
                older.append((day, summary.finished_at, summary))
    recent_ids = {summary.template_id for summary in kept}

    def ends(runs: list[tuple[str, str, RunSummary]]) -> list[RunSummary]:
        """The first of ``runs`` and the latest of each checklist with no recent run."""
        latest: dict[str, tuple[str, str, RunSummary]] = {}
        for entry in runs:
            template_id = entry[2].template_id
            if template_id not in recent_ids:
                best = latest.get(template_id)
                if best is None or entry[:2] > best[:2]:
                    latest[template_id] = entry
        first = min(runs, key=lambda entry: entry[:2])[2]
        found = [entry[2] for entry in latest.values()]
        return found if first in found else [*found, first]

    extra = ends(older) if older else []
    if any(run_day(summary) is None for summary in extra):  # a day that is not one: rare
        valid = [entry for entry in older if run_day(entry[2]) is not None]
        extra = ends(valid) if valid else []
    return kept + extra


def compute(ctx: Context, today: date) -> Digest:
    """The figures, from the books (reads the index, this month's check-ins, actions)."""
    from storeops.due import due_list
    from storeops.goals import today_status

    latest = []
    for loaded in ctx.catalogue.sorted():
        summary = ctx.runs.latest(loaded.template.id)
        if summary is not None:
            latest.append(
                LatestResult(
                    summary.template_id, summary.score, summary.band_label, summary.finished_at
                )
            )
    status = today_status(ctx.runs, ctx.goals, today)
    week = status.week
    goal_text = (
        "" if week.goal is None or week.goal.empty else (week.goal.behaviours or week.goal.goal)
    )
    open_actions = ctx.actions.find(today=today, open_only=True)
    overdue = [a for a in open_actions if a.overdue(today)]
    templates = [loaded.template for loaded in ctx.catalogue.sorted()]
    schedules = ctx.schedules.read()
    summaries = ctx.runs.summaries()
    needed = recent(summaries, today)
    return Digest(
        day=today.isoformat(),
        latest=tuple(latest),
        goal=GoalToday(
            week.number, goal_text, status.checked_in, week.rate, week.threshold, status.streak
        ),
        actions=ActionsToday(
            len(open_actions),
            len(overdue),
            tuple((a.due, a.owner, a.description) for a in overdue[:3]),
        ),
        waiting=sum(s.review_status == "submitted" for s in summaries),
        due=tuple(due_list(templates, schedules, needed, today)),
        on_time=on_time(templates, schedules, needed, today),
    )


def _checksum(doc: dict[str, Any]) -> str:
    body = {k: v for k, v in doc.items() if k != "check"}
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _sealed(doc: dict[str, Any]) -> bool:
    """Whether the saved digest is as written (a hand edit would show false figures)."""
    return doc.get("check") == _checksum(doc)


def _from_doc(doc: dict[str, Any]) -> Digest:
    """Raises KeyError, TypeError or ValueError on a doc :func:`dashboard_digest` did not
    write."""
    from storeops.due import Due

    goal, actions = doc["goal"], doc["actions"]
    return Digest(
        day=str(doc["day"]),
        latest=tuple(
            LatestResult(
                str(r["template_id"]),
                r["score"],
                (str(r["band"][0]), str(r["band"][1])),
                str(r["finished_at"]),
            )
            for r in doc["latest"]
        ),
        goal=GoalToday(
            int(goal["week"]),
            str(goal["goal"]),
            bool(goal["checked_in"]),
            goal["rate"],
            float(goal["threshold"]),
            int(goal["streak"]),
        ),
        actions=ActionsToday(
            int(actions["open"]),
            int(actions["overdue"]),
            tuple(
                (str(due), str(owner), str(text)) for due, owner, text in actions["first_overdue"]
            ),
        ),
        waiting=int(doc["waiting"]),
        due=tuple(
            Due(
                str(d["template_id"]),
                str(d["status"]),
                date.fromisoformat(d["due_on"]) if d["due_on"] else None,
                int(d["missed"]),
                str(d["reason"]),
                int(d["done"]),
                int(d["needed"]),
                bool(d["closed"]),
            )
            for d in doc["due"]
        ),
        on_time=tuple(
            OnTime(str(o["template_id"]), int(o["on_time"]), int(o["due"])) for o in doc["on_time"]
        ),
        signature=doc["signature"],
    )


def dashboard_digest(ctx: Context, today: date) -> Digest:
    """The dashboard's figures for ``today``: from the saved digest while nothing it came
    from has changed, else computed afresh (and saved, when the folder is writable)."""
    signature = _signature(ctx)
    doc = ctx.store.read_json(DIGEST_FILE)
    current = doc is not None and doc.get("signature") == signature
    if current and doc is not None and doc.get("day") == today.isoformat() and _sealed(doc):
        try:
            return _from_doc(doc)
        except (KeyError, TypeError, ValueError, IndexError):
            pass  # not ours (a hand edit): recomputed below
    digest = compute(ctx, today)
    if not ctx.store.readonly and not ctx.store.set_aside:
        saved = {**asdict(digest), "due": [d.to_json() for d in digest.due],
                 "signature": signature}  # fmt: skip
        saved["check"] = _checksum(saved)
        with suppress(WriteFailed):  # a cache: the next start computes it again
            ctx.store.write_json(DIGEST_FILE, saved, compact=True, durable=False)
    return digest
