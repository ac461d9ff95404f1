"""What a failed item must come with before its run can be finished (``on_fail``).

A template item may say ``on_fail = { note = true, action = true }``: when it fails, the
auditor gives a note and raises a corrective action at once. The runner asks for them as
the item fails; finishing and import refuse a run where one is still missing.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import NamedTuple

from storeops.i18n import t
from storeops.scoring import RunScore
from storeops.templates import Template


class MissingFollowUp(NamedTuple):
    item_id: str
    what: str  # "note" or "action"

    def message(self) -> str:
        return t(f"followup.missing.{self.what}", item=self.item_id)


def missing_follow_ups(
    template: Template,
    result: RunScore,
    notes: Mapping[str, str],
    actioned: Collection[str],
    *,
    actions: bool = True,
) -> list[MissingFollowUp]:
    """Every follow-up still owed: a note on a failed item that needs one (``notes`` by
    item id), an action on one that needs one (``actioned``: item ids with an action).
    ``actions=False`` for a run that raises none (a mystery visit to a competitor)."""
    missing: list[MissingFollowUp] = []
    for item in template.items:
        follow = item.on_fail
        if not follow or result.items[item.id].status != "fail":
            continue
        if follow.note and not notes.get(item.id, "").strip():
            missing.append(MissingFollowUp(item.id, "note"))
        if follow.action and actions and item.id not in actioned:
            missing.append(MissingFollowUp(item.id, "action"))
    return missing
