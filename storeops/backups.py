"""Backups of the data folder: automatic at start-up when something changed, kept with
rotation, and restore. Part of the storage layer: with :mod:`storeops.storage`, the only
modules that touch files.

A backup is a zip of every data file (not the backups themselves, not the lock) in
``<data folder>/backups/``. Rotation keeps every backup of the last 24 hours and the newest
of each of the last 12 days, 10 weeks and 9 months, and deletes the rest.

A backup is complete or it is not taken:

* it follows the folder's real files: a ``runs/`` that is a symbolic link is backed up with
  the files it points to;
* a file or folder it cannot read (no permission, a FIFO, a device, a link to nothing) stops
  it with a message naming that file, and the failure is kept in ``last-backup.json`` for
  ``doctor``;
* it is consistent: the folder's files (name, size, modification time, inode) are listed
  before and after the copy, and a backup during which anything changed (an answer saved
  while the app's start-up backup runs) is taken again. A file changed in the last seconds is
  also compared by content, before the backup is kept and at the next start: two saves within
  one tick of the file system's clock can leave the same size, time and even inode.

A restore checks the whole backup first (it opens, every member's CRC is right, it holds
``meta.json``, every JSON member parses) and changes nothing when it does not.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import stat
import tempfile
import threading
import zipfile
import zlib
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from storeops.file_kinds import DanglingLink, NotRegularFile, check_regular, read_regular
from storeops.i18n import t
from storeops.storage import (
    LOCK_INFO_NAME,
    LOCK_NAME,
    DataStore,
    StorageError,
    WriteFailed,
    disk_free,
    is_temp_name,
)

BACKUP_DIR = "backups"
PREFIX = "storeops-backup-"
STATE = "last-backup.json"
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 12, 10, 9
ATTEMPTS = 5  # copies tried while the data keeps changing under the backup
RACY_NS = 3_000_000_000  # a file changed this lately (ns) is compared by content, not time
_SKIP_TOP = {BACKUP_DIR, LOCK_NAME, LOCK_INFO_NAME}
_STAGING = ".restore-"


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: datetime

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class DataFile:
    """One data file: its name in the backup (``runs/2026-01.json``), where it is read from
    (through any link), and what tells a change: size, modification time and inode."""

    name: str
    path: Path
    signature: tuple[int, int, int]


def _unreadable(path: Path | str, exc: OSError) -> WriteFailed:
    return WriteFailed(t("backup.unreadable", path=path, error=exc.strerror or exc))


def data_files(root: Path) -> list[DataFile]:
    """Every data file in ``root``, links followed, sorted by name.

    Raises :class:`WriteFailed` naming the first file or folder that cannot be read, or that
    is not a regular file or folder: a backup without it would not be a backup.
    """
    found: list[DataFile] = []
    seen: set[tuple[int, int]] = set()

    def visit(folder: Path, prefix: str) -> None:
        try:
            info = os.stat(folder)
            if (info.st_dev, info.st_ino) in seen:
                return  # a link back to a folder already listed: its files are in
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            raise _unreadable(folder, exc) from None
        for entry in entries:
            if is_temp_name(entry.name):
                continue  # an atomic write in progress, or one a kill interrupted
            if not prefix and (entry.name in _SKIP_TOP or entry.name.startswith(_STAGING)):
                continue
            path = Path(entry.path)
            try:
                info = os.stat(path)
            except FileNotFoundError:
                if os.path.islink(path):
                    raise _unreadable(path, DanglingLink(path, os.path.realpath(path))) from None
                continue  # removed since the listing: the listing after the copy tells
            except OSError as exc:
                raise _unreadable(path, exc) from None
            if stat.S_ISDIR(info.st_mode):
                visit(path, f"{prefix}{entry.name}/")
            elif stat.S_ISREG(info.st_mode):
                signature = (info.st_size, info.st_mtime_ns, info.st_ino)
                found.append(DataFile(prefix + entry.name, path, signature))
            else:
                raise _unreadable(path, NotRegularFile(path, info.st_mode))

    visit(Path(root), "")
    return found


def _digest(files: Sequence[DataFile]) -> str:
    digest = hashlib.sha256()
    for file in files:
        size, mtime, inode = file.signature
        digest.update(f"{file.name}|{size}|{mtime}|{inode}\n".encode())
    return digest.hexdigest()


def fingerprint(root: Path) -> str:
    """Names, sizes, modification times and inodes of the data files: changes when data
    does. Raises :class:`WriteFailed` when a data file cannot be read."""
    return _digest(data_files(root))


def backups(root: Path) -> list[Backup]:
    """The backups in a data folder, oldest first (two taken within a second: the one
    written first, first)."""
    folder = root / BACKUP_DIR
    found = []
    for path in folder.glob(f"{PREFIX}*.zip") if folder.is_dir() else []:
        stamp = path.stem.removeprefix(PREFIX).split("-")[0]
        try:
            found.append((Backup(path, datetime.strptime(stamp, "%Y%m%dT%H%M%S")), _mtime(path)))
        except ValueError:
            continue
    return [backup for backup, _ in sorted(found, key=lambda found: (found[0].taken, found[1]))]


def _mtime(path: Path) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return 0


# --- the state of the last backup ------------------------------------------------------


def _read_state(root: Path) -> dict[str, Any]:
    try:
        state = json.loads(read_regular(root / BACKUP_DIR / STATE, 1 << 20).decode("utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _write_state(store: DataStore, state: dict[str, Any]) -> None:
    payload = json.dumps(state, ensure_ascii=False).encode("utf-8")
    store.atomic_write(store.root / BACKUP_DIR / STATE, payload)


def _record_failure(store: DataStore, error: str) -> None:
    """Keep the failure for ``doctor`` (best effort: the folder may not be writable)."""
    if store.readonly:
        return
    state = _read_state(store.root)
    at = store.clock.now().replace(tzinfo=None).isoformat(timespec="seconds")
    state["failed"] = {"at": at, "error": error}
    try:
        (store.root / BACKUP_DIR).mkdir(mode=0o700, exist_ok=True)
        _write_state(store, state)
    except (OSError, StorageError):
        pass


def last_backup_failure(root: Path) -> tuple[str, str] | None:
    """When and why the last backup failed, if it did (a later one that worked clears it)."""
    failed = _read_state(root).get("failed")
    if not isinstance(failed, dict):
        return None
    return str(failed.get("at", "?")), str(failed.get("error", "?"))


# --- taking a backup -------------------------------------------------------------------


def _zip_time(mtime: float) -> tuple[int, int, int, int, int, int]:
    clamped = min(max(mtime, 315532800), 4354732800)  # a zip holds 1980 to 2107
    moment = datetime.fromtimestamp(clamped).timetuple()
    return moment[:6]


def _write_zip(store: DataStore, temp: Path, files: Sequence[DataFile]) -> dict[str, str]:
    """Write ``files`` into the zip ``temp``; each is read through the store's file
    operations (a regular file only: a FIFO never blocks a backup). Returns the SHA-256 of
    what was written for each name."""
    digests = {}
    with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            data = _read(store, file)
            digests[file.name] = hashlib.sha256(data).hexdigest()
            info = zipfile.ZipInfo(file.name, date_time=_zip_time(file.signature[1] / 1e9))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (stat.S_IFREG | 0o600) << 16
            archive.writestr(info, data)
    return digests


def _read(store: DataStore, file: DataFile) -> bytes:
    try:
        return store.fs.read_bytes(file.path)
    except OSError as exc:
        raise _unreadable(file.path, exc) from None


def _recent(files: Sequence[DataFile], now_ns: int) -> list[DataFile]:
    """Files modified too lately for their size, time and inode to tell every change: a file
    rewritten twice within the file system's clock tick (coarse: milliseconds on Linux, 2 s
    on FAT), at the same size, may get the same time and even reuse the same inode. Their
    content is compared instead (git calls this the racy-clean problem). ``now_ns`` is the
    file system's own time (a file just written), not the process clock, which may differ."""
    since = now_ns - RACY_NS
    return [file for file in files if file.signature[1] >= since]


