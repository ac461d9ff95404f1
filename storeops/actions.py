"""Corrective actions: raised on a failed item, followed until the manager verifies them.

Status goes Open → In progress → Done → Verified; a done or verified action can be
reopened, with a reason. Every change is kept in ``history`` with who and when (a
status change with its note, an edit of the owner, due date or priority with what it
changed, a reopening with its reason), so the list can be shown to an area manager as
evidence. Each change is one write of the actions file: it happens whole or not at all.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storeops.i18n import t
from storeops.records import action_fields, read_all, read_one
from storeops.storage import DataStore

if TYPE_CHECKING:
    from storeops.runs import RunBook

ACTIONS = "actions"
STATUSES: tuple[str, ...] = ("open", "in_progress", "done", "verified")
PRIORITIES: tuple[str, ...] = ("high", "medium", "low")
EDITABLE: tuple[str, ...] = ("owner", "due", "priority")  # what an edit may change
# What a history entry records (its ``kind``). Entries written before kinds existed
# have none: the first is the raising, every other a status change.
RAISED, MOVED, EDITED, REOPENED = "raised", "moved", "edited", "reopened"


COMPLAINTS_SOURCE = "complaints"  # template_id of an action raised on a complaint
EVIDENCE_LIMIT = 50 * 2**20  # bytes of one evidence file: a phone photo is a few MB
EVIDENCE = "evidence"  # a history entry that attaches files without moving the action on


def evidence_of(action: CorrectiveAction) -> list[dict[str, Any]]:
    """Every evidence file attached to the action, oldest first."""
    return [f for e in action.history for f in e.get("evidence") or () if isinstance(f, dict)]


class ActionError(ValueError):
    """An action the user asked for that cannot be done; the message is for them."""


@dataclass(frozen=True)
class Verification:
    """Who verified a verified action, and when (an ISO date and time)."""

    by: str
    at: str

    @property
    def day(self) -> str:
        return self.at[:10]

    def __str__(self) -> str:
        if self.by and self.day:
            return t("action.verified_by", by=self.by, day=self.day)
        if self.day:  # verified before the name was asked
            return t("action.verified_on", day=self.day)
        return t("action.status.verified")


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

    @property
    def verification(self) -> Verification | None:
        """Who verified it and when, while it is verified (the last verification in the
        history; an old record that has none shows no name and no time)."""
        if self.status != "verified":
            return None
        for n in range(len(self.history) - 1, -1, -1):
            entry = self.history[n]
            if entry_kind(entry, n) == MOVED and entry.get("status") == "verified":
                return Verification(str(entry.get("by") or ""), str(entry.get("at") or ""))
        return Verification("", "")

    def status_text(self) -> str:
        """The status in the current language; a verified one says by whom and when."""
        found = self.verification
        return str(found) if found is not None else t(f"action.status.{self.status}")

    def to_doc(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> CorrectiveAction:
        """The action stored as ``doc``; raises :class:`~storeops.records.BadRecord` on a
        document of the wrong shape."""
        return cls(**action_fields(doc, statuses=STATUSES, priorities=PRIORITIES))


def entry_kind(entry: Mapping[str, Any], index: int) -> str:
    """What the ``index``-th history entry records: :data:`RAISED`, :data:`MOVED`,
    :data:`EDITED`, :data:`REOPENED` or :data:`EVIDENCE`."""
    kind = entry.get("kind")
    if kind in (RAISED, MOVED, EDITED, REOPENED, EVIDENCE):
        return str(kind)
    return RAISED if index == 0 else MOVED


def shown_value(name: str, value: str) -> str:
    """A field's value as a person reads it (a priority in the current language)."""
    if name == "priority" and value in PRIORITIES:
        return t(f"action.priority.{value}")
    return value or "—"


