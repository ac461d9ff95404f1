"""Every write to a run is all or nothing, in memory as on disk."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from storeops.context import Context, open_context
from storeops.profile import StoreProfile
from storeops.runs import Run
from storeops.scoring import Answer
from storeops.storage import WriteFailed

CST = timezone(timedelta(hours=8))


@pytest.fixture
def ctx(data_dir: Path) -> Context:
    context = open_context(data_dir)
    context.save_profile(StoreProfile("SH-021", "Nanjing Rd", "Wang Fang"))
    return context


def _finished_visit(ctx: Context) -> Run:
    form = ctx.catalogue.get("mystery-shopper")
    header = {"shopper": "Mei", "target": "A", "target_kind": "own", "visit_date": "2026-11-20"}
    run = ctx.runs.start(form, store_code="SH-021", header=header)
    answers = {}
    for item in form.items:
        if item.type == "pass_fail" and not item.bonus:
            answers[item.id] = Answer(not item.negative)
        elif item.type == "scale":
            answers[item.id] = Answer(item.max)
        elif item.type == "number":
            answers[item.id] = Answer(2)
    ctx.runs.answer_many(run, answers)
    return ctx.runs.finish(run, "Mei")


def _failing_history_writes(ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    original = ctx.store.month_collection

    def month_collection(folder: str, month: str):  # type: ignore[no-untyped-def]
        collection = original(folder, month)

        def put(doc: object) -> None:
            raise WriteFailed("The disk is full")

        monkeypatch.setattr(collection, "put", put)
        return collection

    monkeypatch.setattr(ctx.store, "month_collection", month_collection)


@pytest.mark.parametrize("write", ["accept", "return", "amend"])
def test_a_failed_write_leaves_the_run_as_it_was(
    ctx: Context, monkeypatch: pytest.MonkeyPatch, write: str
) -> None:
    run = _finished_visit(ctx)
    before = copy.deepcopy(run.to_doc())
    _failing_history_writes(ctx, monkeypatch)
    with pytest.raises(WriteFailed):
        if write == "accept":
            ctx.runs.set_review(run, "accepted", by="Wang")
        elif write == "return":
            ctx.runs.set_review(run, "returned", by="Wang", reason="receipt missing")
        else:
            ctx.runs.amend(run, {"MS-A-01": Answer(False)}, by="Wang", why="typo")
    assert run.to_doc() == before  # what the screen shows is what is saved
    monkeypatch.undo()
    assert ctx.runs.get(run.id).to_doc() == before


def test_a_failed_answer_save_leaves_the_draft_as_it_was(
    ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    form = ctx.catalogue.get("six-s")
    run = ctx.runs.start(form, store_code="SH-021", header={"auditor": "Li"})
    ctx.runs.set_note(run, "6S-SAF-01", "first")
    before = copy.deepcopy(run.to_doc())

    def put(doc: object) -> None:
        raise WriteFailed("The disk is full")

    drafts = ctx.store.collection("drafts")
    monkeypatch.setattr(type(drafts), "put", lambda self, doc: put(doc))
    for change in (
        lambda: ctx.runs.answer(run, "6S-SAF-01", Answer(True)),
        lambda: ctx.runs.set_note(run, "6S-SAF-01", "second"),
        lambda: ctx.runs.clear_answer(run, "6S-SAF-01"),
        lambda: ctx.runs.set_header(run, {"auditor": "Wang"}),
        lambda: ctx.runs.finish(run, "Li", now=datetime(2026, 11, 23, 9, tzinfo=CST)),
    ):
        with pytest.raises(Exception):  # noqa: B017 - WriteFailed, or open items
            change()
        assert run.to_doc() == before
