"""Data safety: an I/O fault at every step, backups and restore, doctor, permissions, fuzzing.

The figures in README's "Reliability" section come from these tests.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from storeops.backups import backup_if_changed, backups, restore, rotate, take_backup
from storeops.cli import build_app
from storeops.context import open_context
from storeops.importing import import_runs
from storeops.runs import Run
from storeops.scoring import Answer
from storeops.storage import DataStore, FileOps, SourceFile, StorageError, WriteFailed

FAULTS = (errno.ENOSPC, errno.EACCES, errno.EIO)
COUNTS: dict[str, int] = {"faults": 0}


class FailAt(FileOps):
    """Makes the n-th write-side OS call (open, write, fsync, replace) fail with ``code``."""

    def __init__(self, n: int, code: int) -> None:
        self.n, self.code, self.calls, self.armed = n, code, 0, False

    def _tick(self) -> None:
        if not self.armed:
            return
        self.calls += 1
        if self.calls == self.n:
            COUNTS["faults"] += 1
            raise OSError(self.code, os.strerror(self.code))

    def open(self, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        self._tick()
        return os.open(*args, **kwargs)

    def write(self, fd, data):  # type: ignore[no-untyped-def, override]
        self._tick()
        return os.write(fd, data)

    def fsync(self, fd):  # type: ignore[no-untyped-def, override]
        self._tick()
        return os.fsync(fd)

    def replace(self, src, dst):  # type: ignore[no-untyped-def, override]
        self._tick()
        return os.replace(src, dst)


def _state(root: Path) -> tuple[dict[str, dict], list[str]]:
    """Drafts' answers and finished run ids, as a fresh process would read them."""
    ctx = open_context(root, readonly=True)
    assert ctx.problems == []
    drafts = {r.id: r.answers for r in ctx.runs.drafts()}
    return drafts, sorted(r.id for r in ctx.runs.finished())


def _prepared(root: Path) -> str:
    """A 6S draft with every item answered but the last, ready for the faulted step."""
    ctx = open_context(root)
    template = ctx.catalogue.get("six-s")
    run = ctx.runs.start(template, store_code="S1", header={"auditor": "Li"})
    scored = [i for i in template.items if i.type != "text"]
    ctx.runs.answer_many(run, {i.id: Answer(True) if i.type == "pass_fail" else Answer(0.0)
                               for i in scored[:-1]})  # fmt: skip
    ctx.close()
    return run.id


@pytest.mark.parametrize("code", FAULTS)
@pytest.mark.parametrize("step", ["answer", "finish"])
def test_a_fault_at_every_call_leaves_old_or_new_state(
    tmp_path: Path, step: str, code: int
) -> None:
    """For N = 1, 2, 3 … fail the N-th OS call of one operation until it succeeds; each time
    the data must read as exactly the state before or the state after."""
    n = 0
    while True:
        n += 1
        root = tmp_path / f"{step}-{code}-{n}"
        run_id = _prepared(root)
        before = _state(root)
        fs = FailAt(n, code)
        store = DataStore.open(root, fs=fs)
        ctx_runs = open_context(root, readonly=True).runs  # for the template only
        from storeops.runs import RunBook

        book = RunBook(store, ctx_runs.catalogue)
        run: Run = book.get(run_id)
        template = book.template_for(run)
        last = [i for i in template.items if i.type != "text"][-1]
        fs.armed = True  # count the calls of the operation itself, not of opening
        try:
            book.answer(run, last.id, Answer(True))
            if step == "finish":
                book.finish(run, "Li")
            failed = False
        except WriteFailed as exc:
            failed = True
            message = str(exc)
            assert "Traceback" not in message and str(root) in message
            if code == errno.ENOSPC:
                assert "disk is full" in message
        finally:
            store.close()
        after = _state(root)
        if not failed:
            assert after != before
            break
        drafts, finished = after
        if step == "answer":
            assert after == before  # the answer was not saved: nothing changed
        else:  # finishing: either still a draft (with the answer) or finished, never lost
            assert run_id in drafts or run_id in finished
            assert not (run_id in drafts and run_id in finished)
        assert n < 60, "the operation never succeeded"


def test_backup_when_changed_and_rotation(tmp_path: Path) -> None:
    ctx = open_context(tmp_path / "data")
    _ = ctx.runs.start(ctx.catalogue.get("six-s"), store_code="S1", header={"auditor": "Li"})
    first = backup_if_changed(ctx.store)
    assert first is not None and first.path.is_file()
    assert backup_if_changed(ctx.store) is None  # nothing changed since
    ctx.staff.add("Li Lei")
    assert backup_if_changed(ctx.store) is not None
    ctx.close()


def test_rotation_keeps_12_daily_10_weekly_9_monthly(tmp_path: Path) -> None:
    ctx = open_context(tmp_path / "data")
    ctx.staff.add("Li")
    start = datetime(2025, 10, 1, 21, 0)
    for day in range(400):  # a backup every evening for 400 days
        take_backup(ctx.store, now=start + timedelta(days=day))
    last = start + timedelta(days=399)
    kept = [b.taken for b in backups(ctx.data_dir)]
    assert len(kept) <= 12 + 10 + 9 and kept[-1] == last
    assert [last - timedelta(days=d) for d in range(12)] == sorted(kept)[-12:][::-1]
    assert min(kept) >= last - timedelta(days=31 * 9)
    assert rotate(ctx.data_dir, now=last) == []  # stable
    ctx.close()


