"""Damaged data never hides: 18 hand edits of a data folder, each found by `storeops doctor`.

Each edit is made by hand (as a text editor would) on a copy of a real data folder with
a few finished runs over two months: six-S audits and mystery-shop visits, a legitimate
amendment and review decisions, a backup. `doctor` must exit non-zero and name the run
or file; the untouched folder is healthy. Runs written before the chain covered
amendments and reviews (old format) still check, and keep checking as the app adds to
them. README's Reliability table quotes "18 of 18" from here.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from storeops.backups import take_backup
from storeops.cli import build_app
from storeops.context import Context, open_context
from storeops.doctor import examine
from storeops.importing import import_runs
from storeops.profile import StoreProfile
from storeops.runs import Run
from storeops.scoring import Answer
from storeops.storage import DataStore, FileOps, SourceFile, WriteFailed

CST = timezone(timedelta(hours=8))
OCT, NOV = "runs/2026-10.json", "runs/2026-11.json"


def _at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=CST)


def _best(template: Any) -> dict[str, Answer]:
    answers: dict[str, Answer] = {}
    for item in template.items:
        if item.type == "pass_fail" and not item.bonus:
            answers[item.id] = Answer(not item.negative)
        elif item.type == "scale":
            answers[item.id] = Answer(item.max)
        elif item.type == "number":
            answers[item.id] = Answer(2.0 if item.threshold is not None else 0.0)
    return answers


def _audit(ctx: Context, when: datetime, auditor: str, **changes: Answer) -> Run:
    six_s = ctx.catalogue.get("six-s")
    run = ctx.runs.start(six_s, store_code="SH-021", header={"auditor": auditor}, now=when)
    ctx.runs.answer_many(run, {**_best(six_s), **changes}, now=when)
    ctx.runs.set_note(run, "6S-SAF-01", "exit B checked twice", now=when)
    return ctx.runs.finish(run, auditor, now=when)


def _visit(ctx: Context, when: datetime, target: str) -> Run:
    form = ctx.catalogue.get("mystery-shopper")
    header = {"shopper": "Mei", "target": target, "target_kind": "own",
              "visit_date": when.date().isoformat()}  # fmt: skip
    run = ctx.runs.start(form, store_code="SH-021", header=header, now=when)
    ctx.runs.answer_many(run, _best(form), now=when)
    return ctx.runs.finish(run, "Mei", now=when)


def _make_folder(root: Path) -> dict[str, str]:
    """Six finished runs over October and November, with an amendment, review decisions
    and a backup; returns the run ids by role."""
    ctx = open_context(root)
    ctx.save_profile(StoreProfile("SH-021", "Nanjing Rd", "Wang Fang"))
    first = _audit(ctx, _at(10, 5), "Li")
    accepted = _visit(ctx, _at(10, 12), "Store A")
    ctx.runs.set_review(accepted, "accepted", by="Wang Fang", now=_at(10, 13))
    failed = _audit(ctx, _at(10, 20), "Li", **{"6S-SAF-02": Answer(False)})
    submitted = _visit(ctx, _at(11, 3), "Store B")
    middle = _audit(ctx, _at(11, 10), "Zhao")
    newest = _audit(ctx, _at(11, 20), "Li")
    ctx.runs.amend(first, {"6S-SAF-03": Answer(False)}, by="Wang Fang", why="recount",
                   now=_at(11, 21))  # fmt: skip
    take_backup(ctx.store)
    ctx.close()
    return {"first": first.id, "accepted": accepted.id, "failed": failed.id,
            "submitted": submitted.id, "middle": middle.id, "newest": newest.id}  # fmt: skip


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("pristine") / "data"
    mp = pytest.MonkeyPatch()  # made before the per-test fixtures of conftest apply
    mp.setenv("STOREOPS_NOW", "2026-11-23T10:00:00+08:00")
    mp.setenv("STOREOPS_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    try:
        ids = _make_folder(root)
    finally:
        mp.undo()
    return root, ids


def _copy(pristine: tuple[Path, dict[str, str]], tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(pristine[0], root)  # copy2: sizes and times kept (the index stays current)
    return root


def _doctor(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(build_app(), ["--data-dir", str(root), "doctor", *args])
    return result.exit_code, result.output


# --- editing a data folder by hand ------------------------------------------------------


def _load(root: Path, name: str) -> dict[str, Any]:
    return json.loads((root / name).read_text("utf-8"))


def _save(root: Path, name: str, data: dict[str, Any]) -> None:
    (root / name).write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def _docs(root: Path, name: str) -> dict[str, dict[str, Any]]:
    return _load(root, name)["_default"]


def _edit_run(root: Path, run_id: str, change: Callable[[dict[str, Any]], None]) -> str:
    """Change one run where it is stored; returns its month file."""
    for name in (OCT, NOV):
        data = _load(root, name)
        for doc in data["_default"].values():
            if doc["id"] == run_id:
                change(doc)
                _save(root, name, data)
                return name
    raise AssertionError(run_id)


def _remove_run(root: Path, run_id: str) -> dict[str, Any]:
    for name in (OCT, NOV):
        data = _load(root, name)
        for key, doc in list(data["_default"].items()):
            if doc["id"] == run_id:
                del data["_default"][key]
                _save(root, name, data)
                return doc
    raise AssertionError(run_id)


def _all_docs(root: Path) -> list[dict[str, Any]]:
    return [doc for name in (OCT, NOV) for doc in _docs(root, name).values()]


def _set_answer(value: bool) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        doc["answers"]["6S-SAF-02"]["value"] = value

    return change


def delete_newest_run(root: Path, ids: dict[str, str]) -> list[str]:
    _remove_run(root, ids["newest"])
    return [ids["newest"]]


def delete_newest_month(root: Path, ids: dict[str, str]) -> list[str]:
    (root / NOV).unlink()
    return [ids["newest"], NOV]


def add_amendment(root: Path, ids: dict[str, str]) -> list[str]:
    # The failed item made "pass" by an amendment nobody made in storeops (score → 100).
    entry = {
        "at": "2026-11-22T09:00:00+08:00",
        "by": "Li",
        "why": "typo",
        "answers": {"6S-SAF-02": {"at": "2026-11-22T09:00:00+08:00", "value": True}},
    }
    _edit_run(root, ids["failed"], lambda doc: doc["amendments"].append(entry))
    return [ids["failed"]]


def accept_review(root: Path, ids: dict[str, str]) -> list[str]:
    _edit_run(root, ids["submitted"], lambda doc: doc["review"].update(status="accepted"))
    return [ids["submitted"]]


def edit_index_score(root: Path, ids: dict[str, str]) -> list[str]:
    index = _load(root, "runs/index.json")
    for row in index["runs"]:
        if row[0] == ids["failed"]:
            row[6] = 100.0  # the score column
    _save(root, "runs/index.json", index)
    return [ids["failed"], "runs/index.json"]


def edit_archived_weights(root: Path, ids: dict[str, str]) -> list[str]:
    [doc] = [d for d in _all_docs(root) if d["id"] == ids["newest"]]
    name = f"templates/{doc['template_hash']}.json"
    archive = _load(root, name)
    for section in archive["data"]["sections"]:
        section["weight"] = 1
    _save(root, name, archive)
    return [name]


def rehash_newest(root: Path, ids: dict[str, str]) -> list[str]:
    def change(doc: dict[str, Any]) -> None:
        doc["answers"]["6S-SAF-01"]["value"] = False
        doc["content_hash"] = Run.from_doc(doc).signed_content_hash()  # as storeops would

    _edit_run(root, ids["newest"], change)
    return [ids["newest"]]


def edit_answer(root: Path, ids: dict[str, str]) -> list[str]:
    _edit_run(root, ids["failed"], _set_answer(True))
    return [ids["failed"]]


def edit_note(root: Path, ids: dict[str, str]) -> list[str]:
    _edit_run(root, ids["middle"], lambda doc: doc["notes"].update({"6S-SAF-01": "all fine"}))
    return [ids["middle"]]


def edit_signer(root: Path, ids: dict[str, str]) -> list[str]:
    _edit_run(root, ids["middle"], lambda doc: doc.update(signed_off_by="Wang Fang"))
    return [ids["middle"]]


def edit_finished_at(root: Path, ids: dict[str, str]) -> list[str]:
    _edit_run(root, ids["middle"], lambda doc: doc.update(finished_at="2026-11-11T10:00:00+08:00"))
    return [ids["middle"]]


def delete_middle_run(root: Path, ids: dict[str, str]) -> list[str]:
    gone = _remove_run(root, ids["middle"])
    [after] = [d for d in _all_docs(root) if d["previous_hash"] == gone["content_hash"]]
    return [after["id"]]  # the run whose predecessor is missing


def move_to_other_month(root: Path, ids: dict[str, str]) -> list[str]:
    doc = _remove_run(root, ids["middle"])
    october = _load(root, OCT)
    october["_default"]["99"] = doc
    _save(root, OCT, october)
    return [ids["middle"]]


def swap_previous_hashes(root: Path, ids: dict[str, str]) -> list[str]:
    data = _load(root, NOV)
    docs = {doc["id"]: doc for doc in data["_default"].values()}
    a, b = docs[ids["middle"]], docs[ids["newest"]]
    a["previous_hash"], b["previous_hash"] = b["previous_hash"], a["previous_hash"]
    _save(root, NOV, data)
    return [ids["middle"], ids["newest"]]


def duplicate_run(root: Path, ids: dict[str, str]) -> list[str]:
    data = _load(root, OCT)
    [doc] = [d for d in data["_default"].values() if d["id"] == ids["failed"]]
    data["_default"]["99"] = dict(doc)
    _save(root, OCT, data)
    return [ids["failed"]]


def edit_visit_date(root: Path, ids: dict[str, str]) -> list[str]:
    _edit_run(root, ids["accepted"], lambda doc: doc["header"].update(visit_date="2026-10-11"))
    return [ids["accepted"]]


def edit_template_hash(root: Path, ids: dict[str, str]) -> list[str]:
    _edit_run(root, ids["failed"], lambda doc: doc.update(template_hash="0" * 16))
    return [ids["failed"]]


def delete_amendment(root: Path, ids: dict[str, str]) -> list[str]:
    # The one correction made in storeops, undone by hand.
    _edit_run(root, ids["first"], lambda doc: doc["amendments"].clear())
    return [ids["first"]]


EDITS = [
    # the ones doctor missed before the chain covered amendments, reviews and its end
    delete_newest_run, delete_newest_month, add_amendment, accept_review, edit_index_score,
    edit_archived_weights, rehash_newest,
    # and the rest
    edit_answer, edit_note, edit_signer, edit_finished_at, delete_middle_run,
    move_to_other_month, swap_previous_hashes, duplicate_run, edit_visit_date,
    edit_template_hash, delete_amendment,
]  # fmt: skip


def test_there_are_18_edits() -> None:
    assert len(EDITS) == len({edit.__name__ for edit in EDITS}) == 18


def test_untouched_folder_is_healthy(pristine: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    code, output = _doctor(_copy(pristine, tmp_path))
    assert code == 0, output
    assert "✗" not in output and "6 finished runs, all intact" in output


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.__name__)
def test_a_hand_edit_is_found_and_named(
    pristine: tuple[Path, dict[str, str]], tmp_path: Path, edit: Callable[..., list[str]]
) -> None:
    root = _copy(pristine, tmp_path)
    named = edit(root, pristine[1])
    code, output = _doctor(root)
    assert code == 1, output
    assert "Traceback" not in output
    for name in named:
        assert name in output, (name, output)


def test_an_edited_index_is_repaired_by_doctor_fix(
    pristine: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    root = _copy(pristine, tmp_path)
    edit_index_score(root, pristine[1])
    assert _doctor(root)[0] == 1
    code, output = _doctor(root, "--fix")
    assert code == 0, output
    assert "Rebuilt the run index" in output
    score = {row[0]: row[6] for row in _load(root, "runs/index.json")["runs"]}
    assert score[pristine[1]["failed"]] < 100


def test_a_lost_chain_head_stays_reported_after_the_next_finish(
    pristine: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    root = _copy(pristine, tmp_path)
    _remove_run(root, pristine[1]["newest"])
    (root / "chain.json").unlink()  # the end of the chain cut off, and the head with it
    code, output = _doctor(root)
    assert code == 1 and "chain.json" in output
    ctx = open_context(root)
    _audit(ctx, _at(11, 22), "Li")
    ctx.close()
    code, output = _doctor(root)
    assert code == 1 and "made again from the runs" in output, output
    code, output = _doctor(root, "--fix")  # once checked against a backup
    assert code == 0, output


# --- writes cut short leave a chain that checks ---------------------------------------------


class FailAt(FileOps):
    """The n-th write-side OS call (open, write, fsync, replace) fails: disk full."""

    def __init__(self, n: int) -> None:
        self.n, self.calls = n, 0

    def _tick(self) -> None:
        self.calls += 1
        if self.calls == self.n:
            raise OSError(28, "No space left on device")

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


def _import_visit(ctx: Context) -> None:
    form = ctx.catalogue.get("mystery-shopper")
    row = {"shopper": "Ann", "target": "Store C", "target_kind": "own",
           "visit_date": "2026-11-21", "finished_at": "2026-11-21T18:00:00+08:00",
           **{item_id: ("y" if a.value is True else "n" if a.value is False else str(a.value))
              for item_id, a in _best(form).items()}}  # fmt: skip
    result = import_runs(ctx.runs, form, SourceFile("v.json", json.dumps([row]).encode()),
                         store_code="SH-021")  # fmt: skip
    assert not result.problems, [str(p) for p in result.problems]


def _write(ctx: Context, ids: dict[str, str], step: str) -> None:
    if step == "finish":
        _audit(ctx, _at(11, 22), "Li")
    elif step == "amend":
        run = ctx.runs.get(ids["failed"])
        ctx.runs.amend(run, {"6S-SAF-02": Answer(True)}, by="Li", why="recheck")
    elif step == "review":
        ctx.runs.set_review(ctx.runs.get(ids["submitted"]), "accepted", by="Wang Fang")
    else:
        _import_visit(ctx)


@pytest.mark.parametrize("step", ["finish", "amend", "review", "import"])
def test_a_write_cut_short_at_any_call_leaves_a_healthy_chain(
    pristine: tuple[Path, dict[str, str]], tmp_path: Path, step: str
) -> None:
    """Fail the 1st, 2nd, 3rd … OS call of the write until it succeeds; after each, the
    app's next start and `doctor` find nothing wrong, and the next write chains on."""
    n = 0
    while True:
        n += 1
        root = tmp_path / f"{step}-{n}"
        shutil.copytree(pristine[0], root)
        fs = FailAt(n)
        ctx = open_context(root)
        ctx.store.fs = fs  # armed only for the write itself, not for opening
        try:
            _write(ctx, pristine[1], step)
            failed = False
        except WriteFailed:
            failed = True
        finally:
            ctx.close()
        ctx = open_context(root)  # the next start: completes what can be completed
        _audit(ctx, _at(11, 23), "Li")  # and the next write chains on
        ctx.close()
        code, output = _doctor(root)
        assert code == 0, (n, output)
        if not failed:
            break
        assert n < 80, "the write never succeeded"


