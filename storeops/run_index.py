"""The index of finished runs: what lists, the dashboard and reports need, without
reading years of history.

History is partitioned by month (``runs/YYYY-MM.json``); the index (``runs/index.json``)
holds one :class:`RunSummary` per finished run and the partitions' signature when it was
written. It is a cache: on load, any month whose signature changed (an older storeops,
a restore, a hand edit) is re-read, and a missing or unreadable index is rebuilt.

A run that cannot be read is set aside (:mod:`storeops.records`) and the rest of its
month is indexed. A month with such a run, or one that could not be read at all, is
never recorded as current: it is read again at every start, so what is missing is
reported every time, never hidden behind the index.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from datetime import date

from storeops.gc_pause import collector_paused
from storeops.records import read_all, read_one
from storeops.run_record import RUNS, Run, RunSummary
from storeops.storage import DataStore
from storeops.templates import OWN

INDEX_FILE = "runs/index.json"
# 3: rows of values (RunSummary order), not objects; 4: + kind; 5: + failed (a list);
# 6: failed as one string
INDEX_VERSION = 6


class RunIndex:
    """Summaries of every finished run, kept in step with the month partitions."""

    def __init__(self, store: DataStore, summarize: Callable[[Run], RunSummary]) -> None:
        self.store = store
        self.summarize = summarize
        self._index: dict[str, RunSummary] | None = None
        self._newest: list[RunSummary] | None = None  # the index sorted, newest first
        self._signature: dict[str, list[int]] = {}
        self._damaged: set[str] = set()  # months with a part that could not be read
        # Reports and exports read it from a worker thread while the app may file a run.
        self._lock = threading.RLock()

    def entries(self) -> dict[str, RunSummary]:
        """The index, brought up to date with the partitions (re-reading only those that
        changed since it was written)."""
        with self._lock:
            if self._index is not None:
                return self._index
            with collector_paused():
                return self._read()

    def _read(self) -> dict[str, RunSummary]:
        doc = self.store.read_json(INDEX_FILE) or {}
        entries: dict[str, RunSummary] = {}
        recorded: dict[str, list[int]] = {}
        if doc.get("version") == INDEX_VERSION:
            try:
                made = map(RunSummary.from_row, doc.get("runs", []))
                entries = {summary.id: summary for summary in made}
                recorded = dict(doc.get("signature", {}))
            except (KeyError, TypeError, ValueError, IndexError):
                entries, recorded = {}, {}
        current = self.store.signature(RUNS)
        stale = {m for m in set(current) | set(recorded) if current.get(m) != recorded.get(m)}
        if stale:
            entries = {k: v for k, v in entries.items() if v.month not in stale}
            for month in sorted(stale & set(current)):
                for run in self.read_month(month):
                    # Listed under the month it is stored in, wherever its time says.
                    entries[run.id] = self.summarize(run)._replace(month=month)
        self._index, self._signature = entries, current
        self._newest = None
        if stale and not self.store.readonly:
            self._save()
        return entries

    def read_month(self, month: str) -> list[Run]:
        """The runs of one month of history that can be read (the others are set aside)."""
        records = self.store.month_collection(RUNS, month)
        runs = read_all(records, lambda doc: Run.from_doc(doc, finished=True))
        if self.store.damaged(records.path):
            self._damaged.add(month)
        return runs

    def _save(self) -> None:
        assert self._index is not None
        self._signature = self.store.signature(RUNS)
        # A month with a part that could not be read is left out: read again next time.
        recorded = {m: s for m, s in self._signature.items() if m not in self._damaged}
        doc = {
            "version": INDEX_VERSION,
            "signature": recorded,
            "runs": [s.to_row() for s in self._index.values()],
        }
        self.store.write_json(INDEX_FILE, doc, compact=True)

    def filed(self, runs: Iterable[Run]) -> None:
        """After partitions were written: the index follows (it can be rebuilt if this
        write is lost, since it checks the partitions' signature when loaded)."""
        with self._lock:
            index = self.entries()
            for run in runs:
                index[run.id] = self.summarize(run)
            self._newest = None
            self._save()

    def newest_first(self) -> list[RunSummary]:
        """The index sorted once, not on every question (the dashboard asks nine)."""
        with self._lock:
            index = self.entries()
            if self._newest is None:
                self._newest = sorted(index.values(), key=lambda s: s.finished_at, reverse=True)
            return self._newest

    def summaries(
        self,
        *,
        template_id: str | None = None,
        subject: str | None = None,
        since: date | None = None,
        until: date | None = None,
        kind: str | None = None,
    ) -> list[RunSummary]:
        """Finished runs matching the filters, newest first.

        ``kind``: only runs whose result is of that kind (``OWN``: the store's own, not a
        mystery visit to a competitor)."""
        wanted_subject = subject.casefold() if subject else None
        return [
            s for s in self.newest_first()
            if (not template_id or s.template_id == template_id)
            and (kind is None or s.kind == kind)
            and (wanted_subject is None or s.subject.casefold() == wanted_subject)
            and (since is None or s.finished_at[:10] >= since.isoformat())
            and (until is None or s.finished_at[:10] <= until.isoformat())
        ]  # fmt: skip

    def latest(self, template_id: str, *, kind: str | None = OWN) -> RunSummary | None:
        """The most recently finished run of a template that is the store's own result
        (``kind=None``: of any kind)."""
        return next(
            (
                s for s in self.newest_first()
                if s.template_id == template_id and (kind is None or s.kind == kind)
            ),
            None,
        )  # fmt: skip

    def load(self, summaries: Iterable[RunSummary]) -> list[Run]:
        """The full runs behind summaries, reading each month partition once."""
        chosen = list(summaries)
        wanted: dict[str, set[str]] = {}
        for summary in chosen:
            wanted.setdefault(summary.month, set()).add(summary.id)
        by_id: dict[str, Run] = {}
        with collector_paused():
            for month, ids in wanted.items():
                for run in self.read_month(month):
                    if run.id in ids:
                        by_id[run.id] = run
        return [by_id[s.id] for s in chosen if s.id in by_id]

    def get(self, run_id: str) -> Run | None:
        """A finished run by id: its month from the index, else every month, newest first."""
        summary = self.entries().get(run_id)
        months = [summary.month] if summary else list(reversed(self.store.months(RUNS)))
        for month in months:
            records = self.store.month_collection(RUNS, month)
            run = read_one(records, run_id, lambda doc: Run.from_doc(doc, finished=True))
            if run is not None:
                return run
        return None
