"""The head of the hash chain of finished runs, kept apart from the runs: ``chain.json``.

Each finished run stores the SHA-256 of what was signed off, which covers the hash of
the run filed before it (:meth:`~storeops.run_record.Run.signed_content_hash`); each
amendment and review decision stores a hash chained to its run's
(:func:`~storeops.run_record.entry_hash`). A chain cannot show its own end cut off:
without the newest run, or the newest month file, it is a shorter chain that checks. So
the head — how many runs were filed, the newest one, how many amendments and review
decisions carry a hash and the newest one — is kept in a file of its own, written on
every finish, import, amendment and review, and compared with the runs by ``storeops
doctor`` (:func:`check_chain`). Backups zip every data file, this one included.

Every write stays all or nothing:

* A finish files the run, then moves the head on. Until the head is written, the draft
  stays marked finished: a crash in between is completed at the next start
  (:meth:`~storeops.finishing.FinishedRuns.recover`), and anyone who reads the head
  meanwhile counts such a run once it is filed (:meth:`Head.settled`).
* An amendment, a review decision or an import writes the head with its steps
  *pending*, then the runs, then the head without them. Whoever reads the head next (the
  app, the doctor) counts a pending step as done exactly when the runs hold it.

A folder from before the head existed has none: its first write makes one from the
run index (every run counted, the newest the end of the chain). A folder whose runs
were hashed with the head but has lost it is reported; the next write makes a new one
from the runs and records when (``rebuilt``), so the loss stays reported.

This module does no file I/O itself: :mod:`storeops.storage` reads and writes the file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from storeops.i18n import Msg
from storeops.run_record import (
    HASH_VERSION,
    Run,
    content_version,
    entries_intact,
    entry_hashes,
    month_of_run,
)
from storeops.storage import DataStore

CHAIN_FILE = "chain.json"
CHAIN_VERSION = 1
RUN, ENTRY = "run", "entry"


class Step(NamedTuple):
    """One thing added to the chain: a finished run (``kind`` RUN, ``hash`` its content
    hash) or an amendment / review decision (ENTRY, ``hash`` the entry's). ``entries``:
    how many entries got a hash with it, ``last_entry`` the last of them."""

    kind: str
    run: str
    month: str
    hash: str
    entries: int = 0
    last_entry: str = ""

    @classmethod
    def filed(cls, run: Run) -> Step:
        sealed = entry_hashes(run)
        return cls(RUN, run.id, month_of_run(run), run.content_hash, len(sealed),
                   sealed[-1] if sealed else "")  # fmt: skip

    @classmethod
    def added(cls, run: Run, sealed: Sequence[str]) -> Step:
        return cls(ENTRY, run.id, month_of_run(run), sealed[-1], len(sealed), sealed[-1])


@dataclass(frozen=True)
class Head:
    """The end of the chain, as ``chain.json`` holds it."""

    runs: int = 0  # finished runs filed
    last_run: str = ""  # the run filed last: id, month, content hash
    last_month: str = ""
    last_hash: str = ""
    entries: int = 0  # amendments and review decisions that carry a hash
    entry_run: str = ""  # the run of the newest one, and its hash
    last_entry: str = ""
    rebuilt: str = ""  # when the head was made again from the runs after it went missing
    pending: tuple[Step, ...] = field(default=())

    def apply(self, step: Step) -> Head:
        """The head after ``step``."""
        head = self
        if step.entries:
            head = replace(head, entries=head.entries + step.entries, entry_run=step.run,
                           last_entry=step.last_entry)  # fmt: skip
        if step.kind == ENTRY:
            return head
        return replace(head, runs=head.runs + 1, last_run=step.run, last_month=step.month,
                       last_hash=step.hash)  # fmt: skip

    def applied(self, steps: Iterable[Step]) -> Head:
        head = self
        for step in steps:
            head = head.apply(step)
        return head

    def settled(self, present: Callable[[Step], bool], finished_drafts: Iterable[Run] = ()) -> Head:
        """The head with what was written since it was: the pending steps the runs hold
        (in order, up to the first they do not: an import cut short wrote its first
        months), then each run whose draft is still marked finished (a finish cut short
        after filing it) that follows the head's newest and is filed."""
        head = replace(self, pending=())
        for step in self.pending:
            if not present(step):
                break
            head = head.apply(step)
        for run in sorted(finished_drafts, key=lambda r: r.finished_at or ""):
            step = Step.filed(run)
            if run.content_hash and run.previous_hash == head.last_hash and present(step):
                head = head.apply(step)
        return head

    def to_doc(self) -> dict[str, Any]:
        return {
            "version": CHAIN_VERSION,
            "runs": self.runs,
            "last": {"run": self.last_run, "month": self.last_month, "hash": self.last_hash},
            "entries": self.entries,
            "last_entry": {"run": self.entry_run, "hash": self.last_entry},
            "rebuilt": self.rebuilt,
            "pending": [list(step) for step in self.pending],
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Head | None:
        """The head in ``doc``, or ``None`` if it is not one this storeops wrote."""
        try:
            last, entry = doc["last"], doc["last_entry"]
            head = cls(
                runs=doc["runs"], last_run=last["run"], last_month=last["month"],
                last_hash=last["hash"], entries=doc["entries"], entry_run=entry["run"],
                last_entry=entry["hash"], rebuilt=doc.get("rebuilt") or "",
                pending=tuple(Step(*step) for step in doc.get("pending") or ()),
            )  # fmt: skip
        except (KeyError, TypeError, ValueError):
            return None
        texts = (head.last_run, head.last_month, head.last_hash, head.entry_run,
                 head.last_entry, head.rebuilt)  # fmt: skip
        numbers = (head.runs, head.entries)
        if (
            doc.get("version") != CHAIN_VERSION
            or not all(type(value) is str for value in texts)
            or not all(type(value) is int and value >= 0 for value in numbers)
            or not all(_step_ok(step) for step in head.pending)
        ):
            return None
        return head


def _step_ok(step: Step) -> bool:
    return (
        step.kind in (RUN, ENTRY)
        and all(type(value) is str for value in (step.run, step.month, step.hash, step.last_entry))
        and type(step.entries) is int
    )


def read_head(store: DataStore) -> tuple[Head | None, bool]:
    """The stored head, and whether a file is there at all (one that is there but is not
    a head reads as ``None``, and is reported)."""
    doc = store.read_json(CHAIN_FILE)
    if doc is None:
        return None, store.path(CHAIN_FILE).exists()
    return Head.from_doc(doc), True


def write_head(store: DataStore, head: Head) -> None:
    store.write_json(CHAIN_FILE, head.to_doc())


def rebuilt_head(runs: Sequence[Run], stamp: str) -> Head:
    """A head made from the runs, for a folder whose runs were chained but whose head
    is gone: its end is the newest run no other run follows."""
    followed = {run.previous_hash for run in runs}
    ends = [run for run in runs if run.content_hash and run.content_hash not in followed]
    newest = max(ends or runs, key=lambda run: run.finished_at or "", default=None)
    return Head(
        runs=len(runs), last_run=newest.id if newest else "",
        last_month=month_of_run(newest) if newest else "",
        last_hash=newest.content_hash if newest else "",
        entries=sum(len(entry_hashes(run)) for run in runs), rebuilt=stamp,
    )  # fmt: skip


# --- checking (the doctor) ------------------------------------------------------------


class Filed(NamedTuple):
    """A finished run as read from its month file (``month``: the file's)."""

    run: Run
    month: str


@dataclass
class ChainReport:
    """What :func:`check_chain` found; every list names runs by id."""

    edited: list[str] = field(default_factory=list)  # signed content ≠ its hash
    entries_edited: list[str] = field(default_factory=list)  # amendments / review decisions
    wrong_month: list[str] = field(default_factory=list)  # "id (runs/2026-10.json)"
    duplicates: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)  # runs whose predecessor is gone
    head: list[Msg] = field(default_factory=list)  # the head against the runs

    @property
    def ok(self) -> bool:
        return not (
            self.edited or self.entries_edited or self.wrong_month or self.duplicates
            or self.broken or self.head
        )  # fmt: skip


def check_chain(
    filed: Sequence[Filed],
    head: Head | None,
    *,
    head_file: bool,
    finished_drafts: Sequence[Run] = (),
) -> ChainReport:
    """Every finished run against its hashes, the chain, and the head.

    ``head_file``: whether ``chain.json`` exists (``head`` is ``None`` when it does not
    or is not a head)."""
    report = ChainReport()
    runs = [f.run for f in filed]
    versions = {id(run): content_version(run) for run in runs}
    for f in filed:
        run, version = f.run, versions[id(f.run)]
        if version is None:
            report.edited.append(run.id)
        elif not entries_intact(run, strict=version >= HASH_VERSION):
            report.entries_edited.append(run.id)
        if month_of_run(run) != f.month:
            report.wrong_month.append(f"{run.id} (runs/{f.month}.json)")
    report.duplicates = sorted(k for k, n in Counter(run.id for run in runs).items() if n > 1)
    chained = any(versions[id(run)] == HASH_VERSION for run in runs)

    by_hash: dict[str, Run] = {}
    for run in runs:
        if run.content_hash:
            by_hash.setdefault(run.content_hash, run)
    if head is None:
        if chained or head_file:
            report.head.append(Msg("doctor.chain.head_missing", file=CHAIN_FILE))
    else:
        report.head.extend(_against_head(runs, by_hash, head, finished_drafts))

    # Walk the chain back from its end; then from each end left (a run nobody follows):
    # each run found whose predecessor is gone names where the chain broke.
    followed = {run.previous_hash for run in runs if run.previous_hash}
    starts = [head.last_hash] if head is not None and head.last_hash in by_hash else []
    ends = [r for r in runs if versions[id(r)] == HASH_VERSION and r.content_hash not in followed]
    starts += [r.content_hash for r in sorted(ends, key=lambda r: r.finished_at or "")[::-1]]
    reached: set[str] = set()
    for start in starts:
        current, after = start, None
        while current and current not in reached:
            found = by_hash.get(current)
            if found is None:
                if after is not None and after.id not in report.broken:
                    report.broken.append(after.id)
                break
            reached.add(current)
            after, current = found, found.previous_hash
    # Runs off the walk: as before the head existed, their predecessor must be there.
    hashes = set(by_hash)
    for run in runs:
        if run.content_hash in reached or not run.previous_hash:
            continue
        if run.previous_hash not in hashes and run.id not in report.broken:
            report.broken.append(run.id)
    return report


def _against_head(
    runs: Sequence[Run], by_hash: Mapping[str, Run], stored: Head, drafts: Sequence[Run]
) -> list[Msg]:
    problems: list[Msg] = []
    by_id = {run.id: run for run in runs}

    def present(step: Step) -> bool:
        run = by_id.get(step.run)
        if run is None:
            return False
        return run.content_hash == step.hash if step.kind == RUN else step.hash in entry_hashes(run)

    head = stored.settled(present, drafts)
    if head.rebuilt:
        problems.append(Msg("doctor.chain.rebuilt", file=CHAIN_FILE, at=head.rebuilt[:16]))
    if head.last_hash and head.last_hash not in by_hash:
        if head.last_run in by_id:
            problems.append(Msg("doctor.chain.newest_changed", run=head.last_run))
        else:
            problems.append(Msg("doctor.chain.newest_missing", run=head.last_run,
                                file=f"runs/{head.last_month}.json"))  # fmt: skip
    if head.runs != len(runs):
        problems.append(Msg("doctor.chain.count", file=CHAIN_FILE, recorded=head.runs,
                            found=len(runs)))  # fmt: skip
    sealed = sum(len(entry_hashes(run)) for run in runs)
    if head.entries != sealed:
        problems.append(Msg("doctor.chain.entries", file=CHAIN_FILE, recorded=head.entries,
                            found=sealed))  # fmt: skip
    newest_entry = by_id.get(head.entry_run)
    if head.last_entry and (newest_entry is None or not present(
        Step(ENTRY, head.entry_run, "", head.last_entry)
    )):  # fmt: skip
        problems.append(Msg("doctor.chain.entry_missing", run=head.entry_run))
    return problems