def test_a_killed_save_loop_leaves_a_healthy_chain(tmp_path: Path) -> None:
    """The save loop of test_storage (answers and finishes, over and over) killed with
    SIGKILL at random moments: `doctor` finds the chain healthy before the next start
    (a finish cut short is still a draft marked finished) and after it."""
    if os.name != "posix":
        pytest.skip("SIGKILL")
    helper = Path(__file__).resolve().parent / "helpers" / "save_loop.py"
    folder, rng, finished = tmp_path / "data", random.Random(11), 0
    for n in range(6):
        log = tmp_path / f"log-{n}.txt"
        log.touch()
        command = [sys.executable, str(helper), str(folder), str(log), str(rng.randrange(2**31))]
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) as proc:  # fmt: skip
            assert proc.stdout is not None
            assert select.select([proc.stdout], [], [], 60)[0] and proc.stdout.readline()
            time.sleep(rng.uniform(0.1, 0.5))
            proc.send_signal(signal.SIGKILL)
            proc.communicate(timeout=60)
        for readonly in (True, False, True):  # doctor, the next start, doctor again
            ctx = open_context(folder, readonly=readonly)
            if readonly:
                problems = [f.message for f in examine(ctx.store, ctx.runs) if not f.ok]
                assert all("backup" in m.lower() for m in problems), (n, problems)
                finished = len(ctx.runs.finished())
            ctx.close()
    assert finished > 0, "the save loop never finished a run: the test proved nothing"


