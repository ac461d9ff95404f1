"""``storeops hq ingest | report``: head office's warehouse of every store's exports.

DuckDB comes with the optional extra ``storeops[hq]`` and is imported only inside these
commands; without it they say how to install it.
"""

from __future__ import annotations

import csv
import io
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from storeops.cli._common import (
    EXIT_PROBLEM,
    EXIT_USAGE,
    echo_json,
    fail,
    output_option,
    since_option,
    template_option,
    until_option,
    write_or_fail,
)
from storeops.i18n import t


class Report(StrEnum):
    league = "league"
    heatmap = "heatmap"
    trend = "trend"
    pareto = "pareto"
    repeats = "repeats"
    completion = "completion"
    complaints = "complaints"


class ComplaintsBy(StrEnum):
    store = "store"
    category = "category"
    cause = "cause"


class ReportFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


def register(app: typer.Typer) -> None:
    group = typer.Typer(help=t("cli.hq.help"), no_args_is_help=True)
    app.add_typer(group, name="hq")
    group.command("ingest", help=t("cli.hq.ingest.help"))(ingest_command)
    group.command("report", help=t("cli.hq.report.help"))(report_command)
    group.command("workbook", help=t("cli.hq.workbook.help"))(workbook_command)


def _warehouse_option() -> Any:
    return typer.Option("--warehouse", metavar="DIR", help=t("cli.opt.warehouse"))


def _need_duckdb() -> None:
    try:
        import duckdb  # noqa: F401
    except ImportError:
        raise fail(t("hq.err.no_duckdb"), EXIT_PROBLEM) from None


def ingest_command(
    paths: Annotated[list[Path], typer.Argument(metavar="PATH...", help=t("cli.arg.hq_exports"))],
    warehouse: Annotated[Path, _warehouse_option()],
    templates: Annotated[
        list[Path] | None,
        typer.Option("--templates", metavar="DIR", help=t("cli.opt.hq_templates")),
    ] = None,
) -> None:
    _need_duckdb()
    from storeops.hq.ingest import describe, ingest

    def progress(number: int, total: int, path: Path) -> None:
        if sys.stderr.isatty():
            typer.echo(f"\r{t('hq.progress', number=number, total=total)}", err=True, nl=False)

    report = ingest(paths, warehouse.expanduser(), templates=templates or (), progress=progress)
    if sys.stderr.isatty():
        typer.echo("", err=True)
    lines = describe(report)
    typer.echo(lines[0])
    for line in lines[1:]:
        typer.echo(line, err=True)
    if report.refused or report.notes:
        raise typer.Exit(EXIT_PROBLEM)


def report_command(
    name: Annotated[Report, typer.Argument(metavar="REPORT", help=t("cli.arg.hq_report"))],
    warehouse: Annotated[Path, _warehouse_option()],
    template_id: Annotated[str | None, template_option()] = None,
    since: Annotated[date | None, since_option()] = None,
    until: Annotated[date | None, until_option()] = None,
    stores: Annotated[str | None, typer.Option("--stores", help=t("cli.opt.stores"))] = None,
    period: Annotated[str, typer.Option("--period", help=t("cli.opt.period"))] = "week",
    per_store: Annotated[bool, typer.Option("--per-store", help=t("cli.opt.per_store"))] = False,
    by: Annotated[ComplaintsBy | None, typer.Option("--by", help=t("cli.opt.hq_by"))] = None,
    fmt: Annotated[
        ReportFormat, typer.Option("--format", help=t("cli.opt.hq_format"))
    ] = ReportFormat.table,
    output: Annotated[Path | None, output_option()] = None,
) -> None:
    _need_duckdb()
    from storeops.hq.reports import CHECKLIST_FREE, Filters, run_report

    if period not in ("week", "month"):
        raise fail(t("hq.err.period"), EXIT_USAGE)
    if name.value in CHECKLIST_FREE and template_id:
        raise fail(t("hq.err.no_checklist", report=name.value), EXIT_USAGE)
    if by is not None and name is not Report.complaints:
        raise fail(t("hq.err.by"), EXIT_USAGE)
    if fmt is ReportFormat.xlsx and output is None:
        raise fail(t("export.err.xlsx_output"), EXIT_USAGE)
    root = warehouse.expanduser()
    if not root.is_dir():
        raise fail(t("hq.err.no_warehouse", path=root), EXIT_USAGE)
    filters = Filters(template_id, since, until, _store_list(stores), period, per_store,
                      by.value if by is not None else "store")  # fmt: skip
    names, rows = run_report(root, name.value, filters)
    if fmt is ReportFormat.json:
        records = [dict(zip(names, row, strict=True)) for row in rows]
        if output is None:
            echo_json([{k: _json(v) for k, v in r.items()} for r in records])
        else:
            import json

            text = json.dumps(records, ensure_ascii=False, indent=2, default=str)
            write_or_fail(output, text.encode("utf-8"))
        return
    if fmt is ReportFormat.xlsx and output is not None:
        from storeops.hq.workbook import report_workbook

        write_or_fail(output, report_workbook(name.value, names, rows))
        return
    if fmt is ReportFormat.csv:
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(names)
        writer.writerows(rows)
        payload = ("\ufeff" + buffer.getvalue()).encode("utf-8")
        if output is None:
            sys.stdout.write(buffer.getvalue())
        else:
            write_or_fail(output, payload)
        return
    if not rows:
        typer.echo(t("cli.runs.none"))
        return
    from storeops.texttable import render

    # Column names are the warehouse's (the same in CSV, JSON and SQL), not translated.
    typer.echo(render(names, [tuple(_cell(v) for v in row) for row in rows]))


def workbook_command(
    warehouse: Annotated[Path, _warehouse_option()],
    output: Annotated[
        Path, typer.Option("-o", "--output", metavar="FILE.xlsx", help=t("cli.opt.output"))
    ],
    template_id: Annotated[str | None, template_option()] = None,
    since: Annotated[date | None, since_option()] = None,
    until: Annotated[date | None, until_option()] = None,
    stores: Annotated[str | None, typer.Option("--stores", help=t("cli.opt.stores"))] = None,
) -> None:
    _need_duckdb()
    try:
        import xlsxwriter  # noqa: F401
    except ImportError:
        raise fail(t("hq.err.no_duckdb"), EXIT_PROBLEM) from None
    from storeops.hq.reports import Filters
    from storeops.hq.workbook import weekly_workbook

    root = warehouse.expanduser()
    if not root.is_dir():
        raise fail(t("hq.err.no_warehouse", path=root), EXIT_USAGE)
    payload = weekly_workbook(root, Filters(template_id, since, until, _store_list(stores)))
    write_or_fail(output, payload)
    typer.echo(t("hq.workbook.done", path=output.expanduser()))


def _json(value: object) -> object:
    return value if value is None or isinstance(value, int | float | str) else str(value)


def _cell(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _store_list(text: str | None) -> tuple[str, ...]:
    """Store codes, comma separated, or ``@FILE`` with one code per line (a region)."""
    if not text:
        return ()
    if text.startswith("@"):
        try:
            lines = Path(text[1:]).expanduser().read_text("utf-8-sig").splitlines()
        except OSError as exc:
            raise fail(t("hq.err.read", error=exc.strerror or exc), EXIT_USAGE) from None
        return tuple(line.strip() for line in lines if line.strip())
    return tuple(code.strip() for code in text.split(",") if code.strip())
