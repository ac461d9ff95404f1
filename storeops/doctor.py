"""`storeops doctor`: a health check of a data folder, each finding with what to do."""

from __future__ import annotations

from dataclasses import dataclass

from storeops.backups import backups
from storeops.i18n import t
from storeops.runs import Run, RunBook
from storeops.storage import (
    LOCK_INFO_NAME,
    SCHEMA_VERSION,
    DataStore,
    disk_free,
    moved_aside,
    on_network_drive,
)

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
    finished = book.finished()
    missing = sorted({r.template_id for r in finished if _template_missing(book, r)})
    if missing:
        findings.append(Finding(False, t("doctor.templates_missing", ids=", ".join(missing)),
                                t("doctor.fix.templates")))  # fmt: skip
    # tamper evidence
    edited = [r.id for r in finished if not r.intact]
    if edited:
        findings.append(Finding(False, t("doctor.edited", runs=", ".join(edited)),
                                t("doctor.fix.edited")))  # fmt: skip
    hashes = {r.content_hash for r in finished if r.content_hash}
    gaps = [r.id for r in finished if r.previous_hash and r.previous_hash not in hashes]
    if gaps:
        findings.append(Finding(False, t("doctor.chain", runs=", ".join(gaps)),
                                t("doctor.fix.edited")))  # fmt: skip
    if not edited and not gaps:
        findings.append(Finding(True, t("doctor.runs_ok", count=len(finished))))
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
    return findings


def _template_missing(book: RunBook, run: Run) -> bool:
    try:
        book.template_for(run)
    except KeyError:
        return True
    return False
