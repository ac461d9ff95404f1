"""DataStore: UTF-8 files, atomic writes, corrupt and unreadable files, schema, lock, crashes."""

from __future__ import annotations

import errno
import json
import os
import random
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from storeops import storage
from storeops.cli import EXIT_IN_USE
from storeops.context import open_context
from storeops.i18n import current_language, set_language
from storeops.storage import (
    LOCK_INFO_NAME,
    SCHEMA_VERSION,
    DataFolderInUse,
    DataStore,
    FileOps,
    InstanceLock,
    StorageError,
    WriteFailed,
)

REPO = Path(__file__).resolve().parents[1]
SAVE_LOOP = Path(__file__).resolve().parent / "helpers" / "save_loop.py"
CRASH_LOOPS = int(os.environ.get("STOREOPS_CRASH_LOOPS", "25"))
CRASH_LOOPS_SLOW = 300
CRASH_SEED = int(os.environ.get("STOREOPS_CRASH_SEED", str(random.randrange(1_000_000))))


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    before = current_language()
    set_language("en")
    yield
    set_language(before)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(root: Path) -> Iterator[DataStore]:
    with DataStore.open(root) as opened:
        yield opened


def _temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


def _corrupt_copies(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.corrupt-*"))


def _python(code: str, *args: object, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
        **kwargs,  # type: ignore[arg-type]
    )


# --- UTF-8 ------------------------------------------------------------------


def test_chinese_text_round_trips_and_is_utf8_on_disk(store: DataStore) -> None:
    data = {"store_name": "南京路旗舰店", "manager": "王芳"}
    store.write_json("profile.json", data)
    store.collection("actions").put({"id": "a1", "text": "清扫仓库"})

    assert store.read_json("profile.json") == data
    assert store.collection("actions").get("a1") == {"id": "a1", "text": "清扫仓库"}
    raw = (store.root / "profile.json").read_bytes()
    assert "南京路旗舰店".encode() in raw  # stored as text, not \u escapes
    assert json.loads(raw.decode("utf-8")) == data
    assert "清扫仓库" in (store.root / "actions.json").read_bytes().decode("utf-8")


_ASCII_LOCALE_SCRIPT = r"""
import locale, sys
from pathlib import Path
from storeops.storage import DataStore
root = Path(sys.argv[1])
name = "\u5357\u4eac\u8def\u65d7\u8230\u5e97"
with DataStore.open(root) as store:
    store.write_json("profile.json", {"store_name": name})
    store.collection("actions").put({"id": "a1", "text": name})
with DataStore.open(root) as store:
    assert store.read_json("profile.json") == {"store_name": name}
    assert store.collection("actions").get("a1")["text"] == name
print(locale.getpreferredencoding(False))
"""


def test_files_are_utf8_under_an_ascii_locale(root: Path) -> None:
    env = dict(os.environ, LC_ALL="C", LANG="C", PYTHONUTF8="0", PYTHONCOERCECLOCALE="0")
    result = _python(_ASCII_LOCALE_SCRIPT, root, env=env)
    assert result.returncode == 0, result.stderr
    if "utf" in result.stdout.lower().replace("-", ""):
        pytest.skip(f"could not force a non-UTF-8 locale ({result.stdout.strip()})")

    profile = (root / "profile.json").read_bytes().decode("utf-8")
    assert json.loads(profile) == {"store_name": "南京路旗舰店"}
    assert "南京路旗舰店" in (root / "actions.json").read_bytes().decode("utf-8")


# --- atomic writes ------------------------------------------------------------


class FailingOps(FileOps):
    """Real file operations, except the one named in ``fail`` raises that errno."""

    def __init__(self) -> None:
        self.fail: dict[str, int] = {}

    def _check(self, op: str) -> None:
        if op in self.fail:
            code = self.fail[op]
            raise OSError(code, os.strerror(code))

    def open(self, path: object, flags: int, mode: int = 0o777) -> int:  # type: ignore[override]
        self._check("open")
        return os.open(path, flags, mode)  # type: ignore[arg-type]

    def write(self, fd: int, data: memoryview) -> int:  # type: ignore[override]
        if "write" in self.fail:
            os.write(fd, data[: len(data) // 2])  # the disk fills up half-way
        self._check("write")
        return os.write(fd, data)

    def fsync(self, fd: int) -> None:  # type: ignore[override]
        self._check("fsync")
        os.fsync(fd)

    def replace(self, src: object, dst: object) -> None:  # type: ignore[override]
        self._check("replace")
        os.replace(src, dst)  # type: ignore[arg-type]


def test_writes_leave_no_temp_files(store: DataStore) -> None:
    for n in range(5):
        store.write_json("profile.json", {"n": n})
        store.collection("actions").put({"id": f"a{n}"})
        store.month_collection("runs", "2026-01").put({"id": f"r{n}"})

    assert _temp_files(store.root) == []
    assert store.read_json("profile.json") == {"n": 4}


@pytest.mark.parametrize(
    ("op", "code", "message"),
    [
        ("replace", errno.ENOSPC, "disk is full"),
        ("write", errno.ENOSPC, "disk is full"),
        ("fsync", errno.ENOSPC, "disk is full"),
        ("write", errno.EDQUOT, "disk is full"),
        ("replace", errno.EACCES, "no permission"),
        ("open", errno.EACCES, "no permission"),
    ],
)
def test_failed_write_keeps_old_file_and_says_why(
    root: Path, op: str, code: int, message: str
) -> None:
    ops = FailingOps()
    with DataStore.open(root, fs=ops) as store:
        store.write_json("profile.json", {"store_name": "旧"})
        before = (root / "profile.json").read_bytes()
        ops.fail[op] = code

        with pytest.raises(WriteFailed) as failed:
            store.write_json("profile.json", {"store_name": "新" * 5000})

        assert message in str(failed.value).lower()
        assert str(root / "profile.json") in str(failed.value)
        assert (root / "profile.json").read_bytes() == before
        assert _temp_files(root) == []

        ops.fail.clear()  # space freed: the next save works
        store.write_json("profile.json", {"store_name": "新"})
        assert store.read_json("profile.json") == {"store_name": "新"}


def test_failed_put_keeps_the_collection(root: Path) -> None:
    ops = FailingOps()
    with DataStore.open(root, fs=ops) as store:
        drafts = store.collection("drafts")
        drafts.put({"id": "r1", "answers": {"q1": True}})
        ops.fail["replace"] = errno.ENOSPC

        with pytest.raises(WriteFailed):
            drafts.put({"id": "r1", "answers": {"q1": False}})

        ops.fail.clear()
        assert drafts.all() == [{"id": "r1", "answers": {"q1": True}}]
        assert _temp_files(root) == []


# --- corrupt and unreadable files -------------------------------------------

_GOOD_TINYDB = json.dumps({"_default": {"1": {"id": "r1", "note": "fitting room tidy"}}}).encode()
CORRUPT_CONTENT = {
    "empty": b"",
    "nul-filled": b"\x00" * 4096,
    "truncated-json": _GOOD_TINYDB[: len(_GOOD_TINYDB) // 2],
    "not-json": b"this is not json\r\n",
    "not-utf8": b"\xff\xfe\xb0\xa1 gbk bytes",
    "json-array": b"[1, 2, 3]",
}


def _seed_folder(root: Path) -> None:
    """A folder with a draft, an action and two months of history."""
    with DataStore.open(root) as store:
        store.collection("drafts").put({"id": "d1"})
        store.collection("actions").put({"id": "a1", "text": "补货"})
        store.month_collection("runs", "2025-12").put({"id": "r0"})
        store.month_collection("runs", "2026-01").put({"id": "r1"})


@pytest.mark.parametrize("name", ["drafts.json", "runs/2026-01.json"])
@pytest.mark.parametrize("kind", CORRUPT_CONTENT)
def test_corrupt_file_is_moved_aside_and_reported(root: Path, name: str, kind: str) -> None:
    _seed_folder(root)
    bad = root / name
    bad.write_bytes(CORRUPT_CONTENT[kind])

    with DataStore.open(root) as store:
        if name.startswith("runs/"):
            # History partitions are checked when read (not all at every start).
            assert store.problems == []
            store.month_collection("runs", "2026-01").all()
        assert len(store.problems) == 1
        assert str(bad) in store.problems[0]
        moved = _corrupt_copies(bad)
        assert len(moved) == 1
        assert moved[0].read_bytes() == CORRUPT_CONTENT[kind]
        assert not bad.exists()
        # the rest of the data still loads
        assert store.collection("actions").all() == [{"id": "a1", "text": "补货"}]
        assert store.month_collection("runs", "2025-12").all() == [{"id": "r0"}]
        if name == "drafts.json":
            assert store.month_collection("runs", "2026-01").all() == [{"id": "r1"}]
        else:
            assert store.collection("drafts").all() == [{"id": "d1"}]
        # and the moved-aside file can be replaced by new data
        if name == "drafts.json":
            replaced = store.collection("drafts")
        else:
            replaced = store.month_collection("runs", "2026-01")
        replaced.put({"id": "new"})
        assert replaced.all() == [{"id": "new"}]


def test_second_corrupt_copy_does_not_overwrite_the_first(root: Path) -> None:
    _seed_folder(root)
    (root / "drafts.json").write_bytes(b"first bad")
    DataStore.open(root).close()
    (root / "drafts.json").write_bytes(b"second bad")
    DataStore.open(root).close()

    moved = _corrupt_copies(root / "drafts.json")
    assert sorted(p.read_bytes() for p in moved) == [b"first bad", b"second bad"]


def test_unreadable_file_is_never_written_to(root: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can read a chmod 000 file")
    _seed_folder(root)
    drafts = root / "drafts.json"
    before = drafts.read_bytes()
    drafts.chmod(0)
    try:
        with DataStore.open(root) as store:
            assert any(str(drafts) in problem for problem in store.problems)
            with pytest.raises(WriteFailed):
                store.collection("drafts").put({"id": "d2"})
    finally:
        drafts.chmod(0o600)
    assert drafts.read_bytes() == before
    assert _corrupt_copies(drafts) == []


class UnreadableOps(FileOps):
    """Reading one file fails as if its permissions denied it (works even as root)."""

    def __init__(self, unreadable: Path) -> None:
        self.unreadable = unreadable

    def read_bytes(self, path: Path) -> bytes:
        if path == self.unreadable:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return super().read_bytes(path)


def test_file_that_cannot_be_read_is_left_alone(root: Path) -> None:
    _seed_folder(root)
    drafts = root / "drafts.json"
    before = drafts.read_bytes()

    with DataStore.open(root, fs=UnreadableOps(drafts)) as store:
        assert len(store.problems) == 1
        assert str(drafts) in store.problems[0]
        with pytest.raises(WriteFailed):
            store.collection("drafts").put({"id": "d2"})
        with pytest.raises(WriteFailed):
            store.write_json("drafts.json", {})
        assert store.collection("actions").all() == [{"id": "a1", "text": "补货"}]

    assert drafts.read_bytes() == before
    assert _corrupt_copies(drafts) == []


def test_readonly_store_reports_but_does_not_move_corrupt_files(root: Path) -> None:
    _seed_folder(root)
    drafts = root / "drafts.json"
    drafts.write_bytes(b"\x00\x00\x00")

    with DataStore.open(root, readonly=True) as store:
        assert not store.locked
        assert len(store.problems) == 1
        assert str(drafts) in store.problems[0]
        assert store.collection("drafts").all() == []
        assert store.collection("actions").all() == [{"id": "a1", "text": "补货"}]
        with pytest.raises(WriteFailed):
            store.write_json("profile.json", {"store_name": "x"})
        with pytest.raises(WriteFailed):
            store.collection("actions").put({"id": "a2"})

    assert drafts.read_bytes() == b"\x00\x00\x00"
    assert _corrupt_copies(drafts) == []
    assert not (root / "profile.json").exists()
    assert len(json.loads((root / "actions.json").read_text("utf-8"))["_default"]) == 1


def test_readonly_open_of_a_missing_folder_creates_nothing(root: Path) -> None:
    with DataStore.open(root, readonly=True) as store:
        assert store.read_json("profile.json") is None
    assert not root.exists()


# --- schema -------------------------------------------------------------------


def test_fresh_folder_gets_current_schema(store: DataStore) -> None:
    meta = json.loads((store.root / "meta.json").read_bytes().decode("utf-8"))
    assert meta["schema"] == SCHEMA_VERSION
    assert meta["created"]


def test_newer_schema_is_refused_and_meta_left_unchanged(root: Path) -> None:
    root.mkdir()
    meta = root / "meta.json"
    meta.write_bytes(json.dumps({"schema": SCHEMA_VERSION + 1, "created": "2030-01-01"}).encode())
    before = meta.read_bytes()

    with pytest.raises(StorageError, match="newer storeops"):
        DataStore.open(root)

    assert meta.read_bytes() == before
    with pytest.raises(StorageError, match="newer storeops"):  # lock was freed, same answer
        DataStore.open(root)


def test_newer_schema_folder_is_not_touched_at_all(root: Path) -> None:
    root.mkdir()
    (root / "meta.json").write_text(json.dumps({"schema": SCHEMA_VERSION + 1}), "utf-8")
    newer_format = root / "exports.json"
    newer_format.write_text("[]", "utf-8")  # a file layout this version does not know

    with pytest.raises(StorageError, match="nothing was changed"):
        DataStore.open(root)

    assert newer_format.read_text("utf-8") == "[]"


@pytest.mark.parametrize("schema", [None, "one"])
def test_meta_with_bad_schema_value_is_a_storage_error(root: Path, schema: object) -> None:
    root.mkdir()
    (root / "meta.json").write_text(json.dumps({"schema": schema}), "utf-8")
    with pytest.raises(StorageError):
        DataStore.open(root)


def test_migration_runs_once_on_an_old_folder(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = SCHEMA_VERSION
    calls: list[int] = []

    def migrate(store: DataStore) -> None:
        calls.append(old)
        store.collection("actions").put({"id": "migrated"})

    monkeypatch.setattr(storage, "SCHEMA_VERSION", old + 1)
    monkeypatch.setattr(storage, "MIGRATIONS", {old: migrate})
    root.mkdir()
    (root / "meta.json").write_text(json.dumps({"schema": old, "created": "2025-01-01"}), "utf-8")

    with DataStore.open(root) as store:
        assert calls == [old]
        assert store.collection("actions").get("migrated") == {"id": "migrated"}
    meta = json.loads((root / "meta.json").read_text("utf-8"))
    assert meta == {"schema": old + 1, "created": "2025-01-01"}

    DataStore.open(root).close()
    assert calls == [old]


def test_fresh_folder_needs_no_migration(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[DataStore] = []
    monkeypatch.setattr(storage, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr(storage, "MIGRATIONS", {SCHEMA_VERSION: calls.append})

    DataStore.open(root).close()

    assert calls == []
    assert json.loads((root / "meta.json").read_text("utf-8"))["schema"] == SCHEMA_VERSION + 1


# --- single-instance lock -----------------------------------------------------

_TRY_OPEN = """
import sys
from storeops.i18n import set_language
from storeops.storage import DataFolderInUse, DataStore
set_language("en")
try:
    store = DataStore.open(sys.argv[1])
except DataFolderInUse as exc:
    print(exc)
    sys.exit(3)
store.close()
print("opened")
"""

_HOLD_OPEN = """
import sys, time
from storeops.storage import DataStore
store = DataStore.open(sys.argv[1])
print("locked", flush=True)
time.sleep(120)
"""


def test_second_process_is_refused_while_store_is_open(root: Path) -> None:
    store = DataStore.open(root)
    try:
        refused = _python(_TRY_OPEN, root)
        assert refused.returncode == 3, refused.stderr
        assert "storeops is already open" in refused.stdout
        assert f"process {os.getpid()}" in refused.stdout
    finally:
        store.close()

    allowed = _python(_TRY_OPEN, root)
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    assert "opened" in allowed.stdout


def test_lock_of_a_killed_process_frees_itself(root: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_OPEN, str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        assert select.select([holder.stdout], [], [], 60)[0], "holder never started"
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        with pytest.raises(DataFolderInUse):
            DataStore.open(root)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.communicate(timeout=60)

    assert holder.returncode == -signal.SIGKILL
    with DataStore.open(root) as store:
        assert store.locked


def test_cli_refuses_a_folder_in_use_without_traceback(root: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "STOREOPS_DATA_DIR"}
    command = [sys.executable, "-m", "storeops", "--data-dir", str(root), "setup"]
    command += ["--store-code", "X1", "--store-name", "N", "--manager", "M"]
    with DataStore.open(root):
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=120, cwd=REPO, env=env
        )

    assert result.returncode == EXIT_IN_USE
    assert "already open" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (root / "profile.json").exists()


# --- crash safety ---------------------------------------------------------------


def _kill_save_loop(folder: Path, log: Path, seed: int, delay: float) -> str:
    """Run the save loop until it is ready, let it work ``delay`` s, SIGKILL it."""
    command = [sys.executable, str(SAVE_LOOP), str(folder), str(log), str(seed)]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO
    ) as proc:
        assert proc.stdout is not None
        ready = bool(select.select([proc.stdout], [], [], 60)[0])
        ready = ready and proc.stdout.readline() == "ready\n"
        if ready:
            time.sleep(delay)
        still_running = proc.poll() is None
        if still_running:
            proc.send_signal(signal.SIGKILL)
        else:
            proc.kill()
        _, err = proc.communicate(timeout=60)
    assert ready and still_running, f"save loop did not run until killed:\n{err}"
    assert proc.returncode == -signal.SIGKILL
    return err


def _check_after_crash(folder: Path, log: Path, finished_before: int, where: str) -> int:
    """Everything a killed save loop must leave behind; returns the finished count."""
    for path in folder.rglob("*.json"):
        assert isinstance(json.loads(path.read_bytes().decode("utf-8")), dict), (where, path)
    ctx = open_context(folder, lang="en")
    try:
        assert ctx.problems == [], where
        finished = ctx.runs.finished()
        assert len(finished) >= finished_before, where
        drafts = ctx.store.collection("drafts").all()
        assert all(doc["status"] == "draft" for doc in drafts), where
        finished_ids = {run.id for run in finished}
        text = log.read_text("utf-8").splitlines(keepends=True)
        lines = [line.split() for line in text if line.endswith("\n")]  # skip a cut line
        for line in lines:
            if line[0] == "F":
                assert line[1] in finished_ids, (where, "finished run lost", line[1])
        answers = [line for line in lines if line[0] == "A"]
        if answers:
            _, run_id, count = answers[-1]
            run = ctx.runs.get(run_id)
            assert len(run.answers) >= int(count), (where, "saved answer lost", run_id)
        return len(finished)
    finally:
        ctx.close()


def _crash_loop(tmp_path: Path, loops: int) -> None:
    rng = random.Random(CRASH_SEED)
    folder = tmp_path / "data"
    finished = 0
    for n in range(loops):
        where = f"kill {n + 1}/{loops}, STOREOPS_CRASH_SEED={CRASH_SEED}"
        log = tmp_path / f"log-{n}.txt"
        log.touch()
        _kill_save_loop(folder, log, rng.randrange(2**31), rng.uniform(0.05, 0.5))
        finished = _check_after_crash(folder, log, finished, where)
    assert finished > 0, "the save loop never finished a run: the test proved nothing"
    assert not list(folder.rglob("*.corrupt-*"))


def test_killed_save_loop_never_damages_data(tmp_path: Path) -> None:
    _crash_loop(tmp_path, CRASH_LOOPS)


@pytest.mark.slow
@pytest.mark.timeout(600)  # ~165 s on a 2-core machine: the default 180 s left a 9 % margin
def test_killed_save_loop_never_damages_data_many_times(tmp_path: Path) -> None:
    _crash_loop(tmp_path, CRASH_LOOPS_SLOW)


# --- collections ----------------------------------------------------------------


def test_put_is_an_upsert_by_id(store: DataStore) -> None:
    actions = store.collection("actions")
    actions.put({"id": "a", "v": 1})
    actions.put({"id": "b", "v": 2})
    actions.put({"id": "a", "v": 3, "note": "改"})

    assert sorted(actions.all(), key=lambda doc: doc["id"]) == [
        {"id": "a", "v": 3, "note": "改"},
        {"id": "b", "v": 2},
    ]
    assert actions.get("a") == {"id": "a", "v": 3, "note": "改"}
    assert actions.get("missing") is None


def test_delete_removes_only_that_document(store: DataStore) -> None:
    actions = store.collection("actions")
    for doc_id in ("a", "b", "c"):
        actions.put({"id": doc_id})
    actions.delete("b")
    actions.delete("not-there")

    assert sorted(doc["id"] for doc in actions.all()) == ["a", "c"]
    assert actions.get("b") is None


def test_collections_persist_across_stores(root: Path) -> None:
    with DataStore.open(root) as store:
        store.collection("actions").put({"id": "a", "text": "整理"})
    with DataStore.open(root, readonly=True) as store:
        assert store.collection("actions").all() == [{"id": "a", "text": "整理"}]


def test_months_lists_partitions_sorted(store: DataStore) -> None:
    assert store.months("runs") == []
    for month in ("2026-03", "2025-12", "2026-01"):
        store.month_collection("runs", month).put({"id": month})
    store.write_json("runs/notes.json", {})  # not a month partition

    assert store.months("runs") == ["2025-12", "2026-01", "2026-03"]
    assert store.month_collection("runs", "2026-03").all() == [{"id": "2026-03"}]


@pytest.mark.parametrize("bad", ["../escape", "a/b", ""])
def test_bad_collection_names_are_refused(store: DataStore, bad: str) -> None:
    with pytest.raises(ValueError):
        store.collection(bad)


@pytest.mark.parametrize("month", ["2026-1", "26-01", "2026-01/../x"])
def test_bad_month_partitions_are_refused(store: DataStore, month: str) -> None:
    with pytest.raises(ValueError):
        store.month_collection("runs", month)


class CountingOps(FileOps):
    def __init__(self) -> None:
        self.fsyncs = 0

    def fsync(self, fd: int) -> None:  # type: ignore[override]
        self.fsyncs += 1
        os.fsync(fd)


def test_the_lock_note_is_not_fsynced_but_data_is(tmp_path: Path) -> None:
    """Who holds the lock is a courtesy note, not data: opening costs no fsync."""
    root = tmp_path / "data"
    DataStore.open(root).close()  # a new folder: its schema is written durably
    ops = CountingOps()
    store = DataStore.open(root, fs=ops)
    try:
        assert ops.fsyncs == 0
        assert json.loads((root / LOCK_INFO_NAME).read_text("utf-8"))["pid"] == os.getpid()
        store.write_json("profile.json", {"store_code": "B1"})
        assert ops.fsyncs >= 1
    finally:
        store.close()


def test_instance_lock_is_exclusive_until_released(tmp_path: Path) -> None:
    first, second = InstanceLock(tmp_path / "x.lock"), InstanceLock(tmp_path / "x.lock")
    assert first.acquire()
    assert first.acquire()  # holding it already
    assert not second.acquire()
    first.release()
    first.release()  # twice is harmless
    assert second.acquire()
    assert not first.acquire()
    second.release()
