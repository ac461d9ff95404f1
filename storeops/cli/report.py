"""``storeops report league | trend | pareto | run | stores``."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from storeops.cli._common import (
    EXIT_USAGE,
    VISIT_TEMPLATE,
    OutputFormat,
    echo_json,
    fail,
    format_option,
    gaps_in,
    incomplete,
    opened,
    print_table,
    run_id_argument,
    score_text,
    since_option,
    template_option,
    template_or_fail,
    until_option,
    write_or_fail,
)
from storeops.i18n import t
from storeops.rounding import one_decimal

if TYPE_CHECKING:
    from storeops.exporting import Merged
    from storeops.rankings import Standing
    from storeops.templates import Template

TREND_COLUMNS = ("report.trend.col.week", "report.trend.col.count", "report.trend.col.mean",
                 "report.trend.col.range")  # fmt: skip
PARETO_COLUMNS = ("cli.col.id", "report.pareto.col.item", "report.pareto.col.count",
                  "report.pareto.col.pct", "report.pareto.col.cum")  # fmt: skip
STORE_COLUMNS = ("report.store.col.store", "report.store.col.template", "report.store.col.runs",
                 "report.store.col.mean", "report.store.col.critical")  # fmt: skip
REPEAT_COLUMNS = (
    "due.col.template", "report.repeats.col.subject", "cli.col.id", "report.pareto.col.item",
    "report.repeats.col.runs", "report.repeats.col.last",
)  # fmt: skip
LEAGUE_COLUMNS = (
    "league.col.rank", "visit.col.target", "league.col.visits", "league.col.mean",
    "league.col.strengths", "league.col.weaknesses", "league.col.critical",
)  # fmt: skip


def register(app: typer.Typer) -> None:
    group = typer.Typer(help=t("cli.report.help"), no_args_is_help=True)
    app.add_typer(group, name="report")
    group.command("league", help=t("cli.report.league.help"))(league_report)
    group.command("trend", help=t("cli.report.trend.help"))(trend_report)
    group.command("pareto", help=t("cli.report.pareto.help"))(pareto_report)
    group.command("run", help=t("cli.report.run.help"))(run_report)
    group.command("stores", help=t("cli.report.stores.help"))(stores_report)
    group.command("repeats", help=t("cli.report.repeats.help"))(repeats_report)
    from storeops.cli.complaints import complaints_report, satisfaction_report

    group.command("complaints", help=t("cli.report.complaints.help"))(complaints_report)
    group.command("satisfaction", help=t("cli.report.satisfaction.help"))(satisfaction_report)


def league_report(
    window: Annotated[int, typer.Option("--window", min=1, max=50, help=t("cli.opt.window"))] = 3,
    pending: Annotated[bool, typer.Option("--pending", help=t("cli.opt.pending"))] = False,
    template_id: Annotated[str, template_option()] = VISIT_TEMPLATE,
    fmt: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:
    from storeops.rankings import league

    with opened(readonly=True) as ctx:
        template = template_or_fail(ctx, template_id)
        standings = league(ctx.runs, template, window=window, include_pending=pending)
        gaps = gaps_in(ctx, ("runs",), template_id=template_id)
    _print_league(template, standings, fmt)
    if gaps:
        raise incomplete(gaps)


def _print_league(template: Template, standings: list[Standing], fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        echo_json([
            {"rank": s.rank, "kind": s.kind, "target": s.target, "visits": len(s.visits),
             "mean": s.mean, "sections": s.section_means, "strengths": list(s.strengths),
             "weaknesses": list(s.weaknesses), "critical": list(s.critical)}
            for s in standings
        ])  # fmt: skip
        return
    from storeops.rankings import rank_label

    def titles(ids: tuple[str, ...]) -> str:
        return ", ".join(str(template.section(i).title) for i in ids)

    lines = [
        (rank_label(s), s.target, str(len(s.visits)), score_text(s.mean),
         titles(s.strengths), titles(s.weaknesses), _flag(s.critical))
        for s in standings
    ]  # fmt: skip
    print_table(LEAGUE_COLUMNS, lines, empty="cli.runs.none")


def trend_report(
    template_id: Annotated[str, template_option()] = "six-s",
    since: Annotated[date | None, since_option()] = None,
    until: Annotated[date | None, until_option()] = None,
) -> None:
    from storeops.reports import score_trend
    from storeops.templates import OWN

    with opened(readonly=True) as ctx:
        template_or_fail(ctx, template_id)
        # The store's own results: a mystery visit to a competitor is not the store's score.
        points = score_trend(ctx.runs.summaries(template_id=template_id, since=since,
                                                until=until, kind=OWN))  # fmt: skip
        gaps = gaps_in(ctx, ("runs",), since=since, until=until, template_id=template_id)
    lines = [
        (p.week, str(p.count), score_text(p.mean),
         "—" if p.low is None else f"{one_decimal(p.low)}–{one_decimal(p.high)}")
        for p in points
    ]  # fmt: skip
    print_table(TREND_COLUMNS, lines, empty="cli.runs.none")
    if gaps:
        raise incomplete(gaps)


def pareto_report(
    template_id: Annotated[str | None, template_option()] = None,
    since: Annotated[date | None, since_option()] = None,
    until: Annotated[date | None, until_option()] = None,
) -> None:
    from storeops.exporting import Selection, failure_pareto

    with opened(readonly=True) as ctx:
        if template_id:
            template_or_fail(ctx, template_id)
        period = Selection(template_id, since, until, include_unreviewed=True)
        rows, total, counted = failure_pareto(ctx.runs, period)
        gaps = gaps_in(ctx, ("runs",), since=since, until=until, template_id=template_id)
    lines = [(r.item_id, r.text, str(r.count), one_decimal(r.percent), one_decimal(r.cumulative))
             for r in rows]  # fmt: skip
    print_table(PARETO_COLUMNS, lines, empty="report.run.none")
    typer.echo(t("report.pareto.total", total=total, runs=counted))
    if gaps:
        raise incomplete(gaps)


def repeats_report(
    template_id: Annotated[str | None, template_option()] = None,
    since: Annotated[date | None, since_option()] = None,
    until: Annotated[date | None, until_option()] = None,
    fmt: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:
    from storeops.exporting import Selection, selected_runs
    from storeops.repeats import streaks

    with opened(readonly=True) as ctx:
        if template_id:
            template_or_fail(ctx, template_id)
        period = Selection(template_id, since, until, include_unreviewed=True)
        chosen = selected_runs(ctx.runs, period)
        found = streaks(ctx.runs, chosen)
        texts = {(tpl.id, item.id): str(item.text) for _, tpl, _ in chosen for item in tpl.items}
        gaps = gaps_in(ctx, ("runs",), since=since, until=until, template_id=template_id)
    if fmt is OutputFormat.json:
        echo_json([{"template_id": s.template_id, "subject": s.subject, "item_id": s.item_id,
                    "item_text": texts.get((s.template_id, s.item_id), ""), "runs": s.runs,
                    "last_run": s.last_run, "last_at": s.last_at} for s in found])  # fmt: skip
    else:
        rows = [(s.template_id, s.subject, s.item_id, texts.get((s.template_id, s.item_id), ""),
                 str(s.runs), s.last_at[:10]) for s in found]  # fmt: skip
        print_table(REPEAT_COLUMNS, rows, empty="report.repeats.none")
    if gaps:
        raise incomplete(gaps)


def run_report(
    run_id: Annotated[str, run_id_argument()],
    html_file: Annotated[
        Path | None, typer.Option("--html", metavar="FILE", help=t("cli.opt.html"))
    ] = None,
) -> None:
    from storeops.reports import run_html
    from storeops.runs import RunError

    with opened(readonly=True) as ctx:
        try:
            run = ctx.runs.get(run_id)
            template = ctx.runs.template_for(run)
        except (RunError, KeyError) as exc:
            # A run that is there but could not be read says so, naming its file.
            unreadable = [g for g in ctx.store.gaps(("runs",)) if g.record_id == run_id]
            raise fail(str(unreadable[0]) if unreadable else str(exc)) from None
        result = ctx.runs.score(run)
        store_name = ctx.profile.store_name if ctx.profile else ""
        today = ctx.clock.today()
        actions = ctx.actions.find(today=today, run_id=run.id) if html_file is not None else []
    if html_file is not None:
        # In the language in effect: --lang, else the store profile's (open_context sets it).
        page = run_html(run, template, result, store_name=store_name, actions=actions, today=today)
        write_or_fail(html_file, page.encode("utf-8"))
        typer.echo(t("report.html.done", path=html_file))
        return
    band = str(result.band.label) if result.band else ""
    typer.echo(t("report.run.failures", id=run.id, title=template.title,
                 score=score_text(result.score), band=band))  # fmt: skip
    failed = [i for i in template.items if result.items[i.id].status == "fail"]
    for item in failed:
        mark = "⚠ " if item.id in result.critical_failures else ""
        note = f"  ({run.notes[item.id]})" if item.id in run.notes else ""
        typer.echo(f"  {mark}{item.id}  {item.text}{note}")
    if not failed:
        typer.echo(t("report.run.none"))


def stores_report(
    files: Annotated[list[Path], typer.Argument(metavar="MERGED.csv...", help=t("cli.arg.merged"))],
) -> None:
    from storeops.exporting import ExportError, merge
    from storeops.reports import merged_league
    from storeops.storage import read_sources

    sources = read_sources(files, suffix=".csv")
    try:
        merged = merge(sources)
        for source in sources:  # each file's scores, so a bad one is named with its row
            _check_scores(source.path, merge([source]))
    except ExportError as exc:
        raise fail(str(exc)) from None
    if merged.level != "run":
        raise fail(t("cli.report.stores.level"))
    lines = [
        (s.store_code, s.template_id, str(s.runs), score_text(s.mean), str(s.critical))
        for s in merged_league(merged.columns, merged.rows)
    ]  # fmt: skip
    print_table(STORE_COLUMNS, lines, empty="cli.runs.none")


def _check_scores(path: str, merged: Merged) -> None:
    """Every score of a run-level file is empty or a number; one that is not (a hand
    edit in a spreadsheet) is a usage error that names the file and the row."""
    from storeops.answers import parse_number

    if merged.level != "run":
        return
    at = merged.columns.index("score")
    for row_number, row in enumerate(merged.rows, start=2):
        value = row[at] if at < len(row) else ""
        try:
            if value:
                parse_number(value)
        except ValueError:
            raise fail(t("cli.report.stores.score", path=path, row=row_number, value=value),
                       EXIT_USAGE) from None  # fmt: skip


def _flag(items: tuple[str, ...]) -> str:
    return f"⚠ {', '.join(items)}" if items else ""
