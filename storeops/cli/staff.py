"""``storeops staff list | add | remove``: the names offered when choosing whom to observe."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from storeops.cli._common import EXIT_PROBLEM, gaps_in, incomplete, opened
from storeops.i18n import t


def register(app: typer.Typer) -> None:
    group = typer.Typer(help=t("cli.staff.help"), no_args_is_help=True)
    app.add_typer(group, name="staff")
    group.command("list", help=t("cli.staff.list.help"))(list_staff)
    group.command("add", help=t("cli.staff.add.help"))(add_staff)
    group.command("remove", help=t("cli.staff.remove.help"))(remove_staff)


def names_argument() -> Any:
    return typer.Argument(metavar="NAME...", help=t("cli.arg.staff_names"))


def list_staff() -> None:
    with opened(readonly=True) as ctx:
        names = ctx.staff.names()
        gaps = gaps_in(ctx, ("staff",))
    typer.echo("\n".join(names) if names else t("cli.staff.none"))
    if gaps:
        raise incomplete(gaps)


def add_staff(names: Annotated[list[str], names_argument()]) -> None:
    _change_staff(names, remove=False)


def remove_staff(names: Annotated[list[str], names_argument()]) -> None:
    _change_staff(names, remove=True)


def _change_staff(names: list[str], *, remove: bool) -> None:
    """Each name in turn; a refused one is reported and the others still go through."""
    from storeops.staff import StaffError

    failed = False
    with opened(readonly=False) as ctx:
        for name in names:
            try:
                member = ctx.staff.deactivate(name) if remove else ctx.staff.add(name)
            except StaffError as exc:
                typer.echo(t("cli.error", message=exc), err=True)
                failed = True
                continue
            key = "cli.staff.removed" if remove else "cli.staff.added"
            typer.echo(t(key, name=member.name))
    if failed:
        raise typer.Exit(EXIT_PROBLEM)
