"""``storeops actions list | show | edit | start | done | verify | reopen``: corrective
actions, followed through from the shell as in the app. Each change is one write; a change
that cannot be made says why and exits 1, a malformed value exits 2."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from storeops.cli._common import (
    EXIT_USAGE,
    OutputFormat,
    clock,
    echo_json,
    fail,
    format_option,
    gaps_in,
    incomplete,
    opened,
    print_table,
)
from storeops.i18n import t

if TYPE_CHECKING:
    from storeops.actions import ActionBook, CorrectiveAction
    from storeops.context import Context

ACTION_COLUMNS = ("action.col.due", "action.col.status", "action.col.priority", "action.col.owner",
                  "action.col.item", "action.col.description", "cli.col.id")  # fmt: skip


class Priority(StrEnum):
    """``--priority`` of ``actions edit``: Typer refuses any other value (exit code 2)."""

    high = "high"
    medium = "medium"
    low = "low"


def register(app: typer.Typer) -> None:
    group = typer.Typer(help=t("cli.actions.help"), no_args_is_help=True)
    app.add_typer(group, name="actions")
    group.command("list", help=t("cli.actions.list.help"))(list_actions)
    group.command("show", help=t("cli.actions.show.help"))(show_action)
    group.command("edit", help=t("cli.actions.edit.help"))(edit_action)
    group.command("start", help=t("cli.actions.start.help"))(start_action)
    group.command("done", help=t("cli.actions.done.help"))(done_action)
    group.command("attach", help=t("cli.actions.attach.help"))(attach_evidence)
    group.command("verify", help=t("cli.actions.verify.help"))(verify_action)
    group.command("reopen", help=t("cli.actions.reopen.help"))(reopen_action)


def action_id_argument() -> Any:
    return typer.Argument(metavar="ACTION_ID", help=t("cli.arg.action_id"))


def by_option() -> Any:
    return typer.Option("--by", help=t("cli.opt.action_by"))


def list_actions(
    open_only: Annotated[bool, typer.Option("--open", help=t("key.open_only"))] = False,
    overdue: Annotated[bool, typer.Option("--overdue", help=t("key.overdue_only"))] = False,
    owner: Annotated[str | None, typer.Option("--owner", help=t("cli.opt.owner"))] = None,
    fmt: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:
    with opened(readonly=True) as ctx:
        today = ctx.clock.today()
        actions = ctx.actions.find(today=today, open_only=open_only, overdue_only=overdue,
                                   owner=owner)  # fmt: skip
        gaps = gaps_in(ctx, ("actions",))
    _print_actions(actions, today, fmt)
    if gaps:
        raise incomplete(gaps)


def _as_json(action: CorrectiveAction, today: date) -> dict[str, Any]:
    verified = action.verification
    return {
        **action.to_doc(),
        "overdue": action.overdue(today),
        "verified_by": verified.by if verified else None,
        "verified_at": verified.at if verified else None,
    }


def _print_actions(actions: list[CorrectiveAction], today: date, fmt: OutputFormat) -> None:
    from storeops.actions import item_label

    if fmt is OutputFormat.json:
        echo_json([_as_json(a, today) for a in actions])
        return
    lines = [
        (f"⚠ {a.due}" if a.overdue(today) else a.due, a.status_text(),
         t(f"action.priority.{a.priority}"), a.owner, item_label(a), a.description, a.id)
        for a in actions
    ]  # fmt: skip
    print_table(ACTION_COLUMNS, lines, empty="cli.actions.none")


def show_action(
    action_id: Annotated[str, action_id_argument()],
    fmt: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:
    from storeops.actions import ActionError, detail_fields, history_lines, item_text
    from storeops.texttable import cell_width

    with opened(readonly=True) as ctx:
        today = ctx.clock.today()
        try:
            action = ctx.actions.get(action_id)
        except ActionError as exc:
            raise fail(str(exc)) from None
        item = item_text(action, ctx.runs)
    if fmt is OutputFormat.json:
        echo_json({**_as_json(action, today), "item_text": item})
        return
    fields = [(t("cli.col.id"), action.id), *detail_fields(action, today, item)]
    width = max(cell_width(label) for label, _ in fields) + 2
    for label, value in fields:
        typer.echo(label + " " * (width - cell_width(label)) + value)
    typer.echo(t("action.detail.history"))
    for line in history_lines(action):
        typer.echo(f"  {line}")


def _change(
    action_id: str,
    by: str | None,
    change: Callable[[ActionBook, str], CorrectiveAction],
    said: Callable[[CorrectiveAction], str],
) -> None:
    """Make one change as ``by`` (default: the store's manager) and say what it did."""
    from storeops.actions import ActionError

    with opened(readonly=False) as ctx:
        who = _who(ctx, by)
        try:
            action = change(ctx.actions, who)
        except ActionError as exc:
            raise fail(str(exc)) from None
    typer.echo(said(action))


def _who(ctx: Context, by: str | None) -> str:
    if by is not None:
        return by.strip()
    return ctx.profile.manager if ctx.profile else ""


def _moved(action: CorrectiveAction) -> str:
    return t("cli.actions.moved", id=action.id, status=action.status_text())


def edit_action(
    action_id: Annotated[str, action_id_argument()],
    owner: Annotated[str | None, typer.Option("--owner", help=t("cli.opt.new_owner"))] = None,
    due: Annotated[
        str | None, typer.Option("--due", metavar="YYYY-MM-DD|+N", help=t("cli.opt.new_due"))
    ] = None,
    priority: Annotated[
        Priority | None, typer.Option("--priority", help=t("cli.opt.new_priority"))
    ] = None,
    by: Annotated[str | None, by_option()] = None,
) -> None:
    from storeops.actions import ActionError, parse_due

    if owner is None and due is None and priority is None:
        raise fail(t("cli.actions.edit_nothing"), EXIT_USAGE)
    new_due = None
    if due is not None:
        try:
            new_due = parse_due(due, clock().today())
        except ActionError as exc:
            raise fail(str(exc), EXIT_USAGE) from None
    chosen = priority.value if priority is not None else None

    def change(book: ActionBook, who: str) -> CorrectiveAction:
        return book.edit(action_id, by=who, owner=owner, due=new_due, priority=chosen)

    def said(action: CorrectiveAction) -> str:
        return t("cli.actions.edited", id=action.id, owner=action.owner, due=action.due,
                 priority=t(f"action.priority.{action.priority}"))  # fmt: skip

    _change(action_id, by, change, said)


def start_action(
    action_id: Annotated[str, action_id_argument()],
    by: Annotated[str | None, by_option()] = None,
) -> None:
    _change(action_id, by, lambda book, who: book.set_status(action_id, "in_progress", by=who),
            _moved)  # fmt: skip


def done_action(
    action_id: Annotated[str, action_id_argument()],
    note: Annotated[str, typer.Option("--note", help=t("cli.opt.done_note"))] = "",
    by: Annotated[str | None, by_option()] = None,
    evidence: Annotated[
        list[Path] | None,
        typer.Option("--evidence", metavar="FILE", help=t("cli.opt.evidence"), show_default=False),
    ] = None,
) -> None:
    from storeops.actions import ActionError, needs_evidence

    files = _read_files(evidence or [])
    with opened(readonly=False) as ctx:
        who = _who(ctx, by)
        try:
            action = ctx.actions.get(action_id)
            action = ctx.actions.set_status(
                action_id, "done", by=who, note=note, evidence=files,
                needs_evidence=needs_evidence(action, ctx.runs),
            )  # fmt: skip
        except ActionError as exc:
            raise fail(str(exc)) from None
    typer.echo(_moved(action))


def attach_evidence(
    action_id: Annotated[str, action_id_argument()],
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help=t("cli.arg.evidence"))],
    note: Annotated[str, typer.Option("--note", help=t("cli.opt.evidence_note"))] = "",
    by: Annotated[str | None, by_option()] = None,
) -> None:
    read = _read_files(files)
    _change(action_id, by, lambda book, who: book.attach(action_id, read, by=who, note=note),
            _moved)  # fmt: skip


