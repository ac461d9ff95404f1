"""Corrective actions: raised on a failed item, followed until the manager verifies them.

Status goes Open → In progress → Done → Verified; every change is kept in ``history``
with who and when, so the list can be shown to an area manager as evidence.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from storeops.i18n import t
from storeops.records import action_fields, read_all, read_one
from storeops.storage import DataStore

ACTIONS = "actions"
STATUSES: tuple[str, ...] = ("open", "in_progress", "done", "verified")
PRIORITIES: tuple[str, ...] = ("high", "medium", "low")


class ActionError(ValueError):
    """An action the user asked for that cannot be done; the message is for them."""


@dataclass
class CorrectiveAction:
    id: str
    run_id: str
    template_id: str
    item_id: str
    store_code: str
    description: str
    owner: str
    due: str  # ISO date
    priority: str
    created_at: str
    status: str = "open"
    history: list[dict[str, Any]] = field(default_factory=list)

    @property
    def closed(self) -> bool:
        return self.status in ("done", "verified")

    def overdue(self, today: date) -> bool:
        return not self.closed and self.due < today.isoformat()

    def to_doc(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> CorrectiveAction:
        """The action stored as ``doc``; raises :class:`~storeops.records.BadRecord` on a
        document of the wrong shape."""
        return cls(**action_fields(doc, statuses=STATUSES, priorities=PRIORITIES))


def parse_due(text: str, today: date) -> date:
    """A due date typed as ``YYYY-MM-DD`` or ``+N`` days; raises :class:`ActionError`."""
    text = text.strip()
    try:
        if text.startswith("+") and text[1:].isdigit():
            return date.fromordinal(today.toordinal() + int(text[1:]))
        return date.fromisoformat(text)
    except ValueError:
        raise ActionError(t("action.err.due", value=text)) from None


class ActionBook:
    """Raising, updating and finding corrective actions in one data folder."""

    def __init__(self, store: DataStore) -> None:
        self.store = store

    def _save(self, action: CorrectiveAction) -> None:
        self.store.collection(ACTIONS).put(action.to_doc())

    def raise_action(
        self,
        *,
        run_id: str,
        template_id: str,
        item_id: str,
        store_code: str,
        description: str,
        owner: str,
        due: date,
        priority: str = "medium",
        by: str = "",
        now: datetime | None = None,
    ) -> CorrectiveAction:
        if not description.strip():
            raise ActionError(t("action.err.description"))
        if not owner.strip():
            raise ActionError(t("action.err.owner"))
        if priority not in PRIORITIES:
            raise ActionError(t("action.err.priority", choices=", ".join(PRIORITIES)))
        stamp = (now or self.store.clock.now()).isoformat()
        action = CorrectiveAction(
            id=uuid.uuid4().hex[:10],
            run_id=run_id,
            template_id=template_id,
            item_id=item_id,
            store_code=store_code,
            description=description.strip(),
            owner=owner.strip(),
            due=due.isoformat(),
            priority=priority,
            created_at=stamp,
            history=[{"status": "open", "at": stamp, "by": by}],
        )
        self._save(action)
        return action

    def set_status(
        self, action_id: str, status: str, *, by: str, note: str = "", now: datetime | None = None
    ) -> CorrectiveAction:
        """Move an action on; only the manager's verification may follow Done."""
        if status not in STATUSES:
            raise ActionError(t("action.err.status", choices=", ".join(STATUSES)))
        action = self.get(action_id)
        if status == "verified" and action.status != "done":
            raise ActionError(t("action.err.verify_before_done"))
        stamp = (now or self.store.clock.now()).isoformat()
        action.status = status
        action.history.append({"status": status, "at": stamp, "by": by, "note": note})
        self._save(action)
        return action

    def get(self, action_id: str) -> CorrectiveAction:
        action = read_one(self.store.collection(ACTIONS), action_id, CorrectiveAction.from_doc)
        if action is None:
            raise ActionError(t("action.err.not_found", id=action_id))
        return action

    def all(self) -> list[CorrectiveAction]:
        """Every action that can be read (one that cannot is set aside)."""
        actions = read_all(self.store.collection(ACTIONS), CorrectiveAction.from_doc)
        return sorted(actions, key=lambda a: (a.closed, a.due, a.created_at))

    def find(
        self,
        *,
        today: date,
        open_only: bool = False,
        overdue_only: bool = False,
        owner: str | None = None,
        run_id: str | None = None,
    ) -> list[CorrectiveAction]:
        found = []
        for action in self.all():
            if open_only and action.closed:
                continue
            if overdue_only and not action.overdue(today):
                continue
            if owner and owner.casefold() != action.owner.casefold():
                continue
            if run_id and action.run_id != run_id:
                continue
            found.append(action)
        return found
