"""Corrective actions a manager can follow through: edits kept in the history, a note when
done, reopening with a reason, a verification that names who and when; every change one
write, whole or not at all; old records still read. The library first, then the CLI."""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from storeops.actions import (
    ActionBook,
    ActionError,
    CorrectiveAction,
    detail_fields,
    history_lines,
    item_text,
    parse_due,
)
from storeops.cli import build_app
from storeops.clock import Clock
from storeops.context import Context, open_context
from storeops.exporting import action_rows
from storeops.i18n import set_language, t
from storeops.profile import StoreProfile
from storeops.storage import FileOps, WriteFailed

runner = CliRunner()
TODAY = date(2026, 11, 23)
LATER = datetime.fromisoformat("2026-11-24T09:30:00+08:00")
SAF_02 = "Extinguishers and hose cabinets present and in date"


def invoke(*args: str) -> Any:
    return runner.invoke(build_app(), list(args))


@pytest.fixture
def ctx(data_dir: Path) -> Any:
    context = open_context(data_dir, clock=Clock.pinned("2026-11-23T10:00:00+08:00"))
    context.save_profile(StoreProfile("SH-021", "Nanjing Rd", "Wang Fang"))
    yield context
    context.close()


def _raise(ctx: Context, *, run_id: str = "", item_id: str = "6S-SAF-02") -> CorrectiveAction:
    if not run_id:
        run_id = ctx.runs.start(ctx.catalogue.get("six-s"), store_code="SH-021",
                                header={"auditor": "Li"}).id  # fmt: skip
    return ctx.actions.raise_action(
        run_id=run_id, template_id="six-s", item_id=item_id, store_code="SH-021",
        description="Replace extinguisher", owner="Zhao", due=date(2026, 11, 20),
        priority="high", by="Wang Fang",
    )  # fmt: skip


# --- the library ------------------------------------------------------------------------


def test_done_with_a_note_then_verified_by_a_named_person(ctx: Context) -> None:
    action = _raise(ctx)
    book = ctx.actions
    done = book.set_status(action.id, "done", by="Zhao", note="  New one, tag dated ")
    assert done.history[-1] == {
        "status": "done", "at": "2026-11-23T10:00:00+08:00", "by": "Zhao",
        "note": "New one, tag dated", "kind": "moved",
    }  # fmt: skip
    verified = book.verify(action.id, by="Li Lei", now=LATER)
    assert verified.verification is not None
    assert (verified.verification.by, verified.verification.at) == ("Li Lei", LATER.isoformat())
    assert verified.status_text() == "Verified by Li Lei on 2026-11-24"
    set_language("zh")
    assert verified.status_text() == "已由 Li Lei 于 2026-11-24 验证"
    assert book.get(action.id).verification == verified.verification


def test_verify_needs_a_done_action_and_a_name(ctx: Context) -> None:
    action = _raise(ctx)
    with pytest.raises(ActionError, match="only a done action"):
        ctx.actions.verify(action.id, by="Li Lei")
    ctx.actions.set_status(action.id, "done", by="Zhao")
    with pytest.raises(ActionError, match="say who verified it"):
        ctx.actions.verify(action.id, by="  ")
    assert ctx.actions.get(action.id).status == "done"


def test_an_action_moves_forward_only(ctx: Context) -> None:
    action = _raise(ctx)
    book = ctx.actions
    book.set_status(action.id, "done", by="Zhao")  # straight to done is fine
    with pytest.raises(ActionError, match="does not move back"):
        book.set_status(action.id, "in_progress", by="Zhao")
    with pytest.raises(ActionError, match="does not move back"):
        book.set_status(action.id, "open", by="Zhao")
    again = book.set_status(action.id, "done", by="Zhao", note="the others checked too")
    assert again.history[-1]["note"] == "the others checked too"  # a further note
    book.verify(action.id, by="Wang Fang")
    with pytest.raises(ActionError, match="already Verified"):
        book.verify(action.id, by="Wang Fang")  # verified once
    other = _raise(ctx)
    book.set_status(other.id, "in_progress", by="Zhao")
    with pytest.raises(ActionError, match="already In progress"):
        book.set_status(other.id, "in_progress", by="Zhao")
    assert len(book.get(action.id).history) == 4


