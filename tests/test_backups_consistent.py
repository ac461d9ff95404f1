"""Backups are complete and consistent, restores check the backup first, and writers share a
folder by waiting for each other.

* a backup follows the folder's real files (a ``runs/`` that is a symbolic link included);
* a file it cannot read stops it loudly (exit 1, the file named) and ``doctor`` says the last
  backup failed;
* a file changed while the backup runs makes it take the backup again, so the state it records
  is the state it holds;
* what a killed backup, write or restore left is removed at the next start;
* a damaged backup is refused by ``restore`` and nothing changes;
* a command that writes waits a few seconds for another copy of storeops; the app does not.
"""

from __future__ import annotations

import errno
import io
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storeops import backups
from storeops.backups import (
    ATTEMPTS,
    backup_if_changed,
    last_backup_failure,
    restore,
    take_backup,
    verify_backup,
)
from storeops.cli import EXIT_IN_USE, build_app
from storeops.storage import DataFolderInUse, DataStore, FileOps, StorageError, WriteFailed

REPO = Path(__file__).resolve().parents[1]


def _seed(root: Path) -> None:
    with DataStore.open(root) as store:
        store.collection("actions").put({"id": "a1", "text": "补货"})
        store.collection("drafts").put({"id": "d1", "answers": {}})
        store.month_collection("runs", "2026-10").put({"id": "r0"})
        store.month_collection("runs", "2026-11").put({"id": "r1"})


