"""The only module that touches files.

Layout of a data folder::

    meta.json              schema version (migrations run on open)
    profile.json           the store profile
    drafts.json            runs in progress — small, rewritten on every answer
    runs/YYYY-MM.json      finished runs by month — never touched by an answer
    evidence/<hash>-<name> copies of the files that closed corrective actions
    actions.json, ...      other collections (each in TinyDB's file format)
    templates/<hash>.json  every template version a run was scored with
    storeops.lock          single-instance lock (freed by the OS if the process dies)

Safety rules, each with a reason:

* Every write goes to a temp file in the same folder, is flushed and fsynced, then
  ``os.replace``-d over the old file, and the folder is fsynced (POSIX). A kill or
  power cut leaves the old or the new file, never half of one.
* No file handle stays open between operations and nothing of a file is cached: each
  operation reads it afresh, so no document id outlives a write (a TinyDB pitfall with
  two processes).
* Files are read and written as UTF-8 whatever the locale (cp936 on Chinese Windows).
* A file that cannot be parsed is moved aside under a timestamped name and named in
  :attr:`DataStore.problems`; one that cannot even be read is never written to.
* A record of the wrong shape (not an object, a key that is not a number; or, found by the
  books in :mod:`storeops.records`, a field of the wrong type) is set aside: skipped,
  named in :attr:`DataStore.problems`, and left in its file exactly as it is: no later
  write changes or removes it (:class:`SetAside`).
* One writer per data folder (:class:`InstanceLock`): a second copy gets
  :class:`DataFolderInUse`.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from storeops.clock import SYSTEM, Clock
from storeops.file_kinds import output_target, read_regular
from storeops.i18n import Msg, t

SCHEMA_VERSION = 1
LOCK_NAME = "storeops.lock"
LOCK_INFO_NAME = "storeops.lock.json"
_MONTH_RE = re.compile(r"^\d{4}-\d{2}$")
_SAFE_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


EVIDENCE_DIR = "evidence"  # copies of the files that close corrective actions
_EVIDENCE_NAME_RE = re.compile(r"[^A-Za-z0-9._\-\u4e00-\u9fff]+")


class StorageError(Exception):
    """A storage problem with a message fit to show a store manager."""


class DataFolderInUse(StorageError):
    """Another storeops process holds the data folder."""


class WriteFailed(StorageError):
    """A write did not happen; the previous file is intact."""


class FileOps:
    """The OS calls storage makes, in one place so tests can make any of them fail."""

    open = staticmethod(os.open)
    write = staticmethod(os.write)
    fsync = staticmethod(os.fsync)
    close = staticmethod(os.close)
    replace = staticmethod(os.replace)
    unlink = staticmethod(os.unlink)

    def read_bytes(self, path: Path) -> bytes:
        # A regular file only: a FIFO would block for ever, a device never ends. Anything
        # else is an OSError, so it is reported as unreadable and never written to.
        return read_regular(path)


def _write_error(path: Path, exc: OSError) -> WriteFailed:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return WriteFailed(t("store.write_failed.nospace", path=path))
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS) or isinstance(exc, PermissionError):
        return WriteFailed(t("store.write_failed.denied", path=path))
    return WriteFailed(t("store.write_failed.other", path=path, error=exc.strerror or exc))


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 30 else text[:27] + "..."


def shown(value: object) -> str:
    """A stored value as it looks in the file (JSON), cut short: how a message names a
    record's wrong value (``null``, ``"x"``, ``[]``)."""
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=True)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 30 else text[:27] + "..."


def _decode(raw: bytes) -> tuple[dict[str, Any] | None, str | None]:
    """``raw`` as a JSON object, or None and why it is not a usable JSON object file."""
    if not raw.strip(b" \t\r\n\x00"):
        return None, t("store.reason.empty") if not raw else t("store.reason.blank")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return None, t("store.reason.encoding")
    except ValueError as exc:
        return None, t("store.reason.json", error=exc)
    if not isinstance(data, dict):
        return None, t("store.reason.shape")
    return data, None


_LOCK_POLL = 0.05  # seconds between tries while a writer waits for the folder
_TEMP_FOLDERS = ("", "runs", "templates", "backups")


def is_temp_name(name: str) -> bool:
    """An atomic write's ``.<name>.<pid>.tmp`` or an unfinished backup's ``.backup-….tmp``."""
    return name.startswith(".") and name.endswith(".tmp")