def describe_entry(entry: Mapping[str, Any], index: int) -> str:
    """What one history entry records, in the current language, without who and when."""
    kind = entry_kind(entry, index)
    status = str(entry.get("status") or "")
    note = str(entry.get("note") or "")
    if kind == EDITED:
        changes = entry.get("changes") or {}
        parts = [
            t("action.change", field=t(f"action.col.{name}"),
              old=shown_value(name, str(change.get("from") or "")),
              new=shown_value(name, str(change.get("to") or "")))
            for name, change in changes.items() if name in EDITABLE
        ]  # fmt: skip
        return t("action.hist.edited", changes="; ".join(parts) or "—")
    if kind == REOPENED:
        return t("action.hist.reopened", reason=note or "—")
    files = ", ".join(str(f.get("name", "")) for f in entry.get("evidence") or ())
    if kind == EVIDENCE:
        text = t("action.hist.evidence", files=files)
        return t("action.hist.note", text=text, note=note) if note else text
    label = t(f"action.status.{status}") if status in STATUSES else status or "—"
    text = t("action.hist.raised" if kind == RAISED else "action.hist.moved", status=label)
    if files:
        text += " · " + t("action.hist.evidence", files=files)
    return t("action.hist.note", text=text, note=note) if note else text


def history_lines(action: CorrectiveAction) -> list[str]:
    """Each history entry as ``when · who · what`` (oldest first)."""
    lines = []
    for n, entry in enumerate(action.history):
        when = str(entry.get("at") or "")[:16].replace("T", " ") or "—"
        by = str(entry.get("by") or "") or "—"
        lines.append(f"{when} · {by} · {describe_entry(entry, n)}")
    return lines


def needs_evidence(action: CorrectiveAction, runs: RunBook) -> bool:
    """Whether the failed item's template asks for evidence to close the action
    (``on_fail = { evidence = true }``)."""
    from storeops.runs import RunError

    try:
        template = runs.template_for(runs.get(action.run_id))
        return template.item(action.item_id).on_fail.evidence
    except (RunError, KeyError):
        return False


def item_label(action: CorrectiveAction) -> str:
    """What a list shows in the item column: the checklist item's id, or for an action on a
    complaint its cause in the current language (the id would be ``environment``)."""
    if action.template_id == COMPLAINTS_SOURCE:
        from storeops.complaints import CAUSES

        if action.item_id in CAUSES:
            return t(f"complaint.cause.{action.item_id}")
    return action.item_id


def item_text(action: CorrectiveAction, runs: RunBook) -> str:
    """The failed item's text in the current language, from the template the action's
    run was made with (or the current template of that id when the run is gone); ``""``
    when neither has the item."""
    from storeops.runs import RunError

    if action.template_id == COMPLAINTS_SOURCE:  # raised on a complaint, not a checklist
        from storeops.complaints import ComplaintBook, ComplaintError

        try:
            return ComplaintBook(runs.store).get(action.run_id).description
        except ComplaintError:
            return ""
    try:
        template = runs.template_for(runs.get(action.run_id))
    except (RunError, KeyError):
        loaded = runs.catalogue.templates.get(action.template_id)
        if loaded is None:
            return ""
        template = loaded.template
    try:
        return str(template.item(action.item_id).text)
    except KeyError:
        return ""


def check_move(action: CorrectiveAction, status: str) -> None:
    """Raise :class:`ActionError` unless ``action`` may move on to ``status``: forward
    only, and to Verified only from Done. Done again is allowed: it adds a further note
    on the work done."""
    if status not in STATUSES:
        raise ActionError(t("action.err.status", choices=", ".join(STATUSES)))
    if status == action.status and status != "done":
        raise ActionError(t("action.err.already", status=t(f"action.status.{status}")))
    if status == "verified" and action.status != "done":
        raise ActionError(t("action.err.verify_before_done"))
    if STATUSES.index(status) < STATUSES.index(action.status):
        raise ActionError(t("action.err.backwards"))


