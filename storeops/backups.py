"""Backups of the data folder: automatic at start-up when something changed, kept with
rotation, and restore. Part of the storage layer: with :mod:`storeops.storage`, the only
modules that touch files.

A backup is a zip of every data file (not the backups themselves, not the lock) in
``<data folder>/backups/``. Rotation keeps every backup of the last 24 hours and the newest
of each of the last 12 days, 10 weeks and 9 months, and deletes the rest.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from storeops.i18n import t
from storeops.storage import LOCK_INFO_NAME, LOCK_NAME, DataStore, StorageError, WriteFailed

BACKUP_DIR = "backups"
PREFIX = "storeops-backup-"
STATE = "last-backup.json"
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 12, 10, 9
_SKIP_TOP = {BACKUP_DIR, LOCK_NAME, LOCK_INFO_NAME}


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: datetime

    @property
    def name(self) -> str:
        return self.path.name


def _data_files(root: Path) -> list[Path]:
    files = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if relative.parts[0] in _SKIP_TOP or not path.is_file():
            continue
        if path.name.startswith(".") and path.name.endswith(".tmp"):
            continue  # an interrupted atomic write
        files.append(path)
    return files


def fingerprint(root: Path) -> str:
    """Names, sizes and modification times of the data files: changes when data does."""
    digest = hashlib.sha256()
    for path in _data_files(root):
        info = path.stat()
        digest.update(f"{path.relative_to(root)}|{info.st_size}|{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def backups(root: Path) -> list[Backup]:
    """The backups in a data folder, oldest first."""
    folder = root / BACKUP_DIR
    found = []
    for path in folder.glob(f"{PREFIX}*.zip") if folder.is_dir() else []:
        stamp = path.stem.removeprefix(PREFIX).split("-")[0]
        try:
            found.append(Backup(path, datetime.strptime(stamp, "%Y%m%dT%H%M%S")))
        except ValueError:
            continue
    return sorted(found, key=lambda b: b.taken)


def take_backup(store: DataStore, *, label: str = "", now: datetime | None = None) -> Backup:
    """Zip every data file into ``backups/`` (atomically), then rotate."""
    root = store.root
    moment = (now or store.clock.now()).replace(tzinfo=None)
    folder = root / BACKUP_DIR
    folder.mkdir(mode=0o700, exist_ok=True)
    name = f"{PREFIX}{moment:%Y%m%dT%H%M%S}{'-' + label if label else ''}.zip"
    target = folder / name
    n = 1
    while target.exists():
        n += 1
        target = folder / name.replace(".zip", f"-{n}.zip")
    fd, temp = tempfile.mkstemp(dir=folder, prefix=".backup-", suffix=".tmp")
    os.close(fd)
    try:
        with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in _data_files(root):
                archive.write(path, path.relative_to(root).as_posix())
        os.chmod(temp, 0o600)
        os.replace(temp, target)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise WriteFailed(t("backup.failed", error=exc.strerror or exc)) from None
    state = {"fingerprint": fingerprint(root), "backup": target.name}
    store.atomic_write(folder / STATE, json.dumps(state).encode("utf-8"))
    rotate(root, now=moment)
    return Backup(target, moment)


def backup_if_changed(store: DataStore, now: datetime | None = None) -> Backup | None:
    """At start-up: a backup when the data changed since the last one (or there is none)."""
    if not _data_files(store.root):
        return None
    state_file = store.root / BACKUP_DIR / STATE
    try:
        state = json.loads(state_file.read_text("utf-8"))
    except (OSError, ValueError):
        state = {}
    if state.get("fingerprint") == fingerprint(store.root) and backups(store.root):
        return None
    return take_backup(store, now=now)


class BackgroundBackup:
    """``backup_if_changed`` in a thread, so a backup of years of data (about a second
    for five years) never delays the first screen. ``finish()`` waits and gives the
    error message, if any."""

    def __init__(self, store: DataStore) -> None:
        self.store = store
        self.error: str | None = None
        self._thread = threading.Thread(target=self._run, name="storeops-backup", daemon=False)
        self._thread.start()

    def _run(self) -> None:
        try:
            backup_if_changed(self.store)
        except StorageError as exc:
            self.error = str(exc)
        except OSError as exc:
            self.error = t("backup.failed", error=exc.strerror or exc)

    def finish(self) -> str | None:
        self._thread.join()
        return self.error


def rotate(root: Path, now: datetime) -> list[Path]:
    """Keep every backup of the last 24 hours (a restore may need one of them), then the
    newest of each of the last 12 days, 10 weeks and 9 months."""
    moment = now
    # Recent ones, and any dated after "now" (a clock set back must not cost backups).
    keep: set[Path] = {b.path for b in backups(root) if moment - b.taken < timedelta(hours=24)}
    all_backups = sorted(backups(root), key=lambda b: b.taken, reverse=True)
    for key, count in (
        (lambda b: b.taken.date(), KEEP_DAILY),
        (lambda b: tuple(b.taken.isocalendar())[:2], KEEP_WEEKLY),
        (lambda b: (b.taken.year, b.taken.month), KEEP_MONTHLY),
    ):
        periods: dict[object, Path] = {}
        for backup in all_backups:
            if backup.taken <= moment:
                periods.setdefault(key(backup), backup.path)  # newest of each period
        keep.update(list(periods.values())[:count])
    removed = []
    for backup in all_backups:
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def restore(store: DataStore, backup: Path) -> Backup:
    """Replace the data with a backup's; the current data is backed up first.

    The store must be open and locked (so the app is not running on it).
    """
    if not store.locked:
        raise StorageError(t("backup.needs_lock"))
    backup = Path(backup).expanduser()
    if not backup.is_file():
        backup = store.root / BACKUP_DIR / backup.name
    try:
        with zipfile.ZipFile(backup) as archive:
            names = archive.namelist()
            if any(n.startswith(("/", "..")) or ".." in Path(n).parts for n in names):
                raise StorageError(t("backup.bad", path=backup))
            safety = take_backup(store, label="before-restore")
            staging = Path(tempfile.mkdtemp(dir=store.root, prefix=".restore-"))
            try:
                archive.extractall(staging)
                for path in _data_files(store.root):
                    if staging not in path.parents:
                        path.unlink()
                for path in sorted(staging.rglob("*")):
                    if path.is_file():
                        target = store.root / path.relative_to(staging)
                        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                        os.replace(path, target)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    except (zipfile.BadZipFile, OSError) as exc:
        raise StorageError(t("backup.bad", path=backup) + f" ({exc})") from None
    return safety