def _members(backup: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(backup) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (links followed), backups included: "nothing changed"."""
    found = {}
    for folder, _dirs, files in os.walk(root, followlinks=True):
        for name in files:
            path = Path(folder, name)
            found[str(path.relative_to(root))] = path.read_bytes()
    return found


def cli(*args: str | Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "storeops", *map(str, args)],
        capture_output=True, text=True, timeout=timeout, cwd=REPO,
    )  # fmt: skip


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    _seed(folder)
    return folder


# --- complete -------------------------------------------------------------------------------


def test_a_linked_runs_folder_is_backed_up_with_its_runs(root: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "bigger-disk" / "runs"
    elsewhere.parent.mkdir()
    (root / "runs").rename(elsewhere)
    (root / "runs").symlink_to(elsewhere, target_is_directory=True)

    result = CliRunner().invoke(build_app(), ["--data-dir", str(root), "backup"])

    assert result.exit_code == 0, result.output
    [taken] = backups.backups(root)
    members = _members(taken.path)
    assert {"runs/2026-10.json", "runs/2026-11.json"} <= set(members)  # the old code had none
    assert members["runs/2026-11.json"] == (elsewhere / "2026-11.json").read_bytes()


def test_a_restore_puts_runs_back_through_the_link(root: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "bigger-disk" / "runs"
    elsewhere.parent.mkdir()
    (root / "runs").rename(elsewhere)
    (root / "runs").symlink_to(elsewhere, target_is_directory=True)
    with DataStore.open(root) as store:
        taken = take_backup(store)
        store.month_collection("runs", "2026-11").put({"id": "r2"})
        store.month_collection("runs", "2026-12").put({"id": "r3"})
        restore(store, taken.path)
    assert (root / "runs").is_symlink()
    with DataStore.open(root, readonly=True) as store:
        assert store.month_collection("runs", "2026-11").all() == [{"id": "r1"}]
        assert store.months("runs") == ["2026-10", "2026-11"]


class UnreadableOps(FileOps):
    """Reading one file fails as if its permissions denied it (works even as root)."""

    def __init__(self, unreadable: Path) -> None:
        self.unreadable = unreadable

    def read_bytes(self, path: Path) -> bytes:
        if path == self.unreadable:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return super().read_bytes(path)


def test_a_file_that_cannot_be_read_stops_the_backup_and_doctor_says_so(root: Path) -> None:
    month = root / "runs" / "2026-10.json"
    with (
        DataStore.open(root, fs=UnreadableOps(month)) as store,
        pytest.raises(WriteFailed) as failed,
    ):
        take_backup(store)
    message = str(failed.value)
    assert f"{month} cannot be read (Permission denied)" in message
    assert backups.backups(root) == []
    assert not [p for p in (root / "backups").iterdir() if p.name.endswith(".tmp")]
    at, error = last_backup_failure(root) or ("", "")
    assert at and error == message
    report = CliRunner().invoke(build_app(), ["--data-dir", str(root), "doctor"])
    assert report.exit_code == 1
    assert "The last backup, at" in report.output and "2026-10.json" in report.output
    # once it can be read, a backup works and the failure is forgotten
    with DataStore.open(root) as store:
        take_backup(store)
    assert last_backup_failure(root) is None


@pytest.mark.skipif(os.name != "posix", reason="FIFOs and symbolic links")
@pytest.mark.parametrize("kind", ["fifo", "dangling link", "unreadable folder"])
def test_the_backup_command_fails_loudly_naming_the_file(root: Path, kind: str) -> None:
    if kind == "fifo":
        bad = root / "runs" / "2026-09.json"
        os.mkfifo(bad)
        said = "named pipe (FIFO)"
    elif kind == "dangling link":
        (root / "templates").mkdir(exist_ok=True)
        bad = root / "templates" / "0123abcd.json"
        bad.symlink_to(root / "nowhere.json")
        said = "which does not exist"
    else:
        if os.geteuid() == 0:
            pytest.skip("root reads a folder whatever its permissions")
        bad = root / "runs"
        said = "Permission denied"
        bad.chmod(0)
    try:
        result = cli("--data-dir", root, "backup", timeout=60)  # the old code hung on a FIFO
    finally:
        if kind == "unreadable folder":
            bad.chmod(0o700)
    assert result.returncode == 1, result.stdout
    assert f"The backup was not taken: {bad} cannot be read" in result.stderr
    assert said in result.stderr and "Traceback" not in result.stderr
    assert backups.backups(root) == []
    doctor = cli("--data-dir", root, "doctor")
    assert doctor.returncode == 1 and "The last backup, at" in doctor.stdout


def test_a_folder_that_cannot_be_listed_stops_the_backup(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What ``chmod 0 runs`` does for a user who is not root (the old code skipped it)."""
    scandir = os.scandir

    def denied(path: object) -> object:
        if Path(str(path)).name == "runs":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return scandir(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", denied)
    with DataStore.open(root) as store, pytest.raises(WriteFailed) as failed:
        take_backup(store)
    assert f"The backup was not taken: {root / 'runs'} cannot be read (Permission denied)" in (
        str(failed.value)
    )
    assert backups.backups(root) == []


def test_a_backup_on_a_read_only_folder_says_so(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    result = CliRunner().invoke(build_app(), ["--data-dir", str(root), "backup"])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # the old code raised the OSError
    assert "The backup could not be written (Read-only file system)" in result.output


# --- consistent -----------------------------------------------------------------------------


def _during_zip(
    monkeypatch: pytest.MonkeyPatch, when: str, change: Callable[[], None]
) -> list[str]:
    """Run ``change`` the first time member ``when`` is added to a backup zip: a file saved
    while the backup is being written (whichever way the zip is filled). Returns the names
    of the members added, in order, so a test sees a backup taken again."""
    added: list[str] = []

    def hook(name: str) -> None:
        added.append(name)
        if name == when and added.count(when) == 1:
            change()

    write, writestr = zipfile.ZipFile.write, zipfile.ZipFile.writestr

    def patched_write(self: zipfile.ZipFile, filename: object, arcname: object = None,
                      *args: object, **kwargs: object) -> None:  # fmt: skip
        hook(str(arcname))
        write(self, filename, arcname, *args, **kwargs)  # type: ignore[arg-type]

    def patched_writestr(self: zipfile.ZipFile, info: object, data: object,
                         *args: object, **kwargs: object) -> None:  # fmt: skip
        hook(info.filename if isinstance(info, zipfile.ZipInfo) else str(info))
        writestr(self, info, data, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(zipfile.ZipFile, "write", patched_write)
    monkeypatch.setattr(zipfile.ZipFile, "writestr", patched_writestr)
    return added


def test_a_file_changed_during_the_backup_makes_it_take_it_again(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with DataStore.open(root) as store:
        # actions.json is already in the zip when drafts.json is added: then it changes.
        actions = store.collection("actions")
        added = _during_zip(
            monkeypatch, "drafts.json", lambda: actions.put({"id": "a2", "text": "新"})
        )
        taken = take_backup(store)

        assert added.count("actions.json") == 2  # taken again
        members = _members(taken.path)
        assert members["actions.json"] == (root / "actions.json").read_bytes()
        assert "drafts.json" in members
        # and what it recorded is what it holds: nothing changed since, so no new backup
        assert backup_if_changed(store) is None


def test_a_change_that_keeps_size_time_and_inode_is_still_backed_up(root: Path) -> None:
    """Two saves within one tick of the file system's clock, at the same size, into a reused
    inode, look alike by their times: a file changed lately is compared by content."""
    with DataStore.open(root) as store:
        take_backup(store)
        path = root / "drafts.json"
        before = os.stat(path)
        changed = path.read_bytes().replace(b'"d1"', b'"d9"')
        with path.open("r+b") as file:  # in place: same inode, same size
            file.write(changed)
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same time
        after = os.stat(path)
        assert (after.st_size, after.st_mtime_ns, after.st_ino) == (
            before.st_size, before.st_mtime_ns, before.st_ino
        )  # fmt: skip

        taken = backup_if_changed(store)

        assert taken is not None
        assert _members(taken.path)["drafts.json"] == changed
        assert backup_if_changed(store) is None


def test_data_that_never_stops_changing_fails_the_backup_cleanly(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with DataStore.open(root) as store:
        n = [0]
        original = backups._write_zip

        def busy(*args: object) -> dict[str, str]:
            written = original(*args)  # type: ignore[arg-type]
            n[0] += 1
            store.collection("actions").put({"id": f"x{n[0]}"})
            return written

        monkeypatch.setattr(backups, "_write_zip", busy)
        with pytest.raises(WriteFailed, match=f"changed while it was being copied, {ATTEMPTS}"):
            take_backup(store)
    assert n[0] == ATTEMPTS
    assert [p.name for p in (root / "backups").iterdir()] == ["last-backup.json"]


def test_a_background_backup_while_answers_are_saved_is_never_stale(root: Path) -> None:
    """The app's start-up backup runs while the manager answers: whatever it holds, the next
    start backs up again unless it holds the data as it is now."""
    with DataStore.open(root) as store:
        stop = threading.Event()

        def answering() -> None:
            n = 0
            while not stop.is_set():
                n += 1
                store.collection("drafts").put({"id": "d1", "answers": {"q": n}})

        thread = threading.Thread(target=answering)
        thread.start()
        try:
            for _ in range(5):  # each is complete, or fails as "kept changing"
                error = backups.BackgroundBackup(store).finish()
                assert error is None or "changed while it was being copied" in error
        finally:
            stop.set()
            thread.join()
        backup_if_changed(store)
        latest = backups.backups(root)[-1]
        members = _members(latest.path)
        assert members["drafts.json"] == (root / "drafts.json").read_bytes()


# --- cleaned up --------------------------------------------------------------------------------


def test_what_a_killed_backup_or_write_left_is_removed_at_the_next_start(root: Path) -> None:
    (root / "backups").mkdir(exist_ok=True)
    left = [
        root / "backups" / ".backup-k1l2.tmp",
        root / ".drafts.json.424242.tmp",
        root / "runs" / ".2026-11.json.424242.tmp",
        root / "templates" / ".abc.json.424242.tmp",
    ]
    for path in left:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"half written")
    staging = root / ".restore-x1y2"
    (staging / "runs").mkdir(parents=True)
    (staging / "runs" / "2026-11.json").write_text("{}")

    with DataStore.open(root, readonly=True):
        assert all(path.exists() for path in left)  # a reader changes nothing
    with DataStore.open(root) as store:
        assert not any(path.exists() for path in left) and not staging.exists()
        names = set(_members(take_backup(store).path))
    assert not any(".tmp" in name or ".restore-" in name for name in names)


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_a_killed_cli_backup_leaves_nothing_after_the_next_start(root: Path) -> None:
    big = root / "runs" / "2026-01.json"
    big.write_text(json.dumps({"_default": {str(n): {"id": f"r{n}", "pad": os.urandom(200).hex()}
                                            for n in range(20000)}}))  # fmt: skip
    proc = subprocess.Popen(
        [sys.executable, "-m", "storeops", "--data-dir", str(root), "backup"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    seen: list[Path] = []
    while time.monotonic() < deadline and proc.poll() is None and not seen:
        seen = list((root / "backups").glob(".backup-*.tmp"))
        time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert seen, "the backup finished before it could be killed: the test proved nothing"
    assert list(root.rglob("*.tmp"))  # what the kill left
    DataStore.open(root).close()
    assert not list(root.rglob("*.tmp"))


# --- restore checks the backup first --------------------------------------------------------


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _good_entries(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.json"))
            if "backups" not in p.parts and not p.name.startswith("storeops.lock")}  # fmt: skip


def _flip_a_data_byte(raw: bytes) -> bytes:
    """The same zip with one byte of compressed data changed: it opens, its CRC fails."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        info = archive.getinfo("actions.json")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    middle = start + info.compress_size // 2
    return raw[:middle] + bytes([raw[middle] ^ 0xFF]) + raw[middle + 1 :]


BAD_BACKUPS: dict[str, tuple[Callable[[dict[str, bytes]], bytes], str]] = {
    "not a zip": (lambda good: b"PK\x03\x04 but not really a zip", "it is not a zip file"),
    "truncated": (lambda good: _zip(good)[: len(_zip(good)) // 2], "it is not a zip file"),
    "bad CRC": (lambda good: _flip_a_data_byte(_zip(good)), "damaged"),
    "no meta.json": (
        lambda good: _zip({k: v for k, v in good.items() if k != "meta.json"}),
        "it holds no storeops data (no meta.json)",
    ),
    "a JSON that does not parse": (
        lambda good: _zip({**good, "runs/2026-11.json": b'{"_default": {'}),
        "runs/2026-11.json in it is not valid storeops data",
    ),
    "a name outside the folder": (
        lambda good: _zip({**good, "../escaped.json": b"{}"}),
        "would land outside the data folder (../escaped.json)",
    ),
}


@pytest.mark.parametrize("kind", BAD_BACKUPS)
def test_a_bad_backup_is_refused_and_nothing_changes(root: Path, kind: str) -> None:
    make, said = BAD_BACKUPS[kind]
    with DataStore.open(root) as store:
        take_backup(store)
    bad = root.parent / "bad.zip"
    bad.write_bytes(make(_good_entries(root)))
    before = _snapshot(root)

    result = CliRunner().invoke(build_app(), ["--data-dir", str(root), "restore", str(bad)])

    assert result.exit_code == 1, result.output
    assert f"{bad} cannot be restored: " in result.output and said in result.output
    assert "Nothing was changed." in result.output
    assert _snapshot(root) == before  # not even a "before-restore" backup
    assert not (root.parent / "escaped.json").exists()


def test_a_good_backup_passes_the_check_and_restores(root: Path) -> None:
    with DataStore.open(root) as store:
        taken = take_backup(store)
        assert set(verify_backup(root, taken.path)) == set(_good_entries(root))
        store.collection("actions").put({"id": "a9"})
        safety = restore(store, taken.path)
        assert "before-restore" in safety.name
        assert [d["id"] for d in store.collection("actions").all()] == ["a1"]


def test_the_backup_restored_is_kept_by_the_rotation_after_it(root: Path) -> None:
    """Restoring the earlier of two backups of a day six days ago: the safety backup's
    rotation keeps one backup of that day, and it must not be the other one."""
    from datetime import datetime

    from storeops.clock import Clock

    with DataStore.open(root, clock=Clock.from_env()) as store:  # 2026-11-23 10:00
        earlier = take_backup(store, now=datetime(2026, 11, 17, 9, 0))
        store.collection("actions").put({"id": "a2"})
        take_backup(store, now=datetime(2026, 11, 17, 18, 0))
        restore(store, earlier.path)
        assert earlier.path.exists()
        assert [d["id"] for d in store.collection("actions").all()] == ["a1"]


@pytest.mark.skipif(os.name != "posix", reason="FIFOs")
def test_a_fifo_named_as_the_backup_is_refused(root: Path, tmp_path: Path) -> None:
    pipe = tmp_path / "backup.zip"
    os.mkfifo(pipe)
    with DataStore.open(root) as store, pytest.raises(StorageError, match="named pipe"):
        restore(store, pipe)


# --- writers wait ----------------------------------------------------------------------------

_HOLD = """
import sys, time
from storeops.storage import DataStore
store = DataStore.open(sys.argv[1])
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
store.close()
"""


@pytest.fixture
def holder(root: Path) -> Iterator[Callable[[float], subprocess.Popen[str]]]:
    """Start a process that holds the folder for some seconds."""
    started: list[subprocess.Popen[str]] = []

    def hold(seconds: float) -> subprocess.Popen[str]:
        proc = subprocess.Popen([sys.executable, "-c", _HOLD, str(root), str(seconds)],
                                stdout=subprocess.PIPE, text=True, cwd=REPO)  # fmt: skip
        started.append(proc)
        assert proc.stdout is not None
        assert select.select([proc.stdout], [], [], 60)[0] and proc.stdout.readline() == "locked\n"
        return proc

    yield hold
    for proc in started:
        proc.kill()
        proc.communicate(timeout=30)


def test_a_cli_write_waits_for_the_other_copy(
    root: Path, holder: Callable[[float], subprocess.Popen[str]]
) -> None:
    holder(1.5)
    result = cli("--data-dir", root, "staff", "add", "李雷")
    assert result.returncode == 0, result.stderr
    assert "waiting up to 5 s" in result.stderr and str(root) in result.stderr
    assert "李雷" in cli("--data-dir", root, "staff", "list").stdout


def test_a_cli_write_gives_up_after_a_few_seconds(
    root: Path, holder: Callable[[float], subprocess.Popen[str]]
) -> None:
    holder(60)
    start = time.monotonic()
    result = cli("--data-dir", root, "staff", "add", "韩梅梅")
    assert result.returncode == EXIT_IN_USE
    assert "waiting up to 5 s" in result.stderr and "already open" in result.stderr
    assert 4.5 < time.monotonic() - start < 30


def test_the_app_does_not_wait(
    root: Path, holder: Callable[[float], subprocess.Popen[str]]
) -> None:
    holder(60)
    start = time.monotonic()
    result = cli("--data-dir", root)  # no command: the app
    assert result.returncode == EXIT_IN_USE
    assert "already open" in result.stderr and "waiting" not in result.stderr
    assert time.monotonic() - start < 4.5


def test_parallel_cli_writers_all_succeed(root: Path) -> None:
    names = [f"Staff {n}" for n in range(6)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "storeops", "--data-dir", str(root), "staff", "add", name],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
        )
        for name in names
    ]
    results = [(*proc.communicate(timeout=120), proc.returncode) for proc in procs]
    assert [code for _, _, code in results] == [0] * len(names), results
    listed = cli("--data-dir", root, "staff", "list").stdout
    assert all(name in listed for name in names)


def test_open_waits_then_takes_the_folder_or_gives_up(root: Path) -> None:
    first = DataStore.open(root)
    told: list[str] = []
    with pytest.raises(DataFolderInUse):
        DataStore.open(root, wait=0.3, on_wait=told.append)
    assert len(told) == 1 and "waiting up to 0.3 s" in told[0]

    def close_soon() -> None:  # a thread, not threading.Timer: its absolute-time wait
        time.sleep(0.3)  # misbehaves under faketime, which README uses to move the date
        first.close()

    threading.Thread(target=close_soon).start()
    second = DataStore.open(root, wait=10, on_wait=told.append)
    assert second.locked
    second.close()
