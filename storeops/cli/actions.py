"""``storeops actions list``: corrective actions."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from storeops.cli._common import (
    OutputFormat,
    echo_json,
    format_option,
    gaps_in,
    incomplete,
    opened,
    print_table,
)
from storeops.i18n import t

if TYPE_CHECKING:
    from storeops.actions import CorrectiveAction

ACTION_COLUMNS = ("action.col.due", "action.col.status", "action.col.priority", "action.col.owner",
                  "action.col.item", "action.col.description")  # fmt: skip


def register(app: typer.Typer) -> None:
    group = typer.Typer(help=t("cli.actions.help"), no_args_is_help=True)
    app.add_typer(group, name="actions")
    group.command("list", help=t("cli.actions.list.help"))(list_actions)


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


def _print_actions(actions: list[CorrectiveAction], today: date, fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        echo_json([{**a.to_doc(), "overdue": a.overdue(today)} for a in actions])
        return
    lines = [
        (f"⚠ {a.due}" if a.overdue(today) else a.due, t(f"action.status.{a.status}"),
         t(f"action.priority.{a.priority}"), a.owner, a.item_id, a.description)
        for a in actions
    ]  # fmt: skip
    print_table(ACTION_COLUMNS, lines, empty="cli.actions.none")
