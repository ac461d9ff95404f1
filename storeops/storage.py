"""The only module that touches files.

Layout of a data folder::

    meta.json              schema version (migrations run on open)
    profile.json           the store profile
    drafts.json            runs in progress (TinyDB) — small, rewritten on every answer
    runs/YYYY-MM.json      finished runs by month (TinyDB) — never touched by an answer
    actions.json, ...      other collections (TinyDB)
    templates/<hash>.json  every template version a run was scored with
    storeops.lock          single-instance lock (freed by the OS if the process dies)

Safety rules, each with a reason:

* Every write goes to a temp file in the same folder, is flushed and fsynced, then
  ``os.replace``-d over the old file, and the folder is fsynced (POSIX). A kill or
  power cut leaves the old or the new file, never half of one.
* No file handle stays open between operations; TinyDB objects are short-lived, so no
  cached document ids outlive a write (a TinyDB pitfall with two processes).
* Files are read and written as UTF-8 whatever the locale (cp936 on Chinese Windows).
* A file that cannot be parsed is moved aside under a timestamped name and named in
  :attr:`DataStore.problems`; one that cannot even be read is never written to.
* One writer per data folder (:class:`InstanceLock`): a second copy gets
  :class:`DataFolderInUse`.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB
from tinydb.storages import Storage

from storeops.clock import SYSTEM, Clock
from storeops.i18n import t

SCHEMA_VERSION = 1
LOCK_NAME = "storeops.lock"
LOCK_INFO_NAME = "storeops.lock.json"
_MONTH_RE = re.compile(r"^\d{4}-\d{2}$")
_SAFE_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


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
        return path.read_bytes()


def _write_error(path: Path, exc: OSError) -> WriteFailed:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return WriteFailed(t("store.write_failed.nospace", path=path))
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS) or isinstance(exc, PermissionError):
        return WriteFailed(t("store.write_failed.denied", path=path))
    return WriteFailed(t("store.write_failed.other", path=path, error=exc.strerror or exc))


def _short(value: object) -> str:
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
    ) -> DataStore:
        """Open a data folder: take the lock, check every file, migrate the schema."""
        store = cls(root, readonly=readonly, fs=fs, clock=clock)
        if not readonly:
            store._make_dir(store.root)
            store._acquire_lock()
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

    def _acquire_lock(self) -> None:
        lock = InstanceLock(self.root / LOCK_NAME)
        try:
            held = lock.acquire()
        except OSError as exc:
            raise StorageError(t("store.not_dir", path=self.root, error=exc.strerror)) from None
        if not held:
            raise DataFolderInUse(t("store.locked", path=self.root, holder=self._lock_holder()))
        self._lock = lock
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
            info = json.loads((self.root / LOCK_INFO_NAME).read_text("utf-8"))
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
            return None
        except OSError as exc:
            if path not in self._blocked:
                self._blocked.add(path)
                self.problems.append(t("store.unreadable", path=path, error=exc.strerror or exc))
            return None
        data, reason = _decode(raw)
        if reason is not None:
            self._quarantine(path, reason)
        return data

    def _quarantine(self, path: Path, reason: str) -> None:
        if self.readonly:
            if path not in self._blocked:
                self._blocked.add(path)
                self.problems.append(t("store.unreadable", path=path, error=reason))
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
            self.problems.append(t("store.unreadable", path=path, error=reason))
            return
        self.problems.append(t("store.corrupt", path=path, error=reason, moved=moved.name))

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

    def atomic_write(self, path: Path, payload: bytes, *, durable: bool = True) -> None:
        """Write ``payload`` to ``path`` so that a crash leaves the old or the new file.

        ``durable=False`` skips the fsyncs, for notes and caches that may be lost in a
        power cut (an fsync costs milliseconds here, tens of them on an old disk)."""
        fs = self.fs
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            fd = fs.open(
                tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600
            )
            try:
                view = memoryview(payload)
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
                info = path.stat()
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


def read_sources(paths: Iterable[Path], suffix: str = ".toml") -> list[SourceFile]:
    """Every file named, and every ``*suffix`` file in each folder named, sorted by name."""
    found: list[SourceFile] = []
    for path in paths:
        path = Path(path).expanduser()
        files = (
            sorted(p for p in path.glob(f"*{suffix}") if p.is_file()) if path.is_dir() else [path]
        )
        for file in files:
            try:
                found.append(SourceFile(str(file), file.read_bytes()))
            except OSError as exc:
                found.append(SourceFile(str(file), b"", str(exc.strerror or exc)))
    return found


def read_cache(path: Path) -> Any:
    """A cache file's JSON, or None if it is missing or unreadable (a cache is never data)."""
    try:
        return json.loads(Path(path).read_bytes())
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


def write_file(path: Path, payload: bytes) -> None:
    """Write a file the user asked for (an export), atomically, outside the data folder."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise WriteFailed(
            t("store.write_failed.other", path=path, error=t("store.reason.is_folder"))
        )
    if not path.parent.is_dir():
        raise WriteFailed(
            t("store.write_failed.other", path=path, error=t("store.reason.no_folder"))
        )
    DataStore(path.parent).atomic_write(path, payload)


class _AtomicJSONStorage(Storage):
    """TinyDB storage over :class:`DataStore`'s safe read and atomic write."""

    def __init__(self, path: Path, store: DataStore) -> None:
        self._path = path
        self._store = store

    def read(self) -> dict[str, dict[str, Any]] | None:
        return self._store._read(self._path)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._store._write(self._path, data)

    def close(self) -> None:
        pass


class Collection:
    """Documents keyed by their ``"id"`` field, in one TinyDB file."""

    def __init__(self, store: DataStore, path: Path) -> None:
        self.store = store
        self.path = path

    @contextmanager
    def _db(self) -> Iterator[TinyDB]:
        # A short-lived TinyDB per call: no cached ids or handles outlive the call.
        db = TinyDB(self.path, storage=_StorageFactory(self.store))
        try:
            yield db
        finally:
            db.close()

    def all(self) -> list[dict[str, Any]]:
        with self._db() as db:
            return [dict(doc) for doc in db.all()]

    def get(self, doc_id: str) -> dict[str, Any] | None:
        with self._db() as db:
            doc = db.get(Query().id == doc_id)
        return dict(doc) if isinstance(doc, Mapping) else None

    def put(self, doc: Mapping[str, Any]) -> None:
        """Insert or replace the document with this ``id``."""
        with self._db() as db:
            db.upsert(dict(doc), Query().id == doc["id"])

    def put_many(self, docs: Sequence[Mapping[str, Any]]) -> None:
        """Add new documents with one write (ids must not be in the collection yet)."""
        with self._db() as db:
            db.insert_multiple(dict(doc) for doc in docs)

    def delete(self, doc_id: str) -> None:
        with self._db() as db:
            db.remove(Query().id == doc_id)


class _StorageFactory:
    """TinyDB builds its storage from a class and the path; bind our store to it."""

    def __init__(self, store: DataStore) -> None:
        self.store = store

    def __call__(self, path: Path) -> _AtomicJSONStorage:
        return _AtomicJSONStorage(Path(path), self.store)


# Migrations from schema N to N+1; each takes the open, locked store.
MIGRATIONS: dict[int, Callable[[DataStore], None]] = {}
