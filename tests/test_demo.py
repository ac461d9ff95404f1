"""``storeops demo``: a newcomer's store has a complaint log handled as a store handles one,
the same each time it is made."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from storeops.actions import item_label
from storeops.complaints import ComplaintBook, follow_ups_due
from storeops.context import open_context
from storeops.demo import make_demo
from storeops.i18n import set_language

TODAY = date(2026, 11, 23)


def _made(folder: Path, **options: object) -> tuple[list[object], list[object]]:
    ctx = open_context(folder)
    make_demo(ctx, today=TODAY, months=2, **options)  # type: ignore[arg-type]
    complaints = ComplaintBook(ctx.store).all()
    actions = [a for a in ctx.actions.all() if a.template_id == "complaints"]
    ctx.close()
    return complaints, actions  # type: ignore[return-value]


def test_the_demo_has_a_complaint_log_handled_as_a_store_handles_one(tmp_path: Path) -> None:
    complaints, actions = _made(tmp_path / "a")
    assert len(complaints) >= 8
    statuses = {c.status for c in complaints}
    assert "closed" in statuses and statuses - {"closed"}  # one still being looked into
    assert any(c.reopened for c in complaints)  # an unhappy customer, called back
    assert any(c.owed.remedies for c in complaints) and any(c.owed.rule == "user_caused"
                                                            for c in complaints)  # fmt: skip
    assert all(c.received_on <= TODAY.isoformat() for c in complaints)
    due = follow_ups_due(complaints, TODAY)
    assert [c.follow_up_due for c in due if c.follow_up_due == TODAY.isoformat()]  # due today
    assert actions and {a.status for a in actions} >= {"verified", "open"}
    assert all(a.run_id in {c.id for c in complaints} for a in actions)
    again, again_actions = _made(tmp_path / "b")
    assert [c.id for c in again] == [c.id for c in complaints]  # the same demo each time
    assert [a.id for a in again_actions] == [a.id for a in actions]
    none, no_actions = _made(tmp_path / "c", complaints=False)
    assert none == [] and no_actions == []


def test_an_action_on_a_complaint_lists_its_cause_not_a_key(tmp_path: Path) -> None:
    _complaints, actions = _made(tmp_path / "a")
    set_language("zh")
    labels = {item_label(a) for a in actions}
    assert labels and not labels & {"attitude", "environment", "service_quality", "price"}
    set_language("en")
    assert "Service attitude" in {item_label(a) for a in actions}
