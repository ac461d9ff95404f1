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
from collections.abc import Iterable, Iterator, Sequence
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
    from storeops.storage import SetAside
    from storeops.templates import Template

EXIT_PROBLEM = 1
EXIT_USAGE = 2  # what Click returns for a bad option too
EXIT_IN_USE = 3
EXIT_INCOMPLETE = 4  # a list, report or export lacks data that could not be read
EXIT_CRASH = 5  # storeops stopped on an unexpected error (the details are in a crash log)
LOCK_WAIT = 5.0  # s a command that writes waits for another copy to free the folder
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
def opened(*, readonly: bool, wait: float = LOCK_WAIT) -> Iterator[Context]:
    """The data folder, open for the body of the ``with`` and closed after it.

    A writer waits up to ``wait`` seconds (saying so on standard error) for another copy of
    storeops to free the folder; still held, it exits with :data:`EXIT_IN_USE`. Any other
    storage problem, on opening or inside the body, prints its message and exits with
    :data:`EXIT_PROBLEM`.
    """
    from storeops.context import open_context
    from storeops.storage import DataFolderInUse, StorageError

    def waiting(message: str) -> None:
        typer.echo(message, err=True)

    try:
        ctx = open_context(State.data_dir, readonly=readonly, lang=State.lang, clock=clock(),
                           wait=wait, on_wait=waiting)  # fmt: skip
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


def print_warnings(ctx: Context, *, but: Sequence[SetAside] = ()) -> None:
    """Data warnings (unreadable files set aside, …), on standard error; ``but`` those
    that :func:`incomplete` reports."""
    reported = {str(gap) for gap in but}
    for problem in ctx.problems:
        if problem not in reported:
            typer.echo(problem, err=True)


def gaps_in(
    ctx: Context,
    kinds: Sequence[str],
    *,
    since: date | None = None,
    until: date | None = None,
    template_id: str | None = None,
    record_id: str | None = None,
) -> list[SetAside]:
    """What the command could not read of ``kinds`` within its selection (see
    :meth:`~storeops.storage.DataStore.gaps`), to report with :func:`incomplete`; every
    other problem found on the way is printed now, as a warning. Call it once the
    command has read its data, inside ``opened``."""
    gaps = ctx.store.gaps(kinds, since=since, until=until, template_id=template_id,
                          record_id=record_id)  # fmt: skip
    print_warnings(ctx, but=gaps)
    return gaps


def incomplete(gaps: Sequence[SetAside], *, note: str = "cli.incomplete.fix") -> typer.Exit:
    """Say on standard error what could not be read, naming each file, and give the exit
    of an incomplete result (:data:`EXIT_INCOMPLETE`)."""
    typer.echo(t("cli.incomplete", count=len(gaps)), err=True)
    for gap in gaps:
        typer.echo(f"  - {gap}", err=True)
    typer.echo(t(note), err=True)
    return typer.Exit(EXIT_INCOMPLETE)


def crash_message(folder: Path, error: BaseException) -> str:
    """Write ``error``'s traceback to a crash log in ``folder`` (the data folder) and give
    the message to show instead of it."""
    import sys
    import traceback

    from storeops import __version__
    from storeops.storage import StorageError, write_crash_log

    what = f"{type(error).__name__}: {error}"
    try:
        now = clock().now()
    except typer.Exit:  # STOREOPS_NOW is wrong: the details still need a time
        from storeops.clock import SYSTEM

        now = SYSTEM.now()
    head = f"storeops {__version__} at {now.isoformat()}\ncommand: {sys.argv[1:]}\n\n"
    details = head + "".join(traceback.format_exception(error))
    try:
        path = write_crash_log(folder, now.strftime("%Y%m%dT%H%M%S"), details)
    except (OSError, StorageError) as exc:
        return t("cli.crash.no_log", error=what, reason=exc)
    return t("cli.crash", error=what, path=path)


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
    from storeops.rounding import one_decimal

    return "—" if score is None else one_decimal(score)


def write_or_fail(
    path: Path, payload: bytes | Iterable[bytes], *, into_data_folder: bool = False
) -> None:
    """Write an output file (bytes, or chunks written as they come); when ``path`` is a
    link, say which file was written. A file inside the data folder is refused (it could
    replace the store's own files) unless ``into_data_folder``: a template's ``.toml``,
    which a store may keep in a folder there and which never has a store file's name."""
    from storeops.locations import resolve_data_dir
    from storeops.storage import StorageError, write_file

    try:
        outside = None if into_data_folder else resolve_data_dir(State.data_dir)
        written = write_file(path, payload, outside=outside)
    except StorageError as exc:
        raise fail(str(exc)) from None
    if written != path.expanduser():
        typer.echo(t("cli.output.followed", link=path, target=written), err=True)


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
    crashed = ""
    code: int | None = None
    with opened(readonly=False, wait=0) as ctx:  # the app says at once the folder is in use
        if template_id and template_id not in ctx.catalogue:
            raise unknown_template(ctx, template_id)
        # The start-up backup runs beside the app; a failed one must not keep anyone out.
        backup = BackgroundBackup(ctx.store)
        try:
            from storeops.tui.access import StartRequest
            from storeops.tui.app import StoreOpsApp

            crash: BaseException | None
            try:
                start = None
                if template_id or check_in_day:
                    start = StartRequest(template_id, by_role=by_role or {},
                                         check_in_day=check_in_day)  # fmt: skip
                app = StoreOpsApp(ctx, start=start)
                app.run()
            except Exception as exc:  # outside the app's own loop (the terminal, the driver)
                crash = exc
            else:
                # An error inside the app ends it (see StoreOpsApp._handle_exception): its
                # traceback goes to a crash log, never onto the screen.
                crash, code = app.crash, app.return_code
            if crash is not None:
                crashed = crash_message(ctx.data_dir, crash)
        finally:
            error = backup.finish()
    if error:
        typer.echo(t("cli.backup.auto_failed", error=error), err=True)
    if crashed:
        raise fail(crashed, EXIT_CRASH)
    if code:  # the app ended on an error it reported itself
        raise typer.Exit(code)


# --- shared options -------------------------------------------------------------------------


class OutputFormat(StrEnum):
    """``--format`` of the commands that print: Typer refuses any other value (exit code 2)."""

    table = "table"
    json = "json"


class ExportFormat(StrEnum):
    """``--format`` of ``export``."""

    csv = "csv"
    json = "json"
    xlsx = "xlsx"


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