def test_restore_brings_back_the_data_and_keeps_the_current_first(tmp_path: Path) -> None:
    root = tmp_path / "data"
    ctx = open_context(root)
    ctx.staff.add("Before")
    taken = take_backup(ctx.store)
    ctx.staff.add("After")
    safety = restore(ctx.store, taken.path)
    assert "before-restore" in safety.name
    ctx.close()
    assert open_context(root, readonly=True).staff.names() == ["Before"]
    with DataStore.open(root) as store:  # the pre-restore state is a backup of its own
        restore(store, safety.path)
    assert open_context(root, readonly=True).staff.names() == ["After", "Before"]


def test_restore_is_refused_while_the_app_is_open(tmp_path: Path) -> None:
    root = tmp_path / "data"
    ctx = open_context(root)
    backup = take_backup(ctx.store)
    result = subprocess.run(
        [sys.executable, "-m", "storeops", "--data-dir", str(root), "restore", str(backup.path)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    ctx.close()
    assert result.returncode != 0 and "already open" in result.stderr
    assert "Traceback" not in result.stderr


def test_doctor_reports_a_corrupt_file_and_an_edited_run(tmp_path: Path) -> None:
    root = tmp_path / "data"
    ctx = open_context(root)
    template = ctx.catalogue.get("six-s")
    for _ in range(2):
        run = ctx.runs.start(template, store_code="S1", header={"auditor": "Li"})
        ctx.runs.answer_many(run, {i.id: Answer(True) if i.type == "pass_fail" else Answer(0.0)
                                   for i in template.items if i.type != "text"})  # fmt: skip
        ctx.runs.finish(run, "Li")
    take_backup(ctx.store)
    ctx.staff.add("Someone")
    ctx.close()
    healthy = CliRunner().invoke(build_app(), ["--data-dir", str(root), "doctor"])
    assert healthy.exit_code == 0, healthy.output
    # Someone edits a finished answer by hand, and the staff file gets corrupted.
    [month] = (root / "runs").glob("????-??.json")
    data = json.loads(month.read_text("utf-8"))
    doc = next(iter(data["_default"].values()))
    doc["answers"]["6S-SAF-01"]["value"] = False
    month.write_text(json.dumps(data), "utf-8")
    (root / "staff.json").write_bytes(b"\x00" * 64)
    report = CliRunner().invoke(build_app(), ["--data-dir", str(root), "doctor"])
    assert report.exit_code == 1
    assert "staff.json" in report.output and doc["id"] in report.output
    assert "changed outside storeops" in report.output


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_data_folder_is_private(tmp_path: Path) -> None:
    root = tmp_path / "data"
    ctx = open_context(root)
    ctx.staff.add("Li")
    take_backup(ctx.store)
    ctx.close()
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    for path in root.rglob("*"):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, f"{path} is {oct(mode)}"


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_fuzzed_data_file_never_crashes_and_is_set_aside(tmp_path_factory, raw: bytes) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("fuzz")
    (root / "drafts.json").write_bytes(raw)
    (root / "staff.json").write_text('{"_default": {"1": {"id": "a", "name": "Li"}}}', "utf-8")
    try:
        ctx = open_context(root)
    except StorageError:
        return  # a clear refusal is fine
    assert ctx.staff.names() == ["Li"]  # everything else still loads
    ctx.runs.drafts()
    ctx.close()


@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)),
       st.sampled_from(["v.csv", "v.json"]))  # fmt: skip
def test_fuzzed_import_file_gives_problems_not_exceptions(
    tmp_path_factory, raw: bytes, name: str
) -> None:  # type: ignore[no-untyped-def]
    ctx = open_context(tmp_path_factory.mktemp("imp"))
    form = ctx.catalogue.get("mystery-shopper")
    result = import_runs(ctx.runs, form, SourceFile(name, raw), store_code="S1")
    assert result.runs == [] and result.problems  # nothing valid comes from noise
    assert all(str(p) for p in result.problems)
    ctx.close()


def test_background_backup_at_start_takes_one_and_reports_failure(tmp_path: Path) -> None:
    from storeops.backups import BackgroundBackup

    ctx = open_context(tmp_path / "data")
    ctx.staff.add("Li")
    assert BackgroundBackup(ctx.store).finish() is None
    assert len(backups(ctx.data_dir)) == 1
    root = tmp_path / "other"
    other = open_context(root)
    other.staff.add("Zhao")
    (root / "backups").write_text("not a folder")  # the backup cannot be written
    error = BackgroundBackup(other.store).finish()
    assert error is not None and "backup could not be written" in error
    assert (root / "staff.json").exists()  # the data itself is untouched
    other.close()
    ctx.close()