def _changed_content(store: DataStore, files: Sequence[DataFile], digests: dict[str, str]) -> bool:
    return any(
        hashlib.sha256(_read(store, file)).hexdigest() != digests.get(file.name) for file in files
    )


def _new_temp(folder: Path) -> Path:
    fd, temp = tempfile.mkstemp(dir=folder, prefix=".backup-", suffix=".tmp")
    os.close(fd)
    return Path(temp)


def take_backup(
    store: DataStore,
    *,
    label: str = "",
    now: datetime | None = None,
    protect: Sequence[Path] = (),
) -> Backup:
    """Zip every data file into ``backups/`` (atomically), then rotate.

    Raises :class:`WriteFailed` (and records it for ``doctor``) when a data file cannot be
    read, the data kept changing during :data:`ATTEMPTS` copies, or the zip cannot be
    written; the data is never changed.
    """
    try:
        return _take_backup(store, label, now, protect)
    except StorageError as exc:
        _record_failure(store, str(exc))
        raise


def _take_backup(
    store: DataStore, label: str, now: datetime | None, protect: Sequence[Path]
) -> Backup:
    root = store.root
    moment = (now or store.clock.now()).replace(tzinfo=None)
    folder = root / BACKUP_DIR
    for _attempt in range(ATTEMPTS):
        files = data_files(root)
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
            temp = _new_temp(folder)
        except OSError as exc:
            raise WriteFailed(t("backup.failed", error=exc.strerror or exc)) from None
        try:
            try:
                digests = _write_zip(store, temp, files)
            except OSError as exc:
                raise WriteFailed(t("backup.failed", error=exc.strerror or exc)) from None
            recent = _recent(files, temp.stat().st_mtime_ns)
            same = data_files(root) == files and not _changed_content(store, recent, digests)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        if same:
            break
        temp.unlink(missing_ok=True)  # something changed during the copy: take it again
    else:
        raise WriteFailed(t("backup.changing", attempts=ATTEMPTS))
    name = f"{PREFIX}{moment:%Y%m%dT%H%M%S}{'-' + label if label else ''}.zip"
    target = folder / name
    n = 1
    while target.exists():
        n += 1
        target = folder / name.replace(".zip", f"-{n}.zip")
    try:
        os.chmod(temp, 0o600)
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise WriteFailed(t("backup.failed", error=exc.strerror or exc)) from None
    state = {
        "fingerprint": _digest(files),
        "backup": target.name,
        "taken": moment.isoformat(),
        # what the recently changed files held: their times alone cannot tell a change
        "recent": {
            file.name: digests[file.name] for file in _recent(files, target.stat().st_mtime_ns)
        },
    }
    _write_state(store, state)
    with suppress(OSError):  # a backup that could not be rotated away is no failure
        rotate(root, now=moment, protect=protect)
    return Backup(target, moment)