def test_reopen_needs_a_closed_action_and_a_reason(ctx: Context) -> None:
    action = _raise(ctx)
    book = ctx.actions
    with pytest.raises(ActionError, match="only a done or verified"):
        book.reopen(action.id, reason="why", by="Wang Fang")
    book.set_status(action.id, "done", by="Zhao")
    book.verify(action.id, by="Wang Fang")
    with pytest.raises(ActionError, match="say why"):
        book.reopen(action.id, reason=" ", by="Wang Fang")
    reopened = book.reopen(action.id, reason="Tag missing again", by="Wang Fang", now=LATER)
    assert reopened.status == "open" and reopened.verification is None
    assert reopened.history[-1] == {"status": "open", "at": LATER.isoformat(), "by": "Wang Fang",
                                    "note": "Tag missing again", "kind": "reopened"}  # fmt: skip
    assert book.set_status(action.id, "done", by="Zhao").status == "done"  # and round again


def test_an_edit_keeps_what_changed_by_whom_and_when(ctx: Context) -> None:
    action = _raise(ctx)
    book = ctx.actions
    edited = book.edit(action.id, by="Wang Fang", owner=" Li Lei ", due=date(2026, 12, 1),
                       priority="high", now=LATER)  # fmt: skip
    assert (edited.owner, edited.due, edited.priority) == ("Li Lei", "2026-12-01", "high")
    entry = edited.history[-1]
    assert entry["kind"] == "edited" and entry["by"] == "Wang Fang"
    assert entry["at"] == LATER.isoformat() and entry["status"] == "open"
    # the priority was not changed, so it is not in the changes
    assert entry["changes"] == {"owner": {"from": "Zhao", "to": "Li Lei"},
                                "due": {"from": "2026-11-20", "to": "2026-12-01"}}  # fmt: skip
    assert not edited.overdue(TODAY)
    assert book.get(action.id) == edited
    assert history_lines(edited)[-1] == (
        "2026-11-24 09:30 · Wang Fang · Changed Owner Zhao → Li Lei; Due 2026-11-20 → 2026-12-01"
    )
    set_language("zh")
    assert history_lines(edited)[-1].endswith(
        "修改 负责人：Zhao → Li Lei; 期限：2026-11-20 → 2026-12-01"
    )


def test_an_edit_is_refused_with_a_reason(ctx: Context) -> None:
    action = _raise(ctx)
    book = ctx.actions
    with pytest.raises(ActionError, match="Nothing changed"):
        book.edit(action.id, by="W", owner="Zhao", priority="high")
    with pytest.raises(ActionError, match="name who will do it"):
        book.edit(action.id, by="W", owner=" ")
    with pytest.raises(ActionError, match="priority must be one of"):
        book.edit(action.id, by="W", priority="urgent")
    book.set_status(action.id, "done", by="Zhao")
    book.verify(action.id, by="W")
    with pytest.raises(ActionError, match="reopen it first"):
        book.edit(action.id, by="W", owner="Li Lei")
    with pytest.raises(ActionError, match="no corrective action with id nope"):
        book.edit("nope", by="W", owner="Li Lei")
    assert len(book.get(action.id).history) == 3


def test_a_due_date_is_parsed_as_when_raising() -> None:
    assert parse_due("+10", TODAY) == date(2026, 12, 3)
    assert parse_due(" 2026-12-01 ", TODAY) == date(2026, 12, 1)
    for bad in ("next week", "+", "2026-13-01", "+99999999999999999999"):
        with pytest.raises(ActionError, match="is not a date"):
            parse_due(bad, TODAY)