def check_reopen(action: CorrectiveAction) -> None:
    """Raise :class:`ActionError` unless ``action`` is done or verified."""
    if not action.closed:
        raise ActionError(t("action.err.reopen_open"))


def check_edit(action: CorrectiveAction) -> None:
    """Raise :class:`ActionError` if ``action`` is verified (its evidence stays as it was
    verified; reopening it first keeps the reason)."""
    if action.status == "verified":
        raise ActionError(t("action.err.edit_verified"))


def detail_fields(action: CorrectiveAction, today: date, item: str) -> list[tuple[str, str]]:
    """``(label, value)`` of what one action is, in the current language, always the
    same labels in the same order; ``item``: the item's text (see :func:`item_text`)."""
    due = t("action.detail.overdue", due=action.due) if action.overdue(today) else action.due
    raised = action.history[0] if action.history else {}
    when = (action.created_at or str(raised.get("at") or ""))[:16].replace("T", " ")
    by = str(raised.get("by") or "")
    return [
        (t("action.col.item"), f"{action.item_id} {item or t('action.detail.no_item')}"),
        (t("action.col.description"), action.description or "—"),
        (t("action.col.owner"), action.owner or "—"),
        (t("action.col.due"), due),
        (t("action.col.priority"), shown_value("priority", action.priority)),
        (t("action.col.status"), action.status_text()),
        (t("action.detail.raised"), f"{when or '—'} · {by}" if by else when or "—"),
    ]


def parse_due(text: str, today: date) -> date:
    """A due date typed as ``YYYY-MM-DD`` or ``+N`` days; raises :class:`ActionError`."""
    text = text.strip()
    try:
        if text.startswith("+") and text[1:].isdigit():
            return date.fromordinal(today.toordinal() + int(text[1:]))
        return date.fromisoformat(text)
    except (ValueError, OverflowError):
        raise ActionError(t("action.err.due", value=text)) from None


