"""`storeops doctor`: a health check of a data folder, each finding with what to do.

Finished runs are checked from the month files themselves, not from the index: each
run against its content hash, its amendments and review decisions against theirs, the
chain from the newest run back and its head (``chain.json``) against the runs
(:func:`storeops.chain.check_chain`); each run is in the month file of the month it was
finished in, once. Archived templates are checked against the hash in their file name.
The run index (a cache) is made again in memory and compared with ``runs/index.json``;
``doctor --fix`` (:func:`repair`) rebuilds it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from storeops.backups import backups, last_backup_failure
from storeops.chain import CHAIN_FILE, ChainReport, Filed, check_chain, read_head, write_head
from storeops.gc_pause import collector_paused
from storeops.i18n import t
from storeops.run_index import INDEX_FILE, INDEX_VERSION, RunIndex
from storeops.run_record import DRAFTS, RUNS, RunSummary
from storeops.runs import Run, RunBook
from storeops.storage import (
    LOCK_INFO_NAME,
    SCHEMA_VERSION,
    DataStore,
    disk_free,
    moved_aside,
    on_network_drive,
)
from storeops.templates import content_hash
from storeops.text_clean import printable

LOW_DISK = 200 * 1024 * 1024  # below this, saving may soon fail


@dataclass(frozen=True)
class Finding:
    ok: bool
    message: str
    fix: str = ""


def examine(store: DataStore, book: RunBook) -> list[Finding]:
    """Every check, healthy or not, in a fixed order."""
    root = store.root
    store.check_all()
    # Complaints read first, so one that cannot be read is among the problems below; then
    # those that keep a customer's contact details past the store's retention.
    from storeops.complaints import retention_findings
    from storeops.profile import load_profile

    profile = load_profile(store)
    retention = retention_findings(store, profile.rules if profile else None)
    findings: list[Finding] = []
    # files that could not be read or were moved aside
    for problem in store.problems:
        findings.append(Finding(False, problem, t("doctor.fix.restore")))
    moved = moved_aside(root)
    if moved:
        findings.append(Finding(False, t("doctor.moved", files=", ".join(moved)),
                                t("doctor.fix.moved")))  # fmt: skip
    if not store.problems and not moved:
        findings.append(Finding(True, t("doctor.files_ok")))
    # schema
    meta = store.read_json("meta.json") or {}
    findings.append(Finding(True, t("doctor.schema", found=meta.get("schema", "—"),
                                    known=SCHEMA_VERSION)))  # fmt: skip
    # drafts and templates
    drafts = book.drafts()
    orphans = [r for r in drafts if _template_missing(book, r)]
    if orphans:
        ids = ", ".join(f"{r.id} ({r.template_id})" for r in orphans)
        findings.append(Finding(False, t("doctor.orphans", runs=ids), t("doctor.fix.orphans")))
    findings.append(Finding(True, t("doctor.drafts", count=len(drafts))))
    with collector_paused():  # every run of every month is read: see gc_pause
        filed, unreadable = _filed(store)
    finished = list({f.run.id: f.run for f in filed}.values())
    for name in unreadable:
        findings.append(Finding(False, t("doctor.run_unreadable", file=name),
                                t("doctor.fix.restore")))  # fmt: skip
    missing = sorted({r.template_id for r in finished if _template_missing(book, r)})
    if missing:
        findings.append(Finding(False, t("doctor.templates_missing", ids=", ".join(missing)),
                                t("doctor.fix.templates")))  # fmt: skip
    # tamper evidence: the runs, the chain and its head, the archived templates, the index
    with collector_paused():
        findings.extend(_chain_findings(store, filed))
        findings.extend(_archive_findings(store))
        findings.extend(_evidence_findings(store))
        findings.extend(_index_findings(store, book, finished))
    findings.extend(Finding(ok, message, fix) for ok, message, fix in retention)
    # lock, disk, network, backups
    holder = store.read_json(LOCK_INFO_NAME) if not store.locked else None
    if holder:
        findings.append(Finding(True, t("doctor.in_use", pid=holder.get("pid", "?"),
                                        host=holder.get("host", "?"))))  # fmt: skip
    free = disk_free(root)
    if free < LOW_DISK:
        findings.append(
            Finding(False, t("doctor.disk_low", mb=free // 2**20), t("doctor.fix.disk"))
        )
    else:
        findings.append(Finding(True, t("doctor.disk", mb=free // 2**20)))
    if on_network_drive(root):
        findings.append(Finding(False, t("doctor.network", path=root), t("doctor.fix.network")))
    taken = backups(root)
    if taken:
        last = taken[-1].taken.isoformat(timespec="minutes")
        findings.append(Finding(True, t("doctor.backups", count=len(taken), last=last)))
    elif finished:
        findings.append(Finding(False, t("doctor.no_backups"), t("doctor.fix.backup")))
    failed = last_backup_failure(root)
    if failed:
        findings.append(Finding(False, t("doctor.backup_failed", at=failed[0], error=failed[1]),
                                t("doctor.fix.backup_failed")))  # fmt: skip
    return findings


def repair(store: DataStore, book: RunBook) -> list[str]:
    """``doctor --fix``: what can be repaired without a backup, on a folder open for
    writing. The run index is rebuilt from the month files (it is a cache), and a head
    rebuilt after it went missing (which the doctor reports until then) is accepted.
    Returns what was done."""
    done = []
    store.write_json(INDEX_FILE, {})  # not an index: the next read rebuilds every month
    count = len(RunIndex(store, book.summarize).entries())
    done.append(t("doctor.fixed.index", file=INDEX_FILE, count=count))
    head, _ = read_head(store)
    if head is not None and head.rebuilt:
        write_head(store, replace(head, rebuilt=""))
        done.append(t("doctor.fixed.rebuilt", file=CHAIN_FILE))
    return done


def _filed(store: DataStore) -> tuple[list[Filed], list[str]]:
    """Every finished run as its month file holds it, and the files with a record that
    is not a run."""
    filed: list[Filed] = []
    unreadable: list[str] = []
    for month in store.months(RUNS):
        for doc in store.month_collection(RUNS, month).all():
            try:
                filed.append(Filed(Run.from_doc(doc), month))
            except (KeyError, TypeError, ValueError, AttributeError):
                name = f"runs/{month}.json"
                if name not in unreadable:
                    unreadable.append(name)
    return filed, unreadable


def _names(ids: Sequence[str], shown: int = 10) -> str:
    """Ids for a message: the first ``shown``, then how many more."""
    text = ", ".join(printable(i) for i in ids[:shown])
    return text + t("doctor.more", count=len(ids) - shown) if len(ids) > shown else text


def _chain_findings(store: DataStore, filed: Sequence[Filed]) -> list[Finding]:
    head, head_file = read_head(store)
    drafts = []
    for doc in store.collection(DRAFTS).all():
        if doc.get("status") == "finished":
            try:
                drafts.append(Run.from_doc(doc))
            except (KeyError, TypeError, ValueError, AttributeError):
                continue  # reported as a draft problem elsewhere; not part of the chain
    report: ChainReport = check_chain(filed, head, head_file=head_file, finished_drafts=drafts)
    fix = t("doctor.fix.edited")
    findings = []
    for ids, key in (
        (report.edited, "doctor.edited"),
        (report.entries_edited, "doctor.entries_edited"),
        (report.broken, "doctor.chain"),
        (report.wrong_month, "doctor.wrong_month"),
        (report.duplicates, "doctor.duplicates"),
    ):
        if ids:
            findings.append(Finding(False, t(key, runs=_names(ids)), fix))
    for message in report.head:
        findings.append(Finding(False, printable(str(message)), t("doctor.fix.chain")))
    if report.ok:
        findings.append(Finding(True, t("doctor.runs_ok", count=len(filed))))
    return findings


def _evidence_findings(store: DataStore) -> list[Finding]:
    """Evidence files attached to actions, each still what was attached (by its hash)."""
    from storeops.actions import ActionBook, evidence_of

    book = ActionBook(store)
    problems = book.evidence_problems()
    findings = [
        Finding(False, t(f"doctor.evidence_{why}", id=action.id, path=file.get("path", "")),
                t("doctor.fix.evidence"))
        for action, file, why in problems
    ]  # fmt: skip
    count = sum(len(evidence_of(action)) for action in book.all())
    if count and not problems:
        findings.append(Finding(True, t("doctor.evidence_ok", count=count)))
    return findings


def _archive_findings(store: DataStore) -> list[Finding]:
    """Each archived template's content against the hash in its name."""
    changed = []
    for path in store.all_data_files():
        if path.parent.name != "templates" or path.parent.parent != store.root:
            continue
        doc = store.read_json(f"templates/{path.name}")
        if doc is None:
            continue  # unreadable: reported with the files
        data = doc.get("data")
        if (
            not isinstance(data, dict)
            or doc.get("hash") != path.stem
            or content_hash(data) != path.stem
        ):
            changed.append(f"templates/{path.name}")
    if not changed:
        return []
    return [Finding(False, t("doctor.archive_edited", files=_names(changed)),
                    t("doctor.fix.archive"))]  # fmt: skip


def _index_findings(store: DataStore, book: RunBook, finished: Sequence[Run]) -> list[Finding]:
    """The index made again from the runs, against ``runs/index.json`` when that says it
    is current (a stale one is re-read from the months at the next start anyway)."""
    doc = store.read_json(INDEX_FILE)
    if not doc or doc.get("version") != INDEX_VERSION:
        return []
    if doc.get("signature") != store.signature(RUNS):
        return []
    try:
        stored = {s.id: s for s in map(RunSummary.from_row, doc.get("runs", []))}
    except (KeyError, TypeError, ValueError, IndexError):
        stored = {}
    fresh = {run.id: book.summarize(run) for run in finished}
    differ = sorted(k for k in stored.keys() | fresh.keys() if stored.get(k) != fresh.get(k))
    if not differ:
        return []
    message = t("doctor.index", file=INDEX_FILE, count=len(differ), runs=_names(differ))
    return [Finding(False, message, t("doctor.fix.index"))]


def _template_missing(book: RunBook, run: Run) -> bool:
    try:
        book.template_for(run)
    except KeyError:
        return True
    return False