class DiskFull(FileOps):
    """Every write of a file fails, as on a full disk."""

    def open(self, path: Any, flags: int, mode: int = 0o777) -> int:  # type: ignore[override]
        if flags & os.O_WRONLY:
            raise OSError(28, "No space left on device")
        return os.open(path, flags, mode)


@pytest.mark.parametrize("change", ["edit", "start", "done", "verify", "reopen"])
def test_a_change_that_cannot_be_written_leaves_everything_as_it_was(
    ctx: Context, change: str
) -> None:
    action = _raise(ctx)
    book = ctx.actions
    if change in ("verify", "reopen"):
        book.set_status(action.id, "done", by="Zhao")
    path = ctx.store.path("actions.json")
    before, stored = path.read_bytes(), book.get(action.id)
    ctx.store.fs = DiskFull()
    with pytest.raises(WriteFailed):
        if change == "edit":
            book.edit(action.id, by="W", owner="Li Lei", due=date(2026, 12, 1))
        elif change == "start":
            book.set_status(action.id, "in_progress", by="W")
        elif change == "done":
            book.set_status(action.id, "done", by="W", note="n")
        elif change == "verify":
            book.verify(action.id, by="W")
        else:
            book.reopen(action.id, reason="r", by="W")
    ctx.store.fs = FileOps()
    assert path.read_bytes() == before
    assert book.get(action.id) == stored


def test_item_text_comes_from_the_runs_template(ctx: Context) -> None:
    action = _raise(ctx)
    assert item_text(action, ctx.runs) == SAF_02
    set_language("zh")
    assert item_text(action, ctx.runs) == "灭火器、消防箱在位且在有效期内"
    set_language("en")
    gone = _raise(ctx, run_id="a-run-since-discarded")
    assert item_text(gone, ctx.runs) == SAF_02  # the template of that id, then
    unknown = _raise(ctx, item_id="6S-XXX-99")
    assert item_text(unknown, ctx.runs) == ""
    fields = dict(detail_fields(unknown, TODAY, ""))
    assert fields["Item"] == "6S-XXX-99 " + t("action.detail.no_item")
    assert fields["Due"] == "⚠ 2026-11-20 (overdue)"
    assert fields["Raised"] == "2026-11-23 10:00 · Wang Fang"


OLD_VERIFIED = {
    "id": "old1", "run_id": "r", "template_id": "six-s", "item_id": "6S-SAF-02",
    "store_code": "SH-021", "description": "Old one", "owner": "Zhao", "due": "2026-10-01",
    "priority": "low", "created_at": "2026-09-28T09:00:00+08:00", "status": "verified",
    "history": [
        {"status": "open", "at": "2026-09-28T09:00:00+08:00", "by": ""},
        {"status": "done", "at": "2026-09-30T09:00:00+08:00", "by": "Zhao", "note": ""},
        {"status": "verified", "at": "2026-10-02T18:00:00+08:00", "by": "", "note": ""},
    ],
}  # fmt: skip


def _write_actions(data_dir: Path, *docs: dict[str, Any]) -> None:
    table = {str(n): doc for n, doc in enumerate(docs, start=1)}
    (data_dir / "actions.json").write_text(json.dumps({"_default": table}), "utf-8")


def test_records_from_before_still_read_and_show_sensibly(data_dir: Path) -> None:
    old_named = {**OLD_VERIFIED, "id": "old2", "history": [
        *OLD_VERIFIED["history"][:2],
        {"status": "verified", "at": "2026-10-02T18:00:00+08:00", "by": "店长", "note": ""},
    ]}  # fmt: skip
    no_history = {**OLD_VERIFIED, "id": "old3", "history": []}
    _write_actions(data_dir, OLD_VERIFIED, old_named, no_history)
    book = ActionBook(open_context(data_dir, readonly=True).store)
    old, named, bare = (book.get(i) for i in ("old1", "old2", "old3"))
    assert old.status_text() == "Verified on 2026-10-02"  # no name was asked then
    assert named.status_text() == "Verified by 店长 on 2026-10-02"
    assert bare.status_text() == "Verified"
    assert history_lines(old) == [
        "2026-09-28 09:00 · — · Raised (Open)",
        "2026-09-30 09:00 · Zhao · → Done",
        "2026-10-02 18:00 · — · → Verified",
    ]
    assert dict(detail_fields(bare, TODAY, ""))["Raised"] == "2026-09-28 09:00"


