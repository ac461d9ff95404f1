"""Mystery-shopper visits: ``storeops import visits`` and ``storeops visits list | accept |
return``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from storeops.cli._common import (
    EXIT_PROBLEM,
    VISIT_TEMPLATE,
    fail,
    gaps_in,
    incomplete,
    opened,
    print_table,
    run_id_argument,
    score_text,
    template_option,
    template_or_fail,
)
from storeops.i18n import pick, t

VISIT_COLUMNS = ("hist.col.date", "visit.col.target", "visit.col.shopper", "hist.col.score",
                 "hist.col.band", "visit.col.review", "cli.col.id")  # fmt: skip


def register(app: typer.Typer) -> None:
    importing = typer.Typer(help=t("cli.import.help"), no_args_is_help=True)
    app.add_typer(importing, name="import")
    importing.command("runs", help=t("cli.import.runs.help"))(import_any_runs)
    importing.command("visits", help=t("cli.import.visits.help"))(import_visits)
    group = typer.Typer(help=t("cli.visits.help"), no_args_is_help=True)
    app.add_typer(group, name="visits")
    group.command("list", help=t("cli.visits.list.help"))(list_visits)
    group.command("accept", help=t("cli.visits.accept.help"))(accept_visit)
    group.command("return", help=t("cli.visits.return.help"))(return_visit)


def import_any_runs(
    file: Annotated[Path, typer.Argument(metavar="FILE", help=t("cli.arg.runs_file"))],
    template_id: Annotated[str, typer.Option("--template", help=t("cli.opt.import_template"))],
) -> None:
    _import(file, template_id)


def import_visits(
    file: Annotated[Path, typer.Argument(metavar="FILE", help=t("cli.arg.visits_file"))],
    template_id: Annotated[str, template_option()] = VISIT_TEMPLATE,
) -> None:
    _import(file, template_id)


def _import(file: Path, template_id: str) -> None:
    from storeops.importing import import_runs, read_import

    with opened(readonly=False) as ctx:
        template = template_or_fail(ctx, template_id)
        source = read_import(file)
        profile = ctx.profile
        result = import_runs(
            ctx.runs, template, source, store_code=profile.store_code if profile else "",
            attributes=profile.attributes if profile else {},
        )  # fmt: skip
    if result.problems:
        typer.echo(t("cli.import.refused", count=len(result.problems), path=file), err=True)
        for problem in result.problems:
            typer.echo(f"  - {problem}", err=True)
        raise typer.Exit(EXIT_PROBLEM)
    typer.echo(t("cli.import.done", count=len(result.runs), duplicates=result.duplicates))


def list_visits(
    status: Annotated[str | None, typer.Option("--status", help=t("cli.opt.status"))] = None,
    template_id: Annotated[str, template_option()] = VISIT_TEMPLATE,
) -> None:
    with opened(readonly=True) as ctx:
        template_or_fail(ctx, template_id)
        found = [s for s in ctx.runs.summaries(template_id=template_id)
                 if status is None or s.review_status == status]  # fmt: skip
        gaps = gaps_in(ctx, ("runs",), template_id=template_id)
    lines = []
    for s in found:
        review = t(f"review.status.{s.review_status}") if s.review_status else ""
        lines.append((s.finished_at[:10], s.subject, s.auditor, score_text(s.score),
                      pick(*s.band_label), review, s.id))  # fmt: skip
    print_table(VISIT_COLUMNS, lines, empty="cli.runs.none")
    if gaps:
        raise incomplete(gaps)


def accept_visit(
    run_id: Annotated[str, run_id_argument()],
    by: Annotated[str | None, typer.Option("--by", help=t("cli.opt.by"))] = None,
) -> None:
    _review(run_id, "accepted", by, "")


def return_visit(
    run_id: Annotated[str, run_id_argument()],
    reason: Annotated[str, typer.Option("--reason", help=t("cli.opt.reason"))],
    by: Annotated[str | None, typer.Option("--by", help=t("cli.opt.by"))] = None,
) -> None:
    _review(run_id, "returned", by, reason)


def _review(run_id: str, status: str, by: str | None, reason: str) -> None:
    from storeops.runs import RunError

    with opened(readonly=False) as ctx:
        reviewer = by or (ctx.profile.manager if ctx.profile else "")
        try:
            ctx.runs.set_review(ctx.runs.get(run_id), status, by=reviewer, reason=reason)
        except RunError as exc:
            raise fail(str(exc)) from None
    typer.echo(t("cli.visits.done", id=run_id, status=t(f"review.status.{status}")))
