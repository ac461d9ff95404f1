"""The dashboard digest: the app opens without reading the history, and never shows a
stale figure."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from storeops.context import Context, open_context
from storeops.digest import DIGEST_FILE, compute, dashboard_digest
from storeops.profile import StoreProfile
from storeops.run_index import RunIndex
from storeops.scoring import Answer

CST = timezone(timedelta(hours=8))
TODAY = date(2026, 11, 23)


def _audit(ctx: Context, day: int, fail: bool = False) -> None:
    template = ctx.catalogue.get("six-s")
    when = datetime(2026, 11, day, 9, tzinfo=CST)
    run = ctx.runs.start(template, store_code="SH-021", header={"auditor": "Li"}, now=when)
    answers = {i.id: Answer(True) for i in template.items if i.type == "pass_fail"}
    answers |= {i.id: Answer(1) for i in template.items if i.type == "number"}
    if fail:
        answers["6S-SRT-01"] = Answer(False)
    ctx.runs.answer_many(run, answers, now=when)
    ctx.runs.finish(run, "Li", now=when)


@pytest.fixture
def ctx(data_dir: Path) -> Context:
    context = open_context(data_dir)
    context.save_profile(StoreProfile("SH-021", "Nanjing Rd", "Wang Fang"))
    _audit(context, 20)
    return context


def test_a_saved_digest_is_used_without_reading_the_index(
    ctx: Context, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = dashboard_digest(ctx, TODAY)
    ctx.close()
    reopened = open_context(data_dir)

    def no_index(self: RunIndex) -> None:
        raise AssertionError("the index was read")

    monkeypatch.setattr(RunIndex, "entries", no_index)
    assert dashboard_digest(reopened, TODAY) == first
    reopened.close()


def test_the_digest_follows_every_change(ctx: Context) -> None:
    before = dashboard_digest(ctx, TODAY)
    _audit(ctx, 21, fail=True)
    after = dashboard_digest(ctx, TODAY)
    assert after != before and after == compute(ctx, TODAY)
    ctx.actions.raise_action(
        run_id="x", template_id="six-s", item_id="6S-SRT-01", store_code="SH-021",
        description="tidy", owner="Li", due=TODAY - timedelta(days=1), priority="low", by="Li",
    )  # fmt: skip
    with_action = dashboard_digest(ctx, TODAY)
    assert with_action.actions.open == 1 and with_action.actions.overdue == 1
    assert dashboard_digest(ctx, TODAY + timedelta(days=1)).day == "2026-11-24"


def test_a_hand_edited_digest_is_recomputed(ctx: Context, data_dir: Path) -> None:
    dashboard_digest(ctx, TODAY)
    path = data_dir / DIGEST_FILE
    doc = json.loads(path.read_text("utf-8"))
    doc["latest"] = "garbage"
    path.write_text(json.dumps(doc), "utf-8")
    assert dashboard_digest(ctx, TODAY) == compute(ctx, TODAY)
    doc = json.loads(path.read_text("utf-8"))
    doc["latest"][0]["score"] = 12.5  # a plausible, false figure
    path.write_text(json.dumps(doc), "utf-8")
    shown = dashboard_digest(ctx, TODAY).latest_for("six-s")
    assert shown is not None and shown.score == ctx.runs.latest("six-s").score != 12.5