# --- runs from before the chain covered amendments and reviews -------------------------------


def _v1_hash(doc: dict[str, Any]) -> str:
    """The content hash as storeops wrote it before this change (SIGNED_FIELDS only)."""
    keys = ("id", "template_id", "template_version", "template_hash", "store_code",
            "started_at", "finished_at", "header", "answers", "notes", "signed_off_by",
            "auditor", "subject")  # fmt: skip
    signed = {key: doc.get(key) for key in keys}
    canonical = json.dumps(signed, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _as_old_format(root: Path) -> None:
    """The folder as the storeops before this change wrote it: content hashes of the old
    kind, chained newest-by-finish-time, no entry hashes, no chain.json."""
    previous = ""
    for name in (OCT, NOV):
        data = _load(root, name)
        for doc in sorted(data["_default"].values(), key=lambda d: d["finished_at"]):
            for entry in doc["amendments"] + ((doc.get("review") or {}).get("history") or []):
                entry.pop("hash", None)
            doc["previous_hash"], doc["content_hash"] = previous, _v1_hash(doc)
            previous = doc["content_hash"]
        _save(root, name, data)
    (root / "chain.json").unlink()
    (root / "runs/index.json").unlink()


def test_old_format_runs_are_healthy_and_stay_so_as_the_app_adds_to_them(
    pristine: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    root = _copy(pristine, tmp_path)
    ids = pristine[1]
    _as_old_format(root)
    code, output = _doctor(root)
    assert code == 0, output
    ctx = open_context(root)
    ctx.runs.amend(ctx.runs.get(ids["failed"]), {"6S-SAF-02": Answer(True)}, by="Li",
                   why="recheck", now=_at(11, 22))  # fmt: skip
    ctx.runs.set_review(ctx.runs.get(ids["submitted"]), "accepted", by="Wang Fang")
    _audit(ctx, _at(11, 23), "Li")
    ctx.close()
    code, output = _doctor(root)
    assert code == 0, output
    assert (root / "chain.json").exists()
    # and an edit of an old run, or the end cut off, is still found
    edited = _copy((root, ids), tmp_path / "edited")
    _edit_run(edited, ids["middle"], lambda doc: doc["notes"].update({"6S-SAF-01": "x"}))
    code, output = _doctor(edited)
    assert code == 1 and ids["middle"] in output
    cut = _copy((root, ids), tmp_path / "cut")
    (cut / NOV).unlink()
    code, output = _doctor(cut)
    assert code == 1 and NOV in output


def test_a_new_folder_has_no_chain_head_and_nothing_to_report(tmp_path: Path) -> None:
    with DataStore.open(tmp_path / "data"):
        pass
    output = _doctor(tmp_path / "data")[1]
    assert "chain.json" not in output and "0 finished runs, all intact" in output
