"""``storeops export`` (this store's results for head office) and ``storeops merge`` (many
stores' exports into one file)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
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
    include_contact: Annotated[
        bool, typer.Option("--include-contact", help=t("cli.opt.include_contact"))
    ] = False,
) -> None:
    from storeops.export_service import ExportRequest, build_export
    from storeops.exporting import ExportError, Selection

    with opened(readonly=True) as ctx:
        if template_id:
            template_or_fail(ctx, template_id)
        selection = Selection(template_id, since, until, subject, unreviewed)
        request = ExportRequest(level, fmt.value, selection, include_contact=include_contact)
        if include_contact:  # the customers' names and phones leave the store unmasked
            typer.echo(t("cli.export.contact_warning"), err=True)
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
    """Streams: every file is read to check it, then again as the merged file is written,
    one row at a time, so memory stays flat however many rows the stores sent (a chain's
    warehouse is ``storeops hq ingest``)."""
    from storeops.exporting import ExportError, MergeSource, MergeStream

    sources = [MergeSource(str(path), _lines_of(path)) for path in _csv_files(files)]
    try:
        stream = MergeStream(sources)
        if output is None:
            for chunk in stream.csv_chunks():
                sys.stdout.write(chunk.decode("utf-8"))
            return
        write_or_fail(output, stream.csv_chunks())  # written as made: memory stays flat
    except ExportError as exc:
        raise fail(str(exc)) from None
    typer.echo(t("merge.done", count=stream.count, path=output,
                 duplicates=stream.duplicates))  # fmt: skip


def _csv_files(paths: list[Path]) -> list[Path]:
    """The files named, and the ``*.csv`` files in each folder named, sorted by name."""
    found: list[Path] = []
    for path in paths:
        path = path.expanduser()
        if path.is_dir():
            found.extend(sorted(p for p in path.glob("*.csv") if not p.is_dir()))
        else:
            found.append(path)
    return found


def _lines_of(path: Path) -> Callable[[], Iterator[str]]:
    """Reads ``path``'s lines as the merge asks for them (a regular file only: a FIFO or a
    device is refused before it is opened, as every storeops reader refuses one)."""

    def lines() -> Iterator[str]:
        from storeops.file_kinds import open_regular

        with open(open_regular(path), encoding="utf-8-sig", newline="") as file:
            yield from file

    return lines


def _deliver(payload: bytes, output: Path | None, count: int) -> None:
    """To the file named, or to standard output when none is."""
    if output is None:
        if payload.startswith(b"PK"):  # a workbook is not text: it needs a file
            raise fail(t("export.err.xlsx_output"), EXIT_USAGE)
        typer.echo(payload.decode("utf-8"), nl=False)
        return
    write_or_fail(output, payload)
    typer.echo(t("export.done", count=count, path=output))
