"""What every command shares: the choices of the root options, the process clock, opening the
data folder (its errors mapped to exit codes), the shared options, and plain tables.

The option helpers (``format_option()``, ``since_option()``, …) are functions, not module-level
``Annotated`` aliases, because their help is translated: the command modules use
``from __future__ import annotations``, so Typer evaluates each ``Annotated[…, since_option()]``
when it turns the app into a Click command, in the language chosen at start-up
(:func:`storeops.cli.main` sets it before anything is built). An alias made at import time
would freeze the help in whatever language was current when the module was first imported.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from storeops.clock import Clock, ClockError
from storeops.i18n import t

if TYPE_CHECKING:
    from storeops.context import Context
    from storeops.templates import Template

EXIT_PROBLEM = 1
EXIT_USAGE = 2  # what Click returns for a bad option too
EXIT_IN_USE = 3
VISIT_TEMPLATE = "mystery-shopper"


class State:
    """What the root options chose for the command being run. The root callback resets it
    for every command: tests run many commands in one process."""

    data_dir: str | None = None
    lang: str | None = None
    clock: Clock | None = None

    @classmethod
    def reset(cls, data_dir: str | None, lang: str | None) -> None:
        cls.data_dir = data_dir
        cls.lang = lang
        cls.clock = None  # read afresh: STOREOPS_NOW may differ between commands


def clock() -> Clock:
    """The process's one clock (the system's, or the one ``STOREOPS_NOW`` pins)."""
    if State.clock is None:
        try:
            State.clock = Clock.from_env()
        except ClockError as exc:
            raise fail(str(exc), EXIT_USAGE) from None
    return State.clock


def fail(message: str, code: int = EXIT_PROBLEM) -> typer.Exit:
    """Print ``message`` as an error and give the exit to raise."""
    typer.echo(t("cli.error", message=message), err=True)
    return typer.Exit(code)


@contextmanager
def opened(*, readonly: bool) -> Iterator[Context]:
    """The data folder, open for the body of the ``with`` and closed after it.

    A folder held by another copy of storeops exits with :data:`EXIT_IN_USE`; any other
    storage problem, on opening or inside the body, prints its message and exits with
    :data:`EXIT_PROBLEM`.
    """
    from storeops.context import open_context
    from storeops.storage import DataFolderInUse, StorageError

    try:
        ctx = open_context(State.data_dir, readonly=readonly, lang=State.lang, clock=clock())
    except DataFolderInUse as exc:
        raise fail(str(exc), EXIT_IN_USE) from None
    except StorageError as exc:
        raise fail(str(exc)) from None
    try:
        yield ctx
    except StorageError as exc:
        raise fail(str(exc)) from None
    finally:
        ctx.close()


def print_warnings(ctx: Context) -> None:
    """Data warnings (unreadable files set aside, …), on standard error."""
    for problem in ctx.problems:
        typer.echo(problem, err=True)


def template_or_fail(ctx: Context, template_id: str) -> Template:
    """The template ``template_id``, or an error that lists the ones there are."""
    if template_id not in ctx.catalogue:
        raise unknown_template(ctx, template_id)
    return ctx.catalogue.get(template_id)


def unknown_template(ctx: Context, template_id: str) -> typer.Exit:
    known = ", ".join(sorted(ctx.catalogue.templates)) or "—"
    return fail(t("cli.templates.unknown", id=template_id, known=known))


def echo_json(value: Any) -> None:
    """``value`` as indented JSON, Chinese kept readable."""
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2))


def print_table(columns: Sequence[str], rows: Sequence[Sequence[str]], *, empty: str) -> None:
    """A plain table with the catalogue's ``columns`` headings, or the ``empty`` message."""
    if not rows:
        typer.echo(t(empty))
        return
    from storeops.texttable import render

    typer.echo(render([t(key) for key in columns], rows))


def score_text(score: float | None) -> str:
    return "—" if score is None else f"{score:.1f}"


def write_or_fail(path: Path, payload: bytes) -> None:
    from storeops.storage import StorageError, write_file

    try:
        write_file(path, payload)
    except StorageError as exc:
        raise fail(str(exc)) from None


def open_tui(
    template_id: str = "",
    *,
    by_role: dict[str, str] | None = None,
    check_in_day: date | None = None,
) -> None:
    """Open the app (the only place the CLI imports Textual), backing up beside it; on a new
    checklist of ``template_id`` or on the check-in of ``check_in_day`` if one is given."""
    from storeops.backups import BackgroundBackup

    error: str | None = None
    with opened(readonly=False) as ctx:
        if template_id and template_id not in ctx.catalogue:
            raise unknown_template(ctx, template_id)
        # The start-up backup runs beside the app; a failed one must not keep anyone out.
        backup = BackgroundBackup(ctx.store)
        try:
            from storeops.tui.access import StartRequest
            from storeops.tui.app import StoreOpsApp

            start = None
            if template_id or check_in_day:
                start = StartRequest(template_id, by_role=by_role or {}, check_in_day=check_in_day)
            StoreOpsApp(ctx, start=start).run()
        finally:
            error = backup.finish()
    if error:
        typer.echo(t("cli.backup.auto_failed", error=error), err=True)


# --- shared options -------------------------------------------------------------------------


class OutputFormat(StrEnum):
    """``--format`` of the commands that print: Typer refuses any other value (exit code 2)."""

    table = "table"
    json = "json"


class ExportFormat(StrEnum):
    """``--format`` of ``export``."""

    csv = "csv"
    json = "json"


def parse_day(value: str) -> date | None:
    """A ``YYYY-MM-DD`` option value; a bad one is a usage error (exit code 2)."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(t("hist.err.date", value=value)) from None


def format_option() -> Any:
    return typer.Option("--format", help=t("cli.opt.format"))


def since_option() -> Any:
    return typer.Option("--from", metavar="YYYY-MM-DD", parser=parse_day, help=t("cli.opt.from"))


def until_option() -> Any:
    return typer.Option("--to", metavar="YYYY-MM-DD", parser=parse_day, help=t("cli.opt.to"))


def day_option() -> Any:
    return typer.Option("--day", metavar="YYYY-MM-DD", parser=parse_day, help=t("cli.opt.day"))


def template_option() -> Any:
    return typer.Option("--template", help=t("cli.opt.template"))


def subject_filter_option() -> Any:
    return typer.Option("--subject", help=t("cli.opt.filter_subject"))


def output_option() -> Any:
    return typer.Option("-o", "--output", metavar="FILE", help=t("cli.opt.output"))


def run_id_argument() -> Any:
    return typer.Argument(metavar="RUN_ID", help=t("cli.arg.run_id"))
