"""What the dashboard shows, kept small so the app opens as fast on five years of
history as on none.

The dashboard's figures (each checklist's latest own result, this week's goal rate and
streak, open and overdue actions, visits waiting for review) come from the run index,
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

DIGEST_FILE = "runs/digest.json"
DIGEST_VERSION = 1


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
class Digest:
    day: str
    latest: tuple[LatestResult, ...]
    goal: GoalToday
    actions: ActionsToday
    waiting: int
    signature: dict[str, Any] = field(default_factory=dict, compare=False)

    def latest_for(self, template_id: str) -> LatestResult | None:
        return next((r for r in self.latest if r.template_id == template_id), None)


def _signature(ctx: Context) -> dict[str, Any]:
    from storeops.actions import ACTIONS
    from storeops.goals import PLANS
    from storeops.run_record import RUNS

    store = ctx.store
    return {
        "version": DIGEST_VERSION,
        "runs": store.signature(RUNS),
        "actions": store.file_signature(f"{ACTIONS}.json"),
        "plans": store.file_signature(f"{PLANS}.json"),
        "templates": sorted(
            [lt.template.id, lt.template.hash] for lt in ctx.catalogue.templates.values()
        ),
    }


def compute(ctx: Context, today: date) -> Digest:
    """The figures, from the books (reads the index, this month's check-ins, actions)."""
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
        waiting=len(ctx.runs.awaiting_review()),
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
        saved = {**asdict(digest), "signature": signature}
        saved["check"] = _checksum(saved)
        with suppress(WriteFailed):  # a cache: the next start computes it again
            ctx.store.write_json(DIGEST_FILE, saved, compact=True, durable=False)
    return digest