def backup_if_changed(store: DataStore, now: datetime | None = None) -> Backup | None:
    """At start-up: a backup when the data changed since the last one (or there is none, or
    the last one failed)."""
    try:
        files = data_files(store.root)
    except StorageError as exc:
        _record_failure(store, str(exc))
        raise
    if not files:
        return None
    state = _read_state(store.root)
    if state.get("fingerprint") == _digest(files) and "failed" not in state and backups(store.root):
        recent = state.get("recent")
        if isinstance(recent, dict):
            checked = [file for file in files if file.name in recent]
            if not _changed_content(store, checked, recent):
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


def rotate(root: Path, now: datetime, *, protect: Sequence[Path] = ()) -> list[Path]:
    """Keep every backup of the last 24 hours (a restore may need one of them), then the
    newest of each of the last 12 days, 10 weeks and 9 months, and those in ``protect``
    (the backup being restored)."""
    moment = now
    # Recent ones, and any dated after "now" (a clock set back must not cost backups).
    keep: set[Path] = {b.path for b in backups(root) if moment - b.taken < timedelta(hours=24)}
    protected = {path.resolve() for path in protect}
    keep.update(b.path for b in backups(root) if b.path.resolve() in protected)
    all_backups = backups(root)[::-1]  # newest first; of two in one second, the later one
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


# --- restoring -------------------------------------------------------------------------

_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,  # a compression method zipfile does not know
    RuntimeError,  # an encrypted member
)


def _refused(path: Path, reason: str) -> StorageError:
    return StorageError(t("backup.refused", path=path, reason=reason))


