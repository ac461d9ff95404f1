"""The store's staff list: names offered when choosing whom to observe, remembered when new."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from storeops.i18n import t
from storeops.records import read_all, staff_fields
from storeops.storage import DataStore
from storeops.text_clean import clean_line

STAFF = "staff"


class StaffError(ValueError):
    """A staff change that cannot be made; the message is for the user."""


@dataclass(frozen=True)
class StaffMember:
    id: str
    name: str
    active: bool = True

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> StaffMember:
        """Raises :class:`~storeops.records.BadRecord` on a document of the wrong shape."""
        return cls(**staff_fields(doc))


class StaffBook:
    def __init__(self, store: DataStore) -> None:
        self.store = store

    def all(self, *, include_inactive: bool = False) -> list[StaffMember]:
        members = read_all(self.store.collection(STAFF), StaffMember.from_doc)
        return sorted(
            (m for m in members if include_inactive or m.active), key=lambda m: m.name.casefold()
        )

    def names(self) -> list[str]:
        return [m.name for m in self.all()]

    def find(self, name: str) -> StaffMember | None:
        wanted = " ".join(clean_line(name).split()).casefold()
        for member in self.all(include_inactive=True):
            if member.name.casefold() == wanted:
                return member
        return None

    def add(self, name: str) -> StaffMember:
        """Add a name (or bring a former one back); a name already active is refused.
        Control characters are taken out (a pasted NUL, BEL or ESC is never stored)."""
        name = " ".join(clean_line(name).split())
        if not name:
            raise StaffError(t("staff.err.empty"))
        if len(name) > 40:
            raise StaffError(t("staff.err.long"))
        existing = self.find(name)
        if existing is not None and existing.active:
            raise StaffError(t("staff.err.exists", name=existing.name))
        member = StaffMember(existing.id if existing else uuid.uuid4().hex[:10], name, True)
        self._save(member)
        return member

    def remember(self, name: str) -> None:
        """Add ``name`` if it is new; quietly keep the list as it is otherwise."""
        if name.strip() and self.find(name) is None:
            self.add(name)

    def deactivate(self, name: str) -> StaffMember:
        """Take a name off the offered list; past observations keep it."""
        member = self.find(name)
        if member is None or not member.active:
            raise StaffError(t("staff.err.unknown", name=name))
        gone = StaffMember(member.id, member.name, False)
        self._save(gone)
        return gone

    def _save(self, member: StaffMember) -> None:
        self.store.collection(STAFF).put(
            {"id": member.id, "name": member.name, "active": member.active,
             "updated_at": self.store.clock.now().isoformat()}
        )  # fmt: skip