def _read_files(paths: list[Path]) -> list[tuple[str, bytes]]:
    """Each evidence file's name and bytes (a regular file, at most 50 MB)."""
    from storeops.actions import EVIDENCE_LIMIT
    from storeops.file_kinds import read_regular

    read = []
    for path in paths:
        try:
            read.append((path.name, read_regular(path, limit=EVIDENCE_LIMIT)))
        except (OSError, ValueError) as exc:
            raise fail(t("cli.actions.evidence_unreadable", path=path, error=exc)) from None
    return read


def verify_action(
    action_id: Annotated[str, action_id_argument()],
    by: Annotated[str | None, typer.Option("--by", help=t("cli.opt.verifier"))] = None,
    note: Annotated[str, typer.Option("--note", help=t("cli.opt.verify_note"))] = "",
) -> None:
    _change(action_id, by, lambda book, who: book.verify(action_id, by=who, note=note), _moved)


def reopen_action(
    action_id: Annotated[str, action_id_argument()],
    reason: Annotated[str, typer.Option("--reason", help=t("cli.opt.reopen_reason"))],
    by: Annotated[str | None, by_option()] = None,
) -> None:
    _change(action_id, by, lambda book, who: book.reopen(action_id, reason=reason, by=who),
            _moved)  # fmt: skip