def test_an_edit_entry_of_the_wrong_shape_is_set_aside(data_dir: Path) -> None:
    bad = {**OLD_VERIFIED, "id": "bad", "history": [
        {"status": "open", "at": "2026-09-28T09:00:00+08:00", "by": "", "kind": "edited",
         "changes": {"owner": "Li"}},
    ]}  # fmt: skip
    _write_actions(data_dir, OLD_VERIFIED, bad)
    ctx = open_context(data_dir, readonly=True)
    assert [a.id for a in ctx.actions.all()] == ["old1"]
    assert any("history[0].changes.owner" in str(problem) for problem in ctx.problems)


def test_the_export_history_names_edits_notes_and_reopenings(ctx: Context) -> None:
    action = _raise(ctx)
    book = ctx.actions
    book.edit(action.id, by="Wang Fang", owner="Li Lei", now=LATER)
    book.set_status(action.id, "done", by="Li Lei", note="replaced", now=LATER)
    book.reopen(action.id, reason="tag missing", by="Wang Fang", now=LATER)
    [row] = action_rows([book.get(action.id)], TODAY)
    assert row[-1] == (
        "open@2026-11-23T10:00 Wang Fang; edited@2026-11-24T09:30 Wang Fang: owner Zhao→Li Lei; "
        "done@2026-11-24T09:30 Li Lei: replaced; reopened@2026-11-24T09:30 Wang Fang: tag missing"
    )


# --- the command line ------------------------------------------------------------------


def _cli_action(data_dir: Path, *, done: bool = False) -> str:
    ctx = open_context(data_dir)
    ctx.save_profile(StoreProfile("SH-021", "Nanjing Rd", "Wang Fang"))
    action = _raise(ctx)
    if done:
        ctx.actions.set_status(action.id, "done", by="Zhao")
    ctx.close()
    return action.id


def _get(data_dir: Path, action_id: str) -> CorrectiveAction:
    return open_context(data_dir, readonly=True).actions.get(action_id)


def test_cli_follows_an_action_through(data_dir: Path) -> None:
    folder = str(data_dir)
    action_id = _cli_action(data_dir)
    edited = invoke("--data-dir", folder, "actions", "edit", action_id, "--owner", "Li Lei",
                    "--due", "+10", "--priority", "low")  # fmt: skip
    assert edited.exit_code == 0, edited.output
    assert edited.output == f"Action {action_id}: owner Li Lei, due 2026-12-03, priority Low.\n"
    started = invoke("--data-dir", folder, "actions", "start", action_id, "--by", "Li Lei")
    assert started.exit_code == 0 and "In progress" in started.output
    done = invoke("--data-dir", folder, "actions", "done", action_id, "--note", "replaced")
    assert done.exit_code == 0 and done.output == f"Action {action_id}: Done.\n"
    verified = invoke("--data-dir", folder, "actions", "verify", action_id)
    assert verified.exit_code == 0
    assert verified.output == f"Action {action_id}: Verified by Wang Fang on 2026-11-23.\n"
    action = _get(data_dir, action_id)
    assert [h.get("kind", "raised") for h in action.history] == [
        "raised", "edited", "moved", "moved", "moved"]  # fmt: skip
    assert action.history[1]["by"] == "Wang Fang"  # the manager by default
    assert action.history[2]["by"] == "Li Lei" and action.history[3]["note"] == "replaced"
    listed = invoke("--data-dir", folder, "actions", "list")
    assert action_id in listed.output  # the id to type, on the list
    # the status says who and when (folded in its column at 80 columns)
    assert "Verified by Wang Fang on" in listed.output and "2026-11-23" in listed.output
    [row] = json.loads(invoke("--data-dir", folder, "actions", "list", "--format", "json").output)
    assert (row["verified_by"], row["verified_at"]) == ("Wang Fang", "2026-11-23T10:00:00+08:00")
    reopened = invoke("--data-dir", folder, "actions", "reopen", action_id, "--reason",
                      "tag missing", "--by", "Area manager")  # fmt: skip
    assert reopened.exit_code == 0 and reopened.output == f"Action {action_id}: Open.\n"
    assert _get(data_dir, action_id).history[-1]["by"] == "Area manager"