def _remove_stale_temps(root: Path) -> None:
    """Remove what a killed write, backup or restore left in the data folder (only while
    holding the lock: then no other copy of storeops is writing one)."""
    for sub in _TEMP_FOLDERS:
        try:
            entries = list(os.scandir(root / sub if sub else root))
        except OSError:
            continue
        for entry in entries:
            with suppress(OSError):
                if is_temp_name(entry.name) and entry.is_file(follow_symlinks=False):
                    os.unlink(entry.path)
                elif (
                    not sub
                    and entry.name.startswith(".restore-")
                    and entry.is_dir(follow_symlinks=False)
                ):
                    shutil.rmtree(entry.path, ignore_errors=True)


class InstanceLock:
    """An exclusive lock on one file, taken without waiting and freed by the OS when the
    process ends, however it ends: ``flock`` on POSIX, ``msvcrt.locking`` on Windows.

    This is what the filelock library does for this one case; filelock took 19 ms of
    the app's start (measured A/B with the benchmark's start-up script), a third of all
    that storeops added to a bare Textual app's start.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        """True if this process holds the lock now, False if another one holds it."""
        if self._fd is not None:
            return True
        windows = sys.platform == "win32"
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        except PermissionError:
            if windows:  # as filelock does: on Windows a refused open means it is held
                return False
            raise
        try:
            if windows:
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES, errno.EDEADLK):
                return False
            raise
        self._fd = fd
        return True

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if sys.platform == "win32":
                import msvcrt

                with suppress(OSError):
                    msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
            else:
                import fcntl

                with suppress(OSError):
                    fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


class DataStore:
    """All file access for one data folder. Make one per process and share it."""

    def __init__(
        self,
        root: Path,
        *,
        readonly: bool = False,
        fs: FileOps | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.root = Path(root)
        self.readonly = readonly
        self.fs = fs or FileOps()
        self.clock = clock or SYSTEM
        self.problems: list[str] = []
        # What could not be read, whole files and single records (see SetAside).
        self.set_aside: dict[tuple[Path, str, str], SetAside] = {}
        self._noting = threading.Lock()
        self._blocked: set[Path] = set()
        self._lock: InstanceLock | None = None

    # --- opening and closing ------------------------------------------------

    @classmethod
    def open(
        cls,
        root: Path,
        *,
        readonly: bool = False,
        fs: FileOps | None = None,
        clock: Clock | None = None,
        wait: float = 0.0,
        on_wait: Callable[[str], None] | None = None,
    ) -> DataStore:
        """Open a data folder: take the lock, check every file, migrate the schema.

        A writer waits up to ``wait`` seconds for another copy of storeops to free the folder
        (``on_wait`` is told once, with a message to show, when it starts waiting)."""
        store = cls(root, readonly=readonly, fs=fs, clock=clock)
        if not readonly:
            store._make_dir(store.root)
            store._acquire_lock(wait, on_wait)
        try:
            found = store._schema_found()  # first: a newer app's folder is left untouched
            store._check_files()
            store._migrate(found)
        except BaseException:
            store.close()
            raise
        return store

    def close(self) -> None:
        if self._lock is not None:
            with suppress(OSError):
                (self.root / LOCK_INFO_NAME).unlink(missing_ok=True)
            self._lock.release()
            self._lock = None

    def __enter__(self) -> DataStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _make_dir(self, path: Path) -> None:
        try:
            path.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise StorageError(t("store.not_dir", path=path, error=exc.strerror or exc)) from None
        if not path.is_dir():
            raise StorageError(t("store.not_dir", path=path, error=t("store.reason.not_folder")))

    def _acquire_lock(
        self, wait: float = 0.0, on_wait: Callable[[str], None] | None = None
    ) -> None:
        lock = InstanceLock(self.root / LOCK_NAME)
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                held = lock.acquire()
            except OSError as exc:
                error = exc.strerror or exc
                raise StorageError(t("store.not_dir", path=self.root, error=error)) from None
            if held:
                break
            if time.monotonic() >= deadline:
                holder = self._lock_holder()
                raise DataFolderInUse(t("store.locked", path=self.root, holder=holder))
            if on_wait is not None and not told:
                told = True
                holder = self._lock_holder()
                on_wait(t("store.waiting", path=self.root, holder=holder, seconds=f"{wait:g}"))
            time.sleep(min(_LOCK_POLL, max(0.0, deadline - time.monotonic())))
        self._lock = lock
        # Holding the lock, no other storeops writes here: a temp file is from a copy
        # that was killed, and is removed (it would otherwise be backed up for ever).
        _remove_stale_temps(self.root)
        import socket  # 3 ms, and only a writer needs it

        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": self.clock.now().isoformat(timespec="seconds"),
        }
        # The lock itself holds; the note of who holds it is a courtesy for the message.
        with suppress(WriteFailed):
            self.write_json(LOCK_INFO_NAME, info, durable=False)

    def _lock_holder(self) -> str:
        try:
            info = json.loads(read_regular(self.root / LOCK_INFO_NAME, 4096).decode("utf-8"))
            return t("store.locked.holder", pid=info["pid"], host=info["host"], since=info["since"])
        except (OSError, ValueError, KeyError, TypeError):
            return ""

    @property
    def locked(self) -> bool:
        return self._lock is not None

    # --- checking and migrating ---------------------------------------------

    def _data_files(self) -> Iterator[Path]:
        """The small top-level files; history partitions are checked as they are read
        (parsing years of history at every start would make the app slow to open)."""
        if not self.root.is_dir():
            return
        yield from sorted(p for p in self.root.glob("*.json") if p.name != LOCK_INFO_NAME)

    def all_data_files(self) -> list[Path]:
        """Every data file, history included (for the doctor)."""
        found = list(self._data_files())
        for folder in (self.root / "runs", self.root / "templates"):
            if folder.is_dir():
                found.extend(sorted(folder.glob("*.json")))
        return found

    def check_all(self) -> None:
        """Read every data file, so that unreadable ones are reported (and set aside)."""
        for path in self.all_data_files():
            self._read(path)

    def _check_files(self) -> None:
        for path in self._data_files():
            self._read(path)

    def _schema_found(self) -> int | None:
        """The folder's schema version (``None`` for a new folder); refuses a newer one."""
        path = self.path("meta.json")
        try:
            raw = self.fs.read_bytes(path)
        except FileNotFoundError:
            return None
        except OSError:
            return None  # reported by the file check that follows
        data, reason = _decode(raw)
        if data is None or reason is not None:
            return None  # moved aside by the file check; the folder is then treated as new
        value = data.get("schema", SCHEMA_VERSION)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise StorageError(t("store.bad_schema", path=path, found=_short(value)))
        if value > SCHEMA_VERSION:
            raise StorageError(
                t("store.newer_schema", path=self.root, found=value, known=SCHEMA_VERSION)
            )
        return value

    def _migrate(self, found: int | None) -> None:
        if self.readonly:
            return
        meta = self.read_json("meta.json")
        version = found if found is not None else SCHEMA_VERSION
        while version < SCHEMA_VERSION:
            MIGRATIONS[version](self)
            version += 1
        if found != SCHEMA_VERSION:
            created = (meta or {}).get("created") or self.clock.now().isoformat()
            self.write_json("meta.json", {"schema": SCHEMA_VERSION, "created": created})

    # --- raw files ------------------------------------------------------------

    def path(self, name: str) -> Path:
        """The path of a data file, given relative to the data folder."""
        return self.root / name

    def _read(self, path: Path) -> dict[str, Any] | None:
        """A JSON file's content; ``None`` if it does not exist or could not be used."""
        try:
            raw = self.fs.read_bytes(path)
        except FileNotFoundError:
            if not path.is_symlink():
                return None
            # A link to nothing (a half-synced or quarantined file): not the same as no
            # file at all, so it is reported, never read as empty.
            if path not in self._blocked:
                self._blocked.add(path)
                self.note(path, Msg("store.unreadable", path=path, error="dangling link"))
            return None
        except OSError as exc:
            if path not in self._blocked:
                self._blocked.add(path)
                self.note(path, Msg("store.unreadable", path=path, error=exc.strerror or exc))
            return None
        data, reason = _decode(raw)
        if reason is not None:
            self._quarantine(path, reason)
        return data

    def _quarantine(self, path: Path, reason: str) -> None:
        if self.readonly:
            if path not in self._blocked:
                self._blocked.add(path)
                self.note(path, Msg("store.unreadable", path=path, error=reason))
            return
        stamp = self.clock.now().strftime("%Y%m%dT%H%M%S")
        moved = path.with_name(f"{path.name}.corrupt-{stamp}")
        n = 1
        while moved.exists():
            n += 1
            moved = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        try:
            self.fs.replace(path, moved)
        except OSError:
            self._blocked.add(path)
            self.note(path, Msg("store.unreadable", path=path, error=reason))
            return
        message = Msg("store.corrupt", path=path, error=reason, moved=moved.name)
        self.note(path, message, moved=moved.name)

    # --- what could not be read -------------------------------------------------

    def note(
        self,
        path: Path,
        message: Msg,
        *,
        record: str = "",
        doc: object = None,
        moved: str = "",
        key: str = "",
        left_out: bool = False,
    ) -> None:
        """Record that ``path`` (or one ``record`` of it, ``doc`` as found) could not be
        read: named in :attr:`problems` once, kept in :attr:`set_aside`. ``key``: what
        makes it one (by default the record's key, or the moved file's name)."""
        entry_key = (path, key or record, moved)
        if entry_key in self.set_aside:
            return
        with self._noting:  # the app reads in worker threads too
            if entry_key not in self.set_aside:
                self._note(path, message, entry_key, record, doc, moved, left_out)

    def _note(
        self,
        path: Path,
        message: Msg,
        entry_key: tuple[Path, str, str],
        record: str,
        doc: object,
        moved: str,
        left_out: bool,
    ) -> None:
        found = doc if isinstance(doc, Mapping) else {}
        record_id, template_id = found.get("id"), found.get("template_id")
        entry = SetAside(
            path=path,
            message=message,
            kind=self._kind_of(path),
            record=record,
            record_id=record_id if isinstance(record_id, str) else "",
            template_id=template_id if isinstance(template_id, str) else "",
            moved=moved,
            left_out=left_out,
        )
        self.set_aside[entry_key] = entry
        self.problems.append(str(message))

    def left_out(self, path: Path, doc: Mapping[str, Any], why: Msg) -> None:
        """A record read well but left out of what is shown (a run whose template is gone,
        so it cannot be scored): reported like one set aside; nothing is set aside."""
        message = Msg("store.left_out", path=path, id=doc.get("id", "?"), why=why)
        self.note(path, message, doc=doc, key=f"left out {doc.get('id')}", left_out=True)

    def set_aside_record(self, path: Path, record: str, why: Msg, doc: object = None) -> None:
        """One record of ``path`` is set aside: skipped, reported, kept in its file."""
        record_id = doc.get("id") if isinstance(doc, Mapping) else None
        where = (
            Msg("store.record.id", key=record, id=record_id)
            if isinstance(record_id, str) and record_id
            else Msg("store.record", key=record)
        )
        self.note(path, Msg("store.set_aside", path=path, record=where, why=why),
                  record=record, doc=doc)  # fmt: skip

    def set_aside_keys(self, path: Path) -> set[str]:
        """The keys of the records of ``path`` set aside so far."""
        return {s.record for s in self.set_aside.values() if s.path == path and s.record}

    def damaged(self, path: Path) -> bool:
        """Whether part of ``path`` could not be read (the whole file or a record)."""
        return path in self._blocked or any(
            s.path == path and not s.left_out for s in self.set_aside.values()
        )

    def _kind_of(self, path: Path) -> str:
        """``runs`` for a month of history, a collection's name for the other data files,
        ``""`` for caches and archived templates (rebuilt, never a gap in the data)."""
        if path.parent == self.root / "runs":
            return "runs" if _MONTH_RE.match(path.stem) else ""
        if path.parent == self.root and path.suffix == ".json":
            return path.stem
        return ""

    def moved_earlier(self) -> list[SetAside]:
        """Data files moved aside as unreadable (``*.corrupt-*``) by this or an earlier
        session: what they held is missing until they are restored or deleted."""
        seen = {s.moved for s in self.set_aside.values() if s.moved}
        found = []
        for folder in (self.root, self.root / "runs"):
            if not folder.is_dir():
                continue
            for moved in sorted(folder.glob("*.json.corrupt-*")):
                original = moved.with_name(moved.name.split(".corrupt-", 1)[0])
                kind = self._kind_of(original)
                if moved.name in seen or not kind:
                    continue
                message = Msg("store.moved_gap", path=original, moved=moved.name)
                found.append(SetAside(original, message, kind, moved=moved.name))
        return found

    def gaps(
        self,
        kinds: Iterable[str] | None = None,
        *,
        since: date | None = None,
        until: date | None = None,
        template_id: str | None = None,
        record_id: str | None = None,
    ) -> list[SetAside]:
        """What could not be read of ``kinds`` (every kind when None) that may belong to
        the selection: files and records set aside so far, and files moved aside earlier.
        A record whose month, template or id is known and outside the selection is not
        a gap in it; one whose are not known is."""
        wanted = None if kinds is None else set(kinds)
        first = since.isoformat()[:7] if since else ""
        last = until.isoformat()[:7] if until else ""
        found = []
        for entry in [*self.set_aside.values(), *self.moved_earlier()]:
            if not entry.kind or (wanted is not None and entry.kind not in wanted):
                continue
            month = entry.month
            if month and ((first and month < first) or (last and month > last)):
                continue
            if template_id and entry.template_id and entry.template_id != template_id:
                continue
            if record_id and entry.record_id and entry.record_id != record_id:
                continue
            found.append(entry)
        return found

    def _write(
        self, path: Path, data: Mapping[str, Any], *, compact: bool = False, durable: bool = True
    ) -> None:
        if self.readonly:
            raise WriteFailed(
                t("store.write_failed.other", path=path, error=t("store.reason.readonly"))
            )
        if path in self._blocked:
            raise WriteFailed(t("store.write_blocked", path=path))
        if compact:
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        else:
            text = json.dumps(data, ensure_ascii=False, indent=1)
        payload = text.encode("utf-8")
        self._make_dir(path.parent)
        self.atomic_write(path, payload, durable=durable)

    def put_evidence(self, name: str, data: bytes) -> tuple[str, str]:
        """Keep a copy of an evidence file (a photo of a fixed shelf) in ``evidence/``, named
        by its content's hash; returns (its path in the data folder, its SHA-256). The
        same file given twice is kept once."""
        digest = hashlib.sha256(data).hexdigest()
        safe = _EVIDENCE_NAME_RE.sub("_", Path(name).name)[-80:] or "file"
        relative = f"{EVIDENCE_DIR}/{digest[:16]}-{safe}"
        path = self.path(relative)
        if not path.exists():
            self._make_dir(path.parent)
            self.atomic_write(path, data)
        return relative, digest

    def evidence_digest(self, relative: str) -> str | None:
        """The SHA-256 of an evidence file as it is now, or None if it cannot be read."""
        try:
            return hashlib.sha256(self.fs.read_bytes(self.path(relative))).hexdigest()
        except OSError:
            return None

    def atomic_write(
        self, path: Path, payload: bytes | Iterable[bytes], *, durable: bool = True
    ) -> None:
        """Write ``payload`` to ``path`` so that a crash leaves the old or the new file.

        ``payload`` may be chunks, written as they come (a merge of many files is never
        whole in memory); if making them fails, the old file stays and the error goes on.
        ``durable=False`` skips the fsyncs, for notes and caches that may be lost in a
        power cut (an fsync costs milliseconds here, tens of them on an old disk)."""
        fs = self.fs
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        chunks = [payload] if isinstance(payload, bytes | bytearray | memoryview) else payload
        try:
            fd = fs.open(
                tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600
            )
            try:
                for chunk in chunks:
                    view = memoryview(chunk)
                    while view:
                        written = fs.write(fd, view)
                        view = view[written:]
                if durable:
                    fs.fsync(fd)
            finally:
                fs.close(fd)
            self._replace(tmp, path)
        except OSError as exc:
            with suppress(OSError):
                fs.unlink(tmp)
            raise _write_error(path, exc) from None
        except BaseException:  # the chunks could not be made: leave the old file
            with suppress(OSError):
                fs.unlink(tmp)
            raise
        if durable:
            self._fsync_dir(path.parent)

    def _replace(self, src: Path, dst: Path) -> None:
        # On Windows a virus scanner or indexer may hold the target for a moment.
        for attempt in range(6):
            try:
                self.fs.replace(src, dst)
                return
            except PermissionError:
                if sys.platform != "win32" or attempt == 5:
                    raise
                time.sleep(0.05 * (attempt + 1))

    def _fsync_dir(self, folder: Path) -> None:
        if os.name != "posix":
            return
        try:
            fd = os.open(folder, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(fd)
        except OSError:
            pass  # some file systems cannot fsync a folder; the file itself is synced
        finally:
            os.close(fd)

    def read_json(self, name: str) -> dict[str, Any] | None:
        return self._read(self.path(name))

    def write_json(
        self, name: str, data: Mapping[str, Any], *, compact: bool = False, durable: bool = True
    ) -> None:
        self._write(self.path(name), data, compact=compact, durable=durable)

    # --- collections ------------------------------------------------------

    def collection(self, name: str) -> Collection:
        if not _SAFE_NAME_RE.match(name):
            raise ValueError(f"bad collection name {name!r}")
        return Collection(self, self.path(f"{name}.json"))

    def month_collection(self, folder: str, month: str) -> Collection:
        """The collection of ``folder`` for one month (``YYYY-MM``)."""
        if not _MONTH_RE.match(month) or not _SAFE_NAME_RE.match(folder):
            raise ValueError(f"bad partition {folder}/{month}")
        return Collection(self, self.path(f"{folder}/{month}.json"))

    def months(self, folder: str) -> list[str]:
        """The months that have a partition in ``folder``, oldest first."""
        base = self.path(folder)
        if not base.is_dir():
            return []
        return sorted(p.stem for p in base.glob("*.json") if _MONTH_RE.match(p.stem))

    def signature(self, folder: str) -> dict[str, list[int]]:
        """Size and modification time of each month partition: cheap to read, and it
        changes whenever a partition does (used to know an index is still current)."""
        base = self.path(folder)
        if not base.is_dir():
            return {}
        found = {}
        for path in base.glob("*.json"):
            if _MONTH_RE.match(path.stem):
                try:
                    info = path.stat()
                except OSError:  # a dangling link: reported when the month is read
                    found[path.stem] = [-1, -1]
                    continue
                found[path.stem] = [info.st_size, info.st_mtime_ns]
        return found

    def file_signature(self, name: str) -> list[int]:
        """Size and modification time of one data file (``[]`` when it does not exist)."""
        try:
            info = self.path(name).stat()
        except OSError:
            return []
        return [info.st_size, info.st_mtime_ns]

    # --- template archive -----------------------------------------------------

    def archive_template(self, template_hash: str, data: Mapping[str, Any]) -> None:
        """Keep the exact template a run was scored with, once per content hash."""
        name = f"templates/{template_hash}.json"
        if not self.path(name).exists():
            self.write_json(name, {"hash": template_hash, "data": data})

    def archived_template(self, template_hash: str) -> dict[str, Any] | None:
        doc = self.read_json(f"templates/{template_hash}.json")
        return doc.get("data") if doc else None


@dataclass(frozen=True)
class SourceFile:
    """A file read for parsing elsewhere (templates, imports); ``error`` if unreadable."""

    path: str
    data: bytes
    error: str | None = None


def read_sources(
    paths: Iterable[Path],
    suffix: str = ".toml",
    *,
    max_bytes: int | None = None,
    folders: bool = True,
) -> list[SourceFile]:
    """Every file named, and every ``*suffix`` file in each folder named, sorted by name.

    Only regular files are read, and nothing is opened that could block: a FIFO, a device, a
    socket, a link to nothing, a file larger than ``max_bytes`` or (``folders=False``) a
    folder gives a :class:`SourceFile` whose ``error`` says what it is.
    """
    found: list[SourceFile] = []
    for path in paths:
        path = Path(path).expanduser()
        if folders and path.is_dir():
            files = sorted(p for p in path.glob(f"*{suffix}") if not p.is_dir())
        else:
            files = [path]
        for file in files:
            try:
                found.append(SourceFile(str(file), read_regular(file, max_bytes)))
            except OSError as exc:
                found.append(SourceFile(str(file), b"", str(exc.strerror or exc)))
    return found


def read_cache(path: Path) -> Any:
    """A cache file's JSON, or None if it is missing or unreadable (a cache is never data)."""
    from storeops.file_kinds import read_regular

    try:  # a FIFO or device in the cache folder must not hang the start
        return json.loads(read_regular(path))
    except (OSError, ValueError):
        return None


def write_cache(path: Path, value: Any) -> None:
    """Write a cache file atomically; any failure is ignored (the cache is rebuilt later)."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        DataStore(path.parent).atomic_write(path, payload, durable=False)
    except (OSError, StorageError, ValueError, TypeError):
        pass


def disk_free(path: Path) -> int:
    """Free bytes on the disk holding ``path``."""
    return shutil.disk_usage(path).free


def write_crash_log(root: Path, stamp: str, text: str) -> Path:
    """Write the details of a crash (``text``, a traceback) to ``crash-<stamp>.log`` in the
    data folder, or in the temp folder when the data folder is not there; returns the
    file. Raises OSError (or :class:`StorageError`) when neither can be written."""
    folder = Path(root)
    if not folder.is_dir():
        import tempfile

        folder = Path(tempfile.gettempdir())
    path = folder / f"crash-{stamp}.log"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"crash-{stamp}-{n}.log"
    DataStore(folder).atomic_write(path, text.encode("utf-8"), durable=False)
    return path


def moved_aside(root: Path) -> list[str]:
    """Names of files moved aside as unreadable (``*.corrupt-*``) under ``root``."""
    return sorted(p.name for p in root.rglob("*.corrupt-*")) if root.is_dir() else []


def on_network_drive(path: Path) -> bool:
    """A UNC path, or (Linux) a mount whose file system is a network one: locks and
    fsync are unreliable there, so the data folder should be on a local disk."""
    text = str(Path(path).resolve())
    if text.startswith(("\\\\", "//")):
        return True
    mounts = Path("/proc/mounts")
    best, fs_type = "", ""
    try:
        lines = mounts.read_text("utf-8", "replace").splitlines() if mounts.is_file() else []
    except OSError:
        return False
    for line in lines:
        parts = line.split()
        if len(parts) >= 3 and text.startswith(parts[1]) and len(parts[1]) > len(best):
            best, fs_type = parts[1], parts[2]
    return fs_type in {"nfs", "nfs4", "cifs", "smbfs", "smb3", "sshfs", "fuse.sshfs", "9p"}


STALE_EXPORT_TEMP = 600.0  # s: an export's temp file this old was left by a killed export


def write_file(
    path: Path, payload: bytes | Iterable[bytes], *, outside: Path | None = None
) -> Path:
    """Write a file the user asked for (an export), atomically, outside the data folder.

    Returns the file written: ``path``, or, when ``path`` is a symbolic link, the file it
    points to (the link stays; the caller says where the data went). A folder, a FIFO, a
    device, a socket or a link to nothing is refused before anything is written, and so is
    a file inside ``outside`` (the data folder: an export named ``runs.json`` there would
    replace the store's runs).
    """
    path = Path(path).expanduser()
    try:
        target = output_target(path)
    except OSError as exc:
        error = t("store.reason.is_folder") if exc.errno == errno.EISDIR else exc.strerror
        raise WriteFailed(t("store.write_refused", path=path, error=error or exc)) from None
    if outside is not None and inside(target, outside):
        error = t("store.reason.data_folder", folder=outside)
        raise WriteFailed(t("store.write_refused", path=path, error=error))
    if not target.parent.is_dir():
        raise WriteFailed(
            t("store.write_failed.other", path=path, error=t("store.reason.no_folder"))
        )
    _remove_stale_export_temps(target)
    DataStore(target.parent).atomic_write(target, payload)
    return target


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or inside it, links and ``..`` followed (a folder that
    does not exist holds nothing)."""
    try:
        return path.resolve().is_relative_to(Path(folder).expanduser().resolve(strict=True))
    except (OSError, RuntimeError):
        return False


def _file_system_now(folder: Path) -> float:
    """The folder's file system's own time (of a file made just now): file times are stamped
    with it, which need not be this process's clock (a network drive, a moved clock)."""
    fd, probe = tempfile.mkstemp(dir=folder, prefix=".storeops-now-", suffix=".tmp")
    try:
        return os.fstat(fd).st_mtime
    finally:
        os.close(fd)
        with suppress(OSError):
            os.unlink(probe)


def _remove_stale_export_temps(target: Path) -> None:
    """Remove the temp files a killed export of this same file left (``.<name>.<pid>.tmp``,
    older than :data:`STALE_EXPORT_TEMP`, so another export still writing is left alone)."""
    pattern = re.compile(rf"^\.{re.escape(target.name)}\.(\d+)\.tmp$")
    try:
        entries = list(os.scandir(target.parent))
        cutoff = _file_system_now(target.parent) - STALE_EXPORT_TEMP
    except OSError:
        return
    for entry in entries:
        found = pattern.match(entry.name)
        if not found or int(found.group(1)) == os.getpid():
            continue
        with suppress(OSError):
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                os.unlink(entry.path)


TABLE = "_default"  # the one table of a collection file (TinyDB's name for it)


def _record_key(key: str) -> bool:
    return key.isascii() and key.isdigit()


class Collection:
    """Documents keyed by their ``"id"`` field, in one file of TinyDB's format
    (``{"_default": {"1": {...}, "2": {...}}}``), read afresh on every call.

    A record this cannot use (not an object, a key that is not a number, a table it does
    not know) is set aside: left out of what is read, named in the store's problems, and
    kept exactly as it is in the file by every write. So is a record the books could not
    read (:meth:`DataStore.set_aside_record`): a write never replaces or removes one.
    """

    def __init__(self, store: DataStore, path: Path) -> None:
        self.store = store
        self.path = path

    def _load(self) -> dict[str, Any]:
        """The file's tables as stored (``{}`` when it is missing or unusable)."""
        data = self.store._read(self.path)
        if data is None:
            return {}
        if not isinstance(data.get(TABLE, {}), dict):
            # Not a collection at all: the whole file is set aside like a corrupt one.
            self.store._quarantine(self.path, t("store.reason.shape"))
            return {}
        return data

    def entries(self) -> list[tuple[str, dict[str, Any]]]:
        """``(key, document)`` of every record that is an object and has not been set
        aside (by this or by a book that could not read it), in file order."""
        data = self._load()
        store, path = self.store, self.path
        aside = store.set_aside_keys(path)
        found = []
        for key, doc in data.get(TABLE, {}).items():
            if key in aside:
                continue
            if type(doc) is dict and _record_key(key):
                found.append((key, doc))
            elif type(doc) is not dict:
                store.set_aside_record(path, key, Msg("record.err.not_object", found=shown(doc)))
            else:
                store.set_aside_record(path, key, Msg("record.err.key", found=shown(key)), doc)
        for name in data:
            if name != TABLE:
                store.set_aside_record(path, name, Msg("record.err.table", found=shown(name)))
        return found

    def all(self) -> list[dict[str, Any]]:
        return [doc for _, doc in self.entries()]

    def get_entry(self, doc_id: str) -> tuple[str, dict[str, Any]] | None:
        """The last record with this ``id`` that has not been set aside, with its key."""
        found = None
        for key, doc in self.entries():
            if doc.get("id") == doc_id:
                found = (key, doc)
        return found

    def get(self, doc_id: str) -> dict[str, Any] | None:
        found = self.get_entry(doc_id)
        return found[1] if found else None

    def _writable(self) -> tuple[dict[str, Any], dict[str, Any], set[str]]:
        """The file's tables, its record table, and the keys no write may touch."""
        data = self._load()
        table = data.setdefault(TABLE, {})
        aside = self.store.set_aside_keys(self.path)
        aside.update(k for k, doc in table.items() if type(doc) is not dict or not _record_key(k))
        return data, table, aside

    def _matching(self, table: dict[str, Any], aside: set[str], doc_id: object) -> list[str]:
        return [k for k, doc in table.items() if k not in aside and doc.get("id") == doc_id]

    @staticmethod
    def _next_key(table: dict[str, Any]) -> int:
        return max((int(key) for key in table if _record_key(key)), default=0) + 1

    def put(self, doc: Mapping[str, Any]) -> None:
        """Insert the document, or update the one with this ``id`` (as TinyDB's upsert:
        fields not given are kept)."""
        data, table, aside = self._writable()
        keys = self._matching(table, aside, doc["id"])
        for key in keys:
            table[key] = {**table[key], **doc}
        if not keys:
            table[str(self._next_key(table))] = dict(doc)
        self.store._write(self.path, data)

    def put_many(self, docs: Sequence[Mapping[str, Any]]) -> None:
        """Add new documents with one write (ids must not be in the collection yet)."""
        data, table, _ = self._writable()
        key = self._next_key(table)
        for n, doc in enumerate(docs):
            table[str(key + n)] = dict(doc)
        self.store._write(self.path, data)

    def delete(self, doc_id: str) -> None:
        data, table, aside = self._writable()
        for key in self._matching(table, aside, doc_id):
            del table[key]
        self.store._write(self.path, data)


@dataclass(frozen=True)
class SetAside:
    """Something storeops could not read and left out: a whole file or one record of it.

    storeops never changes or removes it: a file that could not be parsed was moved
    aside (``moved``: its new name), one that could not be read is left as it is, and a
    record stays in its file, skipped when read and kept by every write. It is a gap in
    the data until the file is restored from a backup or the record is mended."""

    path: Path  # the data file
    message: Msg  # what happened and what to do, in the language shown
    kind: str  # "runs" (a month of history), "actions", "staff", …; "" not data (a cache)
    record: str = ""  # the record's key in the file; "" for the whole file
    record_id: str = ""  # its "id", when it has one
    template_id: str = ""  # its template, when it names one (runs)
    moved: str = ""  # the name an unreadable file was moved aside to
    left_out: bool = False  # read, but left out of what is shown (see DataStore.left_out)

    @property
    def month(self) -> str:
        """The month of history it is part of (``""`` for other files)."""
        return self.path.stem if self.kind == "runs" else ""

    def __str__(self) -> str:
        return str(self.message)


# Migrations from schema N to N+1; each takes the open, locked store.
MIGRATIONS: dict[int, Callable[[DataStore], None]] = {}
