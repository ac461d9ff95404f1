"""The Pareto of failed items read from the run index (each summary names its run's failed
items) equals the one computed by reading and scoring every run of the period, whatever the
filters; a run whose template is gone still goes the long way and is reported; an index
written by an older storeops is made again with the failed items."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from storeops.context import open_context
from storeops.demo import make_demo
from storeops.exporting import Selection, failure_pareto, selected_runs
from storeops.profile import StoreProfile
from storeops.reports import pareto
from storeops.run_index import INDEX_FILE
from storeops.scoring import Answer

TODAY = date(2026, 11, 23)


@pytest.fixture
def store(data_dir: Path) -> Path:
    ctx = open_context(data_dir)
    ctx.save_profile(StoreProfile("SH-021", "Store", "Wang"))
    make_demo(ctx, today=TODAY, months=3, seed=7)
    ctx.close()
    return data_dir


SELECTIONS = [
    Selection(),
    Selection(since=TODAY - timedelta(days=90), until=TODAY),
    Selection("six-s"),
    Selection("mystery-shopper", include_unreviewed=True),
    Selection("mystery-shopper"),
    Selection("sales-observation", since=TODAY - timedelta(days=30)),
    Selection(since=TODAY - timedelta(days=7), until=TODAY - timedelta(days=1)),
]


@pytest.mark.parametrize("selection", SELECTIONS)
def test_the_index_gives_the_pareto_that_scoring_every_run_gives(
    store: Path, selection: Selection
) -> None:
    ctx = open_context(store, readonly=True)
    slow = pareto(selected_runs(ctx.runs, selection))
    fast = failure_pareto(ctx.runs, selection)
    ctx.close()
    assert fast == slow
    if selection == Selection():
        assert fast[1] > 20  # the demo fails enough items to make a Pareto


def test_no_run_is_read_when_the_index_knows(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = open_context(store, readonly=True)
    ctx.runs.summaries()  # the index, read at start as the app does
    loaded: list[int] = []
    real_load = ctx.runs.load
    monkeypatch.setattr(ctx.runs, "load", lambda s: loaded.append(len(s)) or real_load(s))
    rows, total, _counted = failure_pareto(ctx.runs, Selection("six-s"))
    ctx.close()
    assert rows and total and sum(loaded) == 0  # the texts: the checklist's current ones


def test_an_amended_run_moves_the_pareto(store: Path) -> None:
    ctx = open_context(store)
    [latest] = ctx.runs.summaries(template_id="six-s")[:1]
    failed = latest.failed_items()
    assert failed
    [run] = ctx.runs.load([latest])
    ctx.runs.amend(run, {failed[0]: Answer(True)}, by="Wang", why="re-checked")
    [after] = ctx.runs.summaries(template_id="six-s")[:1]
    assert after.failed_items() == failed[1:]
    assert failure_pareto(ctx.runs, Selection("six-s")) == pareto(
        selected_runs(ctx.runs, Selection("six-s"))
    )
    ctx.close()


def test_a_run_whose_template_is_gone_is_reported_not_counted(store: Path) -> None:
    ctx = open_context(store)
    [summary] = ctx.runs.summaries(template_id="six-s")[:1]
    month = store / "runs" / f"{summary.month}.json"
    data = json.loads(month.read_text("utf-8"))
    for doc in data["_default"].values():
        if doc["id"] == summary.id:
            # a checklist head office retired, never archived here
            doc.update(template_id="retired-check", template_hash="0" * 64)
    month.write_text(json.dumps(data), "utf-8")
    ctx.close()
    ctx = open_context(store, readonly=True)
    [gone] = ctx.runs.summaries(template_id="retired-check")
    assert gone.id == summary.id and gone.failed_items() is None  # the index cannot say
    fast = failure_pareto(ctx.runs, Selection())
    gaps = ctx.store.gaps()
    ctx.close()
    assert any(summary.id in json.dumps(gap, default=str) for gap in gaps)
    ctx = open_context(store, readonly=True)
    assert fast == pareto(selected_runs(ctx.runs, Selection()))
    ctx.close()


def test_an_index_from_before_failed_items_is_made_again(store: Path) -> None:
    path = store / INDEX_FILE
    doc = json.loads(path.read_text("utf-8"))
    rows = doc["runs"]
    for version, old_rows in (
        (4, [row[:13] for row in rows]),  # before failed items
        (5, [[*row[:13], (row[13] or "").split()] for row in rows]),  # failed as a list
    ):
        path.write_text(json.dumps({**doc, "version": version, "runs": old_rows}), "utf-8")
        ctx = open_context(store)
        summaries = ctx.runs.summaries()
        assert summaries and all(s.failed_items() is not None for s in summaries)
        slow = pareto(selected_runs(ctx.runs, Selection()))
        assert failure_pareto(ctx.runs, Selection()) == slow
        ctx.close()