def _member_names(path: Path, archive: zipfile.ZipFile) -> list[str]:
    """The data files in a backup; refuses a name that would land outside the folder."""
    names = []
    for info in archive.infolist():
        name = info.filename
        parts = Path(name).parts
        unsafe = name.startswith(("/", "\\")) or ".." in parts or ":" in name or "\\" in name
        if unsafe or not parts:
            raise _refused(path, t("backup.reason.unsafe", name=name))
        if info.is_dir() or parts[0] in _SKIP_TOP:
            continue
        names.append(name)
    return names


def verify_backup(root: Path, path: Path) -> list[str]:
    """The data files in the backup ``path``, once it is known to be whole: a regular file,
    a zip whose every member's CRC is right, holding ``meta.json``, every JSON member a JSON
    object, with room on the disk to unpack it. Raises :class:`StorageError` saying why
    not; nothing is changed either way."""
    try:
        check_regular(path)
    except FileNotFoundError:
        raise _refused(path, t("backup.reason.missing")) from None
    except OSError as exc:
        raise _refused(path, str(exc.strerror or exc)) from None
    try:
        with zipfile.ZipFile(path) as archive:
            names = _member_names(path, archive)
            try:
                damaged = archive.testzip()
            except _ZIP_ERRORS as exc:
                raise _refused(path, t("backup.reason.damaged", error=exc)) from None
            if damaged is not None:
                raise _refused(path, t("backup.reason.damaged_member", name=damaged))
            if "meta.json" not in names:
                raise _refused(path, t("backup.reason.no_data"))
            for name in names:
                if name.endswith(".json") and not _is_json_object(archive, name):
                    raise _refused(path, t("backup.reason.bad_json", name=name))
            needed = sum(archive.getinfo(name).file_size for name in names)
    except zipfile.BadZipFile:
        raise _refused(path, t("backup.reason.not_zip")) from None
    except OSError as exc:
        raise _refused(path, str(exc.strerror or exc)) from None
    free = disk_free(root)
    if needed > free:
        mb, free_mb = -(-needed // 2**20), free // 2**20
        raise _refused(path, t("backup.reason.no_space", mb=mb, free=free_mb))
    return names


def _is_json_object(archive: zipfile.ZipFile, name: str) -> bool:
    try:
        return isinstance(json.loads(archive.read(name).decode("utf-8-sig")), dict)
    except (*_ZIP_ERRORS, UnicodeDecodeError, RecursionError):
        return False


def _place(source: Path, target: Path) -> None:
    """Move ``source`` over ``target`` atomically, also when ``target`` is on another disk
    (``runs/`` may be a link to one)."""
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(source, 0o600)
    try:
        os.replace(source, target)
        return
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        shutil.copyfile(source, temp)
        os.chmod(temp, 0o600)
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def _backup_path(root: Path, backup: Path) -> Path:
    """The backup named: a path, or the name of one in ``backups/``."""
    backup = Path(backup).expanduser()
    if not os.path.lexists(backup) and (root / BACKUP_DIR / backup.name).exists():
        return root / BACKUP_DIR / backup.name
    return backup


def restore(store: DataStore, backup: Path) -> Backup:
    """Replace the data with a backup's; the current data is backed up first.

    The store must be open and locked (so the app is not running on it). The backup is
    checked whole first (:func:`verify_backup`): a damaged one is refused and nothing is
    changed. Returns the backup of the data as it was before.
    """
    if not store.locked:
        raise StorageError(t("backup.needs_lock"))
    root = store.root
    backup = _backup_path(root, backup)
    names = verify_backup(root, backup)
    try:
        safety = take_backup(store, label="before-restore", protect=[backup])
    except StorageError as exc:
        raise StorageError(t("backup.safety_failed", error=exc)) from None
    try:
        staging = Path(tempfile.mkdtemp(dir=root, prefix=_STAGING))
    except OSError as exc:
        raise _refused(backup, str(exc.strerror or exc)) from None
    try:
        try:
            with zipfile.ZipFile(backup) as archive:
                for name in names:
                    archive.extract(name, staging)
        except _ZIP_ERRORS as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            raise _refused(backup, str(reason)) from None
        keep = set(names)
        try:
            current = data_files(root)
            for name in names:
                _place(staging / name, root / name)
            for file in current:
                if file.name not in keep:
                    file.path.unlink(missing_ok=True)
        except (OSError, StorageError) as exc:
            error = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            raise StorageError(
                t("backup.restore_failed", error=error, safety=safety.name)
            ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return safety