def test_cli_show_gives_the_item_text_and_the_whole_history(data_dir: Path) -> None:
    action_id = _cli_action(data_dir, done=True)
    shown = invoke("--data-dir", str(data_dir), "actions", "show", action_id)
    assert shown.exit_code == 0, shown.output
    lines = shown.output.splitlines()
    assert lines[0].split() == ["ID", action_id]
    assert lines[1] == f"Item      6S-SAF-02 {SAF_02}"
    assert "Due       ⚠ 2026-11-20 (overdue)" not in lines  # done: no longer overdue
    assert "Due       2026-11-20" in lines and "Status    Done" in lines
    assert lines[-3:] == ["History:", "  2026-11-23 10:00 · Wang Fang · Raised (Open)",
                          "  2026-11-23 10:00 · Zhao · → Done"]  # fmt: skip
    chinese = invoke("--data-dir", str(data_dir), "--lang", "zh", "actions", "show", action_id)
    assert "题目    6S-SAF-02 灭火器、消防箱在位且在有效期内" in chinese.output
    assert "记录：" in chinese.output and "→ 已完成" in chinese.output
    data = json.loads(invoke("--data-dir", str(data_dir), "actions", "show", action_id,
                             "--format", "json").output)  # fmt: skip
    assert data["item_text"] == SAF_02 and data["status"] == "done"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["show", "nope"], 1, "no corrective action with id nope"),
        (["edit", "nope", "--owner", "Li"], 1, "no corrective action with id nope"),
        (["edit", "{id}"], 2, "give --owner, --due or --priority"),
        (["edit", "{id}", "--due", "soon"], 2, "'soon' is not a date"),
        (["edit", "{id}", "--priority", "urgent"], 2, "urgent"),
        (["edit", "{id}", "--owner", "Zhao"], 1, "Nothing changed."),
        (["verify", "{id}"], 1, "only a done action can be verified"),
        (["reopen", "{id}", "--reason", "x"], 1, "only a done or verified action"),
        (["reopen", "{id}"], 2, "--reason"),
        (["start", "{id}", "--by", "Li"], 0, "In progress"),
    ],
)
def test_cli_refusals_say_why_with_the_usual_exit_codes(
    data_dir: Path, args: list[str], code: int, message: str
) -> None:
    action_id = _cli_action(data_dir)
    before = (data_dir / "actions.json").read_bytes()
    result = invoke("--data-dir", str(data_dir), "actions",
                    *(a.replace("{id}", action_id) for a in args))  # fmt: skip
    assert result.exit_code == code, result.output
    assert message in result.output and "Traceback" not in result.output
    if code:
        assert (data_dir / "actions.json").read_bytes() == before


def test_cli_verify_without_a_profile_asks_for_a_name(data_dir: Path) -> None:
    ctx = open_context(data_dir)
    action = _raise(ctx)
    ctx.actions.set_status(action.id, "done", by="Zhao")
    ctx.close()
    refused = invoke("--data-dir", str(data_dir), "actions", "verify", action.id)
    assert refused.exit_code == 1 and "say who verified it" in refused.output
    named = invoke("--data-dir", str(data_dir), "--lang", "zh", "actions", "verify", action.id,
                   "--by", "王芳")  # fmt: skip
    assert named.exit_code == 0 and "已由 王芳 于 2026-11-23 验证" in named.output
