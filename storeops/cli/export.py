"""``storeops export`` (this store's results for head office) and ``storeops merge`` (many
stores' exports into one file)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from storeops.cli._common import (
    EXIT_USAGE,
    ExportFormat,
    fail,
    incomplete,
    opened,
    output_option,
    print_warnings,
    since_option,
    subject_filter_option,
    template_option,
    template_or_fail,
    until_option,
    write_or_fail,
)
from storeops.i18n import t


def register(app: typer.Typer) -> None:
    app.command("export", help=t("cli.export.help"))(export)
    app.command("merge", help=t("cli.merge.help"))(merge_exports)


def export(
    level: Annotated[str, typer.Option("--level", help=t("cli.opt.level"))] = "run",
    fmt: Annotated[
        ExportFormat, typer.Option("--format", help=t("cli.opt.export_format"))
    ] = ExportFormat.csv,
    template_id: Annotated[str | None, template_option()] = None,
    since: Annotated[date | None, since_option()] = None,
    until: Annotated[date | None, until_option()] = None,
    subject: Annotated[str | None, subject_filter_option()] = None,
    unreviewed: Annotated[bool, typer.Option("--unreviewed", help=t("cli.opt.pending"))] = False,
    output: Annotated[Path | None, output_option()] = None,
    allow_incomplete: Annotated[
        bool, typer.Option("--allow-incomplete", help=t("cli.opt.allow_incomplete"))
    ] = False,
) -> None:
    from storeops.export_service import ExportRequest, build_export
    from storeops.exporting import ExportError, Selection

    with opened(readonly=True) as ctx:
        if template_id:
            template_or_fail(ctx, template_id)
        selection = Selection(template_id, since, until, subject, unreviewed)
        request = ExportRequest(level, fmt.value, selection)
        try:
            result = build_export(ctx, request)
        except ExportError as exc:
            raise fail(str(exc), EXIT_USAGE) from None
        print_warnings(ctx, but=result.gaps)
    # Never silently incomplete: refused (exit 4) unless asked for, then said on stderr.
    if result.gaps and not allow_incomplete:
        raise incomplete(result.gaps, note="cli.export.refused")
    _deliver(result.payload, output, result.rows)
    if result.gaps:
        typer.echo(t("cli.incomplete", count=len(result.gaps)), err=True)
        for gap in result.gaps:
            typer.echo(f"  - {gap}", err=True)
        typer.echo(t("cli.export.incomplete"), err=True)


def merge_exports(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help=t("cli.arg.exports"))],
    output: Annotated[Path | None, output_option()] = None,
) -> None:
    from storeops.exporting import ExportError, merge, merged_csv
    from storeops.storage import read_sources

    try:
        merged = merge(read_sources(files, suffix=".csv"))
    except ExportError as exc:
        raise fail(str(exc)) from None
    payload = merged_csv(merged)
    if output is None:
        sys.stdout.write(payload.decode("utf-8"))
        return
    write_or_fail(output, payload)
    typer.echo(t("merge.done", count=len(merged.rows), path=output,
                 duplicates=merged.duplicates))  # fmt: skip


def _deliver(payload: bytes, output: Path | None, count: int) -> None:
    """To the file named, or to standard output when none is."""
    if output is None:
        if payload.startswith(b"PK"):  # a workbook is not text: it needs a file
            raise fail(t("export.err.xlsx_output"), EXIT_USAGE)
        typer.echo(payload.decode("utf-8"), nl=False)
        return
    write_or_fail(output, payload)
    typer.echo(t("export.done", count=count, path=output))
