"""``storeops run`` (open the app on a new checklist) and ``storeops runs list``."""

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
    open_tui,
    opened,
    print_table,
    score_text,
    since_option,
    subject_filter_option,
    template_option,
    until_option,
)
from storeops.i18n import pick, t

if TYPE_CHECKING:
    from storeops.run_record import RunSummary

RUN_COLUMNS = ("hist.col.date", "hist.col.template", "hist.col.auditor", "hist.col.subject",
               "hist.col.score", "hist.col.band", "cli.col.id")  # fmt: skip


def register(app: typer.Typer) -> None:
    app.command("run", help=t("cli.run.help"))(run_checklist)
    group = typer.Typer(help=t("cli.runs.help"), no_args_is_help=True)
    app.add_typer(group, name="runs")
    group.command("list", help=t("cli.runs.list.help"))(list_runs)


def run_checklist(
    template_id: Annotated[
        str, typer.Argument(metavar="TEMPLATE_ID", help=t("cli.arg.template_id"))
    ],
    auditor: Annotated[str | None, typer.Option("--auditor", help=t("cli.opt.auditor"))] = None,
    subject: Annotated[str | None, typer.Option("--subject", help=t("cli.opt.subject"))] = None,
) -> None:
    open_tui(template_id, by_role={"auditor": auditor or "", "subject": subject or ""})


def list_runs(
    template_id: Annotated[str | None, template_option()] = None,
    since: Annotated[date | None, since_option()] = None,
    until: Annotated[date | None, until_option()] = None,
    subject: Annotated[str | None, subject_filter_option()] = None,
    fmt: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:
    with opened(readonly=True) as ctx:
        found = ctx.runs.summaries(template_id=template_id, subject=subject, since=since,
                                   until=until)  # fmt: skip
        gaps = gaps_in(ctx, ("runs",), since=since, until=until, template_id=template_id)
    _print_runs(found, fmt)
    if gaps:
        raise incomplete(gaps)


def _print_runs(found: list[RunSummary], fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        echo_json([
            {"id": s.id, "finished_at": s.finished_at, "template_id": s.template_id,
             "auditor": s.auditor, "subject": s.subject, "score": s.score, "band": s.band,
             "band_label": pick(*s.band_label), "critical_failures": list(s.critical)}
            for s in found
        ])  # fmt: skip
        return
    lines = [
        (s.finished_at[:16].replace("T", " "), s.template_id, s.auditor, s.subject,
         score_text(s.score), pick(*s.band_label) + (" ⚠" if s.critical else ""), s.id)
        for s in found
    ]  # fmt: skip
    print_table(RUN_COLUMNS, lines, empty="cli.runs.none")