class ActionBook:
    """Raising, updating and finding corrective actions in one data folder.

    Every change reads the action afresh, builds the changed copy and writes it in one
    atomic write; a write that fails leaves the file, and the action, as they were.
    """

    def __init__(self, store: DataStore, new_id: Callable[[], str] | None = None) -> None:
        self.store = store
        # A new action's id (the demo passes its own, so a demo store is the same each time).
        self.new_id = new_id or (lambda: uuid.uuid4().hex[:10])

    def _save(self, action: CorrectiveAction) -> None:
        self.store.collection(ACTIONS).put(action.to_doc())

    def _stamp(self, now: datetime | None) -> str:
        return (now or self.store.clock.now()).isoformat()

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
        stamp = self._stamp(now)
        action = CorrectiveAction(
            id=self.new_id(),
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

    def _changed(self, action: CorrectiveAction, entry: dict[str, Any]) -> CorrectiveAction:
        """``action`` with ``entry`` added to its history (and its status), written."""
        changed = replace(action, status=entry["status"], history=[*action.history, entry])
        self._save(changed)
        return changed

    def set_status(
        self,
        action_id: str,
        status: str,
        *,
        by: str,
        note: str = "",
        now: datetime | None = None,
        evidence: Sequence[tuple[str, bytes]] = (),
        needs_evidence: bool = False,
    ) -> CorrectiveAction:
        """Move an action on (``note``: what was done; ``evidence``: files, as (name,
        bytes), copied into the data folder and hashed); only the manager's verification,
        with their name, may follow Done. Going back is a reopening (:meth:`reopen`).
        ``needs_evidence``: the item's template asks for evidence to close it (``on_fail =
        { evidence = true }``), so Done needs a file attached now or before."""
        action = self.get(action_id)
        check_move(action, status)
        if status == "verified" and not by.strip():
            raise ActionError(t("action.err.verifier"))
        if status == "done" and needs_evidence and not evidence and not evidence_of(action):
            raise ActionError(t("action.err.evidence_needed"))
        entry: dict[str, Any] = {"status": status, "at": self._stamp(now), "by": by.strip(),
                                 "note": note.strip(), "kind": MOVED}  # fmt: skip
        if evidence:
            entry["evidence"] = self._keep(evidence)
        return self._changed(action, entry)

    def attach(
        self,
        action_id: str,
        files: Sequence[tuple[str, bytes]],
        *,
        by: str,
        note: str = "",
        now: datetime | None = None,
    ) -> CorrectiveAction:
        """Add evidence to an action without moving it on (a photo taken after the fix)."""
        action = self.get(action_id)
        if action.status == "verified":
            raise ActionError(t("action.err.edit_verified"))
        if not files:
            raise ActionError(t("action.err.no_files"))
        entry = {"status": action.status, "at": self._stamp(now), "by": by.strip(),
                 "note": note.strip(), "kind": EVIDENCE, "evidence": self._keep(files)}  # fmt: skip
        return self._changed(action, entry)

    def _keep(self, files: Sequence[tuple[str, bytes]]) -> list[dict[str, Any]]:
        kept = []
        for name, data in files:
            path, digest = self.store.put_evidence(name, data)
            kept.append({"name": Path(name).name, "path": path, "sha256": digest,
                         "bytes": len(data)})  # fmt: skip
        return kept

    def evidence_problems(self) -> list[tuple[CorrectiveAction, dict[str, Any], str]]:
        """Evidence files that are missing or no longer what was attached:
        (action, file entry, ``missing`` or ``changed``)."""
        found = []
        for action in self.all():
            for file in evidence_of(action):
                now = self.store.evidence_digest(str(file.get("path", "")))
                if now is None:
                    found.append((action, file, "missing"))
                elif now != file.get("sha256"):
                    found.append((action, file, "changed"))
        return found

    def verify(
        self, action_id: str, *, by: str, note: str = "", now: datetime | None = None
    ) -> CorrectiveAction:
        """Record that ``by`` checked the done action and found it done."""
        return self.set_status(action_id, "verified", by=by, note=note, now=now)

    def reopen(
        self, action_id: str, *, reason: str, by: str, now: datetime | None = None
    ) -> CorrectiveAction:
        """Open a done or verified action again, saying why."""
        action = self.get(action_id)
        check_reopen(action)
        if not reason.strip():
            raise ActionError(t("action.err.reason"))
        entry = {"status": "open", "at": self._stamp(now), "by": by.strip(),
                 "note": reason.strip(), "kind": REOPENED}  # fmt: skip
        return self._changed(action, entry)

    def edit(
        self,
        action_id: str,
        *,
        by: str,
        owner: str | None = None,
        due: date | None = None,
        priority: str | None = None,
        now: datetime | None = None,
    ) -> CorrectiveAction:
        """Change the owner, due date or priority (``None``: keep it); the history keeps
        what changed, from what to what. A verified action is reopened first."""
        action = self.get(action_id)
        check_edit(action)
        wanted: dict[str, str] = {}
        if owner is not None:
            if not owner.strip():
                raise ActionError(t("action.err.owner"))
            wanted["owner"] = owner.strip()
        if due is not None:
            wanted["due"] = due.isoformat()
        if priority is not None:
            if priority not in PRIORITIES:
                raise ActionError(t("action.err.priority", choices=", ".join(PRIORITIES)))
            wanted["priority"] = priority
        changes = {
            name: {"from": getattr(action, name), "to": value}
            for name, value in wanted.items()
            if getattr(action, name) != value
        }
        if not changes:
            raise ActionError(t("action.err.no_change"))
        entry = {"status": action.status, "at": self._stamp(now), "by": by.strip(),
                 "note": "", "kind": EDITED, "changes": changes}  # fmt: skip
        edited = replace(action, **{name: change["to"] for name, change in changes.items()})
        return self._changed(edited, entry)

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
