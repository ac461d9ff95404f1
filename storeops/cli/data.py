"""The data folder itself: ``storeops setup | backup | restore | doctor | demo``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from storeops.cli._common import (
    EXIT_PROBLEM,
    EXIT_USAGE,
    State,
    fail,
    open_tui,
    opened,
)
from storeops.i18n import current_language, set_language, t


def register(app: typer.Typer) -> None:
    # In this order in the help, after run, export and merge.
    app.command("demo", help=t("cli.demo.help"))(demo)
    app.command("doctor", help=t("cli.doctor.help"))(doctor)
    app.command("backup", help=t("cli.backup.help"))(backup)
    app.command("restore", help=t("cli.restore.help"))(restore_backup)
    app.command("setup", help=t("cli.setup.help"))(setup)


def demo(
    folder: Annotated[Path | None, typer.Option("--folder", help=t("cli.opt.demo_folder"))] = None,
    months: Annotated[
        int, typer.Option("--months", min=1, max=24, help=t("cli.opt.demo_months"))
    ] = 4,
    fresh: Annotated[bool, typer.Option("--fresh", help=t("cli.opt.demo_fresh"))] = False,
    no_open: Annotated[bool, typer.Option("--no-open", help=t("cli.opt.demo_no_open"))] = False,
) -> None:
    from storeops.demo import make_demo
    from storeops.locations import demo_data_dir

    target = folder or demo_data_dir()
    if State.data_dir and Path(State.data_dir).expanduser() == target.expanduser():
        raise fail(t("cli.demo.same"), EXIT_USAGE)
    State.data_dir = str(target)
    with opened(readonly=False) as ctx:
        if fresh or not ctx.runs.summaries():
            count = make_demo(ctx, today=ctx.clock.today(), months=months)
            typer.echo(t("cli.demo.made", count=count, path=target))
    if not no_open:
        open_tui()


def doctor(
    fix: Annotated[bool, typer.Option("--fix", help=t("cli.opt.doctor_fix"))] = False,
) -> None:
    from storeops.doctor import examine, repair

    if fix:
        with opened(readonly=False) as ctx:
            for done in repair(ctx.store, ctx.runs):
                typer.echo(f"✓ {done}")
    with opened(readonly=True) as ctx:
        ctx.read_everything()  # so every record that cannot be read is among the findings
        findings = examine(ctx.store, ctx.runs)
    for finding in findings:
        typer.echo(f"{'✓' if finding.ok else '✗'} {finding.message}")
        if finding.fix:
            typer.echo(f"    → {finding.fix}")
    problems = sum(1 for f in findings if not f.ok)
    typer.echo(t("doctor.unhealthy", count=problems) if problems else t("doctor.healthy"))
    if problems:
        raise typer.Exit(EXIT_PROBLEM)


def backup(
    list_only: Annotated[bool, typer.Option("--list", help=t("cli.opt.backup_list"))] = False,
) -> None:
    from storeops.backups import backups, take_backup

    if list_only:
        with opened(readonly=True) as ctx:
            typer.echo(t("cli.backup.list"))
            for b in backups(ctx.data_dir):
                typer.echo(f"  {b.name}")
        return
    with opened(readonly=False) as ctx:
        taken = take_backup(ctx.store)
    typer.echo(t("cli.backup.done", path=taken.path))


def restore_backup(
    backup_file: Annotated[Path, typer.Argument(metavar="BACKUP", help=t("cli.arg.backup"))],
) -> None:
    from storeops.backups import restore

    with opened(readonly=False) as ctx:
        safety = restore(ctx.store, backup_file)
    typer.echo(t("cli.restore.done", path=backup_file, safety=safety.path.name))


def _setting(option: str, key: str) -> Any:
    return typer.Option(option, help=t(key), show_default=False)


def setup(
    store_code: Annotated[str | None, _setting("--store-code", "cli.opt.store_code")] = None,
    store_name: Annotated[str | None, _setting("--store-name", "cli.opt.store_name")] = None,
    manager: Annotated[str | None, _setting("--manager", "cli.opt.manager")] = None,
    language: Annotated[
        str | None,
        typer.Option("--language", "--lang", help=t("cli.opt.language"), show_default=False),
    ] = None,
    templates_dir: Annotated[
        str | None, _setting("--templates-dir", "cli.opt.templates_dir")
    ] = None,
    attribute: Annotated[
        list[str] | None,
        typer.Option(
            "--attribute", metavar="NAME=VALUE", help=t("cli.opt.attribute"), show_default=False
        ),
    ] = None,
) -> None:
    from dataclasses import replace

    from storeops.profile import StoreProfile, parse_attribute

    given = (store_code, store_name, manager, language, templates_dir, attribute)
    if all(value is None for value in given):
        raise fail(t("cli.setup.need"), EXIT_USAGE)
    changes: dict[str, str] = {}
    for text in attribute or []:
        try:
            name, value = parse_attribute(text)
        except ValueError as exc:
            raise fail(str(exc), EXIT_USAGE) from None
        changes[name] = value
    with opened(readonly=False) as ctx:
        old = ctx.profile
        if old is None and None in (store_code, store_name, manager):
            raise fail(t("cli.setup.first"), EXIT_USAGE)
        base = old or StoreProfile("", "", "", current_language())
        profile = replace(
            base,
            store_code=base.store_code if store_code is None else store_code,
            store_name=base.store_name if store_name is None else store_name,
            manager=base.manager if manager is None else manager,
            language=base.language if language is None else language,
            templates_dir=base.templates_dir if templates_dir is None else templates_dir,
            # NAME= with nothing after it removes the attribute
            attributes={
                k: v for k, v in {**base.attributes, **changes}.items() if v or k not in changes
            },
        )
        try:
            saved = ctx.save_profile(profile)
        except ValueError as exc:
            raise fail(str(exc)) from None
        set_language(saved.language)
        typer.echo(
            t("cli.setup.done", code=saved.store_code, name=saved.store_name,
              manager=saved.manager, lang=saved.language, path=ctx.data_dir)
        )  # fmt: skip
        if saved.attributes:
            pairs = ", ".join(f"{k}={v}" for k, v in sorted(saved.attributes.items()))
            typer.echo(t("cli.setup.attributes", pairs=pairs))
