"""The ``storeops`` command (Typer). Thin: parse, call the domain, print.

One module per command group, each with ``register(app)``; ``_common`` holds what they share
(opening the data folder, exit codes, the clock, shared options, tables) and ``_language``
chooses the language before anything is built, so every ``--help`` is in the store's language.

Textual is imported only where the app is opened (``_common.open_tui``), so every other command
starts without it (checked by a test and by ruff's TID253). The domain modules are imported
inside the commands that use them, so ``storeops --help`` imports none of them.
"""

from __future__ import annotations

import sys
from importlib import import_module
from pathlib import Path
from typing import Annotated

import typer

from storeops import __version__
from storeops.cli._common import (
    EXIT_CRASH,
    EXIT_IN_USE,
    EXIT_INCOMPLETE,
    EXIT_PROBLEM,
    EXIT_USAGE,
    State,
    crash_message,
    fail,
    open_tui,
)
from storeops.cli._language import startup_language
from storeops.i18n import LANGUAGES, set_language, t

__all__ = [
    "EXIT_CRASH",
    "EXIT_INCOMPLETE",
    "EXIT_IN_USE",
    "EXIT_PROBLEM",
    "EXIT_USAGE",
    "build_app",
    "main",
]

# Each command module of this package and the top-level names its register() adds (a test
# keeps them true). In this order: Typer lists the top-level commands, then the groups, in the
# order registered.
GROUPS: dict[str, tuple[str, ...]] = {
    "templates": ("templates",),
    "runs": ("run", "runs"),
    "actions": ("actions",),
    "complaints": ("complaints",),
    "staff": ("staff",),
    "visits": ("import", "visits"),
    "report": ("report",),
    "goals": ("goals",),
    "export": ("export", "merge"),
    "data": ("demo", "doctor", "backup", "restore", "setup"),
    "hq": ("hq",),
    "schedule": ("due", "schedule"),
}
# Root options that take a value: skipped when looking for the command a line names.
ROOT_VALUE_OPTIONS = ("--data-dir", "--lang")


def build_app(command: str | None = None) -> typer.Typer:
    """The CLI, with help in the current language (``main`` chooses it first).

    Given the top-level ``command`` a command line names, only the module that holds it is
    imported and registered: building every command's options costs Typer about as much as
    importing it, and a command needs only its own. Otherwise (no command, ``--help``, a
    mistyped name) all are, so the listing and Typer's "no such command" stay whole.
    """
    app = typer.Typer(
        help=t("cli.help"),
        no_args_is_help=False,
        add_completion=False,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
    )
    app.callback(invoke_without_command=True)(root)
    wanted = [module for module, names in GROUPS.items() if command in names]
    for module in wanted or GROUPS:
        import_module(f"storeops.cli.{module}").register(app)
    return app


def command_named(args: list[str]) -> str | None:
    """The first argument that is not a root option or an option's value."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in ROOT_VALUE_OPTIONS:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def root(
    ctx: typer.Context,
    data_dir: Annotated[
        Path | None, typer.Option("--data-dir", help=t("cli.opt.data_dir"), show_default=False)
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", help=t("cli.opt.lang"), show_default=False)
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", help=t("cli.opt.version"), callback=_version, is_eager=True),
    ] = False,
) -> None:
    """The root options; with no command, open the app."""
    if lang is not None and lang not in LANGUAGES:
        raise fail(t("cli.bad_lang"), EXIT_USAGE)
    State.reset(str(data_dir) if data_dir else None, lang)
    if lang:
        set_language(lang)
    if ctx.invoked_subcommand is None:
        open_tui()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"storeops {__version__}")
        raise typer.Exit()


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``storeops`` console script. An error nothing expected never
    shows a traceback: its details go to a crash log in the data folder, and the command
    exits with :data:`EXIT_CRASH` saying where the log is."""
    args = sys.argv[1:] if argv is None else argv
    set_language(startup_language(args))
    try:
        build_app(command_named(args))(args=args, prog_name="storeops")
    except Exception as exc:
        from storeops.locations import resolve_data_dir

        try:
            folder = resolve_data_dir(State.data_dir)
        except Exception:  # no data folder to be found: the log goes to the temp folder
            import tempfile

            folder = Path(tempfile.gettempdir())
        typer.echo(t("cli.error", message=crash_message(folder, exc)), err=True)
        sys.exit(EXIT_CRASH)
