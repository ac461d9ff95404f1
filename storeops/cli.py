"""The ``storeops`` command (Typer). Thin: parse, call the domain, print.

Textual is imported only inside the function that opens the app, so every other
command starts without it (checked by a test and by ruff's TID253).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from storeops.context import Context
    from storeops.templates import Template

from storeops import __version__
from storeops.clock import Clock, ClockError
from storeops.i18n import LANGUAGES, current_language, pick, set_language, t

EXIT_PROBLEM = 1
EXIT_IN_USE = 3


class _State:
    data_dir: str | None = None
    lang: str | None = None
    clock: Clock | None = None


def _clock() -> Clock:
    """The process's one clock (the system's, or the one ``STOREOPS_NOW`` pins)."""
    if _State.clock is None:
        try:
            _State.clock = Clock.from_env()
        except ClockError as exc:
            raise _fail(str(exc), 2) from None
    return _State.clock


def _fail(message: str, code: int = EXIT_PROBLEM) -> typer.Exit:
    typer.echo(t("cli.error", message=message), err=True)
    return typer.Exit(code)


def _open(readonly: bool) -> Context:
    from storeops.context import open_context
    from storeops.storage import DataFolderInUse, StorageError

    try:
        return open_context(_State.data_dir, readonly=readonly, lang=_State.lang, clock=_clock())
    except DataFolderInUse as exc:
        raise _fail(str(exc), EXIT_IN_USE) from None
    except StorageError as exc:
        raise _fail(str(exc)) from None


def _print_warnings(ctx: Context) -> None:
    for problem in ctx.problems:
        typer.echo(problem, err=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"storeops {__version__}")
        raise typer.Exit()


def build_app() -> typer.Typer:
    """Build the CLI in the current language (help texts come from the catalogue)."""
    app = typer.Typer(
        help=t("cli.help"),
        no_args_is_help=False,
        add_completion=False,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
    )
    templates = typer.Typer(help=t("cli.templates.help"), no_args_is_help=True)
    app.add_typer(templates, name="templates")
    runs_app = typer.Typer(help=t("cli.runs.help"), no_args_is_help=True)
    app.add_typer(runs_app, name="runs")
    actions_app = typer.Typer(help=t("cli.actions.help"), no_args_is_help=True)
    app.add_typer(actions_app, name="actions")
    staff_app = typer.Typer(help=t("cli.staff.help"), no_args_is_help=True)
    app.add_typer(staff_app, name="staff")
    import_app = typer.Typer(help=t("cli.import.help"), no_args_is_help=True)
    app.add_typer(import_app, name="import")
    visits_app = typer.Typer(help=t("cli.visits.help"), no_args_is_help=True)
    app.add_typer(visits_app, name="visits")
    report_app = typer.Typer(help=t("cli.report.help"), no_args_is_help=True)
    app.add_typer(report_app, name="report")
    goals_app = typer.Typer(help=t("cli.goals.help"), no_args_is_help=True)
    app.add_typer(goals_app, name="goals")

    @app.callback(invoke_without_command=True)
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
        if lang is not None and lang not in LANGUAGES:
            raise _fail(t("cli.bad_lang"), 2)
        _State.data_dir = str(data_dir) if data_dir else None
        _State.lang = lang
        _State.clock = None  # read afresh for each command (tests run many in one process)
        if lang:
            set_language(lang)
        if ctx.invoked_subcommand is None:
            _open_tui()

    @templates.command("list", help=t("cli.templates.list.help"))
    def templates_list(
        fmt: Annotated[str, typer.Option("--format", help=t("cli.opt.format"))] = "table",
    ) -> None:
        ctx = _open(readonly=True)
        _print_warnings(ctx)
        loaded = ctx.catalogue.sorted()
        if fmt == "json":
            rows = [
                {
                    "id": lt.template.id,
                    "version": lt.template.version,
                    "title": {"en": lt.template.title.en, "zh": lt.template.title.zh},
                    "items": len(lt.template.items),
                    "hash": lt.template.hash,
                    "source": lt.template.source,
                    "bundled": lt.bundled,
                }
                for lt in loaded
            ]
            typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            lines = [
                (lt.template.id, str(lt.template.version), str(lt.template.title),
                 str(len(lt.template.items)),
                 t("cli.source.bundled") if lt.bundled else t("cli.source.custom"))
                for lt in loaded
            ]  # fmt: skip
            _print_table(TEMPLATE_COLUMNS, lines, empty="cli.templates.none")
        _print_template_problems(ctx)

    @templates.command("show", help=t("cli.templates.show.help"))
    def templates_show(
        template_id: Annotated[str, typer.Argument(metavar="ID")],
        fmt: Annotated[str, typer.Option("--format", help=t("cli.opt.format"))] = "table",
    ) -> None:
        ctx = _open(readonly=True)
        if template_id not in ctx.catalogue:
            known = ", ".join(sorted(ctx.catalogue.templates)) or "—"
            raise _fail(t("cli.templates.unknown", id=template_id, known=known))
        template = ctx.catalogue.get(template_id)
        if fmt == "json":
            typer.echo(json.dumps(_template_json(template), ensure_ascii=False, indent=2))
            return
        _show_template(template)

    @templates.command("validate", help=t("cli.templates.validate.help"))
    def templates_validate(
        paths: Annotated[list[Path], typer.Argument(metavar="PATH...")],
    ) -> None:
        from storeops.storage import read_sources
        from storeops.templates import TemplateError, parse_source

        failed = False
        for path in paths:
            sources = read_sources([path])
            if not sources:
                typer.echo(t("cli.validate.none", path=path))
                failed = True
            for source in sources:
                try:
                    template = parse_source(source)
                except TemplateError as exc:
                    failed = True
                    typer.echo(t("cli.validate.bad", path=source.path, count=len(exc.problems)))
                    for problem in exc.problems:
                        where = f"{problem.where}: " if problem.where else ""
                        typer.echo(f"  - {where}{problem.message}")
                    continue
                typer.echo(
                    t("cli.validate.ok", path=source.path, id=template.id,
                      version=template.version, items=len(template.items))
                )  # fmt: skip
        if failed:
            raise typer.Exit(EXIT_PROBLEM)

    @app.command("run", help=t("cli.run.help"))
    def run_checklist(
        template_id: Annotated[str, typer.Argument(metavar="TEMPLATE_ID")],
        auditor: Annotated[str | None, typer.Option("--auditor", help=t("cli.opt.auditor"))] = None,
        subject: Annotated[str | None, typer.Option("--subject", help=t("cli.opt.subject"))] = None,
    ) -> None:
        _open_tui((template_id, {"auditor": auditor or "", "subject": subject or ""}))

    @runs_app.command("list", help=t("cli.runs.list.help"))
    def runs_list(
        template_id: Annotated[str | None, typer.Option("--template")] = None,
        since: Annotated[str | None, typer.Option("--from", metavar="YYYY-MM-DD")] = None,
        until: Annotated[str | None, typer.Option("--to", metavar="YYYY-MM-DD")] = None,
        subject: Annotated[str | None, typer.Option("--subject")] = None,
        fmt: Annotated[str, typer.Option("--format", help=t("cli.opt.format"))] = "table",
    ) -> None:
        ctx = _open(readonly=True)
        _print_warnings(ctx)
        found = ctx.runs.summaries(template_id=template_id, subject=subject,
                                   since=_parse_day(since), until=_parse_day(until))  # fmt: skip
        rows = [
            {"id": s.id, "finished_at": s.finished_at, "template_id": s.template_id,
             "auditor": s.auditor, "subject": s.subject, "score": s.score, "band": s.band,
             "band_label": pick(*s.band_label), "critical_failures": list(s.critical)}
            for s in found
        ]  # fmt: skip
        if fmt == "json":
            typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        lines = [
            (str(row["finished_at"])[:16].replace("T", " "), row["template_id"], row["auditor"],
             row["subject"], "—" if row["score"] is None else f"{row['score']:.1f}",
             row["band_label"] + (" ⚠" if row["critical_failures"] else ""), row["id"])
            for row in rows
        ]  # fmt: skip
        _print_table(RUN_COLUMNS, lines, empty="cli.runs.none")

    @actions_app.command("list", help=t("cli.actions.list.help"))
    def actions_list(
        open_only: Annotated[bool, typer.Option("--open", help=t("key.open_only"))] = False,
        overdue: Annotated[bool, typer.Option("--overdue", help=t("key.overdue_only"))] = False,
        owner: Annotated[str | None, typer.Option("--owner")] = None,
        fmt: Annotated[str, typer.Option("--format", help=t("cli.opt.format"))] = "table",
    ) -> None:
        ctx = _open(readonly=True)
        _print_warnings(ctx)
        today = ctx.clock.today()
        actions = ctx.actions.find(today=today, open_only=open_only, overdue_only=overdue,
                                   owner=owner)  # fmt: skip
        if fmt == "json":
            docs = [{**a.to_doc(), "overdue": a.overdue(today)} for a in actions]
            typer.echo(json.dumps(docs, ensure_ascii=False, indent=2))
            return
        lines = [
            (f"⚠ {a.due}" if a.overdue(today) else a.due, t(f"action.status.{a.status}"),
             t(f"action.priority.{a.priority}"), a.owner, a.item_id, a.description)
            for a in actions
        ]  # fmt: skip
        _print_table(ACTION_COLUMNS, lines, empty="cli.actions.none")

    @staff_app.command("list", help=t("cli.staff.list.help"))
    def staff_list() -> None:
        ctx = _open(readonly=True)
        names = ctx.staff.names()
        typer.echo("\n".join(names) if names else t("cli.staff.none"))

    @staff_app.command("add", help=t("cli.staff.add.help"))
    def staff_add(names: Annotated[list[str], typer.Argument(metavar="NAME...")]) -> None:
        _change_staff(names, remove=False)

    @staff_app.command("remove", help=t("cli.staff.remove.help"))
    def staff_remove(names: Annotated[list[str], typer.Argument(metavar="NAME...")]) -> None:
        _change_staff(names, remove=True)

    @import_app.command("visits", help=t("cli.import.visits.help"))
    def import_visits(
        file: Annotated[Path, typer.Argument(metavar="FILE")],
        template_id: Annotated[str, typer.Option("--template")] = VISIT_TEMPLATE,
    ) -> None:
        from storeops.importing import import_runs
        from storeops.storage import StorageError, read_sources

        ctx = _open(readonly=False)
        try:
            template = _template_or_fail(ctx, template_id)
            [source] = read_sources([file], suffix="")
            store_code = ctx.profile.store_code if ctx.profile else ""
            try:
                result = import_runs(ctx.runs, template, source, store_code=store_code)
            except StorageError as exc:
                raise _fail(str(exc)) from None
        finally:
            ctx.close()
        if result.problems:
            typer.echo(t("cli.import.refused", count=len(result.problems), path=file), err=True)
            for problem in result.problems:
                typer.echo(f"  - {problem}", err=True)
            raise typer.Exit(EXIT_PROBLEM)
        typer.echo(t("cli.import.done", count=len(result.runs), duplicates=result.duplicates))

    @visits_app.command("list", help=t("cli.visits.list.help"))
    def visits_list(
        status: Annotated[
            str | None, typer.Option("--status", help="submitted / accepted / returned")
        ] = None,
        template_id: Annotated[str, typer.Option("--template")] = VISIT_TEMPLATE,
    ) -> None:
        ctx = _open(readonly=True)
        _template_or_fail(ctx, template_id)
        found = [s for s in ctx.runs.summaries(template_id=template_id)
                 if status is None or s.review_status == status]  # fmt: skip
        lines = []
        for s in found:
            review = t(f"review.status.{s.review_status}") if s.review_status else ""
            score = "—" if s.score is None else f"{s.score:.1f}"
            lines.append(
                (s.finished_at[:10], s.subject, s.auditor, score, pick(*s.band_label), review, s.id)
            )
        _print_table(VISIT_COLUMNS, lines, empty="cli.runs.none")

    @visits_app.command("accept", help=t("cli.visits.accept.help"))
    def visits_accept(
        run_id: Annotated[str, typer.Argument(metavar="RUN_ID")],
        by: Annotated[str | None, typer.Option("--by")] = None,
    ) -> None:
        _review(run_id, "accepted", by, "")

    @visits_app.command("return", help=t("cli.visits.return.help"))
    def visits_return(
        run_id: Annotated[str, typer.Argument(metavar="RUN_ID")],
        reason: Annotated[str, typer.Option("--reason")],
        by: Annotated[str | None, typer.Option("--by")] = None,
    ) -> None:
        _review(run_id, "returned", by, reason)

    @report_app.command("league", help=t("cli.report.league.help"))
    def report_league(
        window: Annotated[int, typer.Option("--window", min=1, max=50)] = 3,
        pending: Annotated[bool, typer.Option("--pending", help=t("cli.opt.pending"))] = False,
        template_id: Annotated[str, typer.Option("--template")] = VISIT_TEMPLATE,
        fmt: Annotated[str, typer.Option("--format", help=t("cli.opt.format"))] = "table",
    ) -> None:
        from storeops.rankings import league, rank_label

        ctx = _open(readonly=True)
        template = _template_or_fail(ctx, template_id)
        standings = league(ctx.runs, template, window=window, include_pending=pending)
        if fmt == "json":
            rows = [{"rank": s.rank, "kind": s.kind, "target": s.target, "visits": len(s.visits),
                     "mean": s.mean, "sections": s.section_means, "strengths": list(s.strengths),
                     "weaknesses": list(s.weaknesses), "critical": list(s.critical)}
                    for s in standings]  # fmt: skip
            typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return

        def titles(ids: tuple[str, ...]) -> str:
            return ", ".join(str(template.section(i).title) for i in ids)

        lines = [
            (rank_label(s), s.target, str(len(s.visits)),
             "—" if s.mean is None else f"{s.mean:.1f}",
             titles(s.strengths), titles(s.weaknesses), _flag(s.critical))
            for s in standings
        ]  # fmt: skip
        _print_table(LEAGUE_COLUMNS, lines, empty="cli.runs.none")

    @app.command("export", help=t("cli.export.help"))
    def export(
        level: Annotated[str, typer.Option("--level", help="run | answer | action")] = "run",
        fmt: Annotated[str, typer.Option("--format", help="csv | json")] = "csv",
        template_id: Annotated[str | None, typer.Option("--template")] = None,
        since: Annotated[str | None, typer.Option("--from", metavar="YYYY-MM-DD")] = None,
        until: Annotated[str | None, typer.Option("--to", metavar="YYYY-MM-DD")] = None,
        subject: Annotated[str | None, typer.Option("--subject")] = None,
        unreviewed: Annotated[
            bool, typer.Option("--unreviewed", help=t("cli.opt.pending"))
        ] = False,
        output: Annotated[Path | None, typer.Option("-o", "--output", metavar="FILE")] = None,
    ) -> None:
        from storeops.exporting import ExportError, Selection, export_csv, export_json

        if fmt not in ("csv", "json"):
            raise _fail(t("cli.export.format"), 2)
        ctx = _open(readonly=True)
        _print_warnings(ctx)
        if template_id:
            _template_or_fail(ctx, template_id)
        selection = Selection(template_id, _parse_day(since), _parse_day(until), subject,
                              unreviewed)  # fmt: skip
        try:
            if fmt == "json":
                stamp = ctx.clock.now().isoformat()
                payload, count = export_json(ctx.runs, ctx.actions.all(), selection, ctx.profile,
                                             stamp)  # fmt: skip
            else:
                actions = ctx.actions.all() if level == "action" else []
                payload, count = export_csv(level, ctx.runs, actions, selection, ctx.profile,
                                            ctx.clock.today())  # fmt: skip
        except ExportError as exc:
            raise _fail(str(exc), 2) from None
        _deliver(payload, output, count)

    @app.command("merge", help=t("cli.merge.help"))
    def merge_files(
        files: Annotated[list[Path], typer.Argument(metavar="FILE...")],
        output: Annotated[Path | None, typer.Option("-o", "--output", metavar="FILE")] = None,
    ) -> None:
        from storeops.exporting import ExportError, merge, merged_csv
        from storeops.storage import read_sources

        try:
            merged = merge(read_sources(files, suffix=".csv"))
        except ExportError as exc:
            raise _fail(str(exc)) from None
        payload = merged_csv(merged)
        if output is None:
            sys.stdout.write(payload.decode("utf-8"))
            return
        _write_or_fail(output, payload)
        typer.echo(t("merge.done", count=len(merged.rows), path=output,
                     duplicates=merged.duplicates))  # fmt: skip

    @report_app.command("trend", help=t("cli.report.trend.help"))
    def report_trend(
        template_id: Annotated[str, typer.Option("--template")] = "six-s",
        since: Annotated[str | None, typer.Option("--from", metavar="YYYY-MM-DD")] = None,
        until: Annotated[str | None, typer.Option("--to", metavar="YYYY-MM-DD")] = None,
    ) -> None:
        from storeops.reports import score_trend
        from storeops.templates import OWN

        ctx = _open(readonly=True)
        _template_or_fail(ctx, template_id)
        # The store's own results: a mystery visit to a competitor is not the store's score.
        points = score_trend(ctx.runs.summaries(template_id=template_id, since=_parse_day(since),
                                                until=_parse_day(until), kind=OWN))  # fmt: skip
        lines = [
            (p.week, str(p.count), "—" if p.mean is None else f"{p.mean:.1f}",
             "—" if p.low is None else f"{p.low:.1f}–{p.high:.1f}")
            for p in points
        ]  # fmt: skip
        _print_table(TREND_COLUMNS, lines, empty="cli.runs.none")

    @report_app.command("pareto", help=t("cli.report.pareto.help"))
    def report_pareto(
        template_id: Annotated[str | None, typer.Option("--template")] = None,
        since: Annotated[str | None, typer.Option("--from", metavar="YYYY-MM-DD")] = None,
        until: Annotated[str | None, typer.Option("--to", metavar="YYYY-MM-DD")] = None,
    ) -> None:
        from storeops.exporting import Selection, selected_runs
        from storeops.reports import pareto

        ctx = _open(readonly=True)
        if template_id:
            _template_or_fail(ctx, template_id)
        period = Selection(template_id, _parse_day(since), _parse_day(until),
                           include_unreviewed=True)  # fmt: skip
        chosen = selected_runs(ctx.runs, period)
        rows, total, counted = pareto(chosen)
        lines = [(r.item_id, r.text, str(r.count), f"{r.percent:.1f}", f"{r.cumulative:.1f}")
                 for r in rows]  # fmt: skip
        _print_table(PARETO_COLUMNS, lines, empty="report.run.none")
        typer.echo(t("report.pareto.total", total=total, runs=counted))

    @report_app.command("run", help=t("cli.report.run.help"))
    def report_run(
        run_id: Annotated[str, typer.Argument(metavar="RUN_ID")],
        html_file: Annotated[Path | None, typer.Option("--html", metavar="FILE")] = None,
    ) -> None:
        from storeops.reports import run_html
        from storeops.runs import RunError

        ctx = _open(readonly=True)
        try:
            run = ctx.runs.get(run_id)
            template = ctx.runs.template_for(run)
        except (RunError, KeyError) as exc:
            raise _fail(str(exc)) from None
        result = ctx.runs.score(run)
        if html_file is not None:
            store_name = ctx.profile.store_name if ctx.profile else ""
            _write_or_fail(html_file, run_html(run, template, result, store_name).encode("utf-8"))
            typer.echo(t("report.html.done", path=html_file))
            return
        band = str(result.band.label) if result.band else ""
        score = "—" if result.score is None else f"{result.score:.1f}"
        typer.echo(t("report.run.failures", id=run.id, title=template.title, score=score,
                     band=band))  # fmt: skip
        failed = [i for i in template.items if result.items[i.id].status == "fail"]
        for item in failed:
            mark = "⚠ " if item.id in result.critical_failures else ""
            note = f"  ({run.notes[item.id]})" if item.id in run.notes else ""
            typer.echo(f"  {mark}{item.id}  {item.text}{note}")
        if not failed:
            typer.echo(t("report.run.none"))

    @report_app.command("stores", help=t("cli.report.stores.help"))
    def report_stores(
        files: Annotated[list[Path], typer.Argument(metavar="MERGED.csv...")],
    ) -> None:
        from storeops.exporting import ExportError, merge
        from storeops.reports import merged_league
        from storeops.storage import read_sources

        try:
            merged = merge(read_sources(files, suffix=".csv"))
        except ExportError as exc:
            raise _fail(str(exc)) from None
        if merged.level != "run":
            raise _fail(t("cli.report.stores.level"))
        league = merged_league(merged.columns, merged.rows)
        lines = [
            (s.store_code, s.template_id, str(s.runs),
             "—" if s.mean is None else f"{s.mean:.1f}", str(s.critical))
            for s in league
        ]  # fmt: skip
        _print_table(STORE_COLUMNS, lines, empty="cli.runs.none")

    @app.command("demo", help=t("cli.demo.help"))
    def demo(
        folder: Annotated[
            Path | None, typer.Option("--folder", help=t("cli.opt.demo_folder"))
        ] = None,
        months: Annotated[int, typer.Option("--months", min=1, max=24)] = 4,
        fresh: Annotated[bool, typer.Option("--fresh", help=t("cli.opt.demo_fresh"))] = False,
        no_open: Annotated[bool, typer.Option("--no-open", help=t("cli.opt.demo_no_open"))] = False,
    ) -> None:
        from storeops.demo import make_demo
        from storeops.locations import demo_data_dir
        from storeops.storage import StorageError

        target = folder or demo_data_dir()
        if _State.data_dir and Path(_State.data_dir).expanduser() == target.expanduser():
            raise _fail(t("cli.demo.same"), 2)
        _State.data_dir = str(target)
        ctx = _open(readonly=False)
        try:
            if fresh or not ctx.runs.summaries():
                count = make_demo(ctx, today=ctx.clock.today(), months=months)
                typer.echo(t("cli.demo.made", count=count, path=target))
        except StorageError as exc:
            raise _fail(str(exc)) from None
        finally:
            ctx.close()
        if not no_open:
            _open_tui()

    @app.command("doctor", help=t("cli.doctor.help"))
    def doctor() -> None:
        from storeops.doctor import examine

        ctx = _open(readonly=True)
        findings = examine(ctx.store, ctx.runs)
        for finding in findings:
            typer.echo(f"{'✓' if finding.ok else '✗'} {finding.message}")
            if finding.fix:
                typer.echo(f"    → {finding.fix}")
        problems = sum(1 for f in findings if not f.ok)
        typer.echo(t("doctor.unhealthy", count=problems) if problems else t("doctor.healthy"))
        if problems:
            raise typer.Exit(EXIT_PROBLEM)

    @app.command("backup", help=t("cli.backup.help"))
    def backup(
        list_only: Annotated[bool, typer.Option("--list")] = False,
    ) -> None:
        from storeops.backups import backups, take_backup
        from storeops.storage import StorageError

        if list_only:
            ctx = _open(readonly=True)
            typer.echo(t("cli.backup.list"))
            for b in backups(ctx.data_dir):
                typer.echo(f"  {b.name}")
            return
        ctx = _open(readonly=False)
        try:
            taken = take_backup(ctx.store)
        except StorageError as exc:
            raise _fail(str(exc)) from None
        finally:
            ctx.close()
        typer.echo(t("cli.backup.done", path=taken.path))

    @app.command("restore", help=t("cli.restore.help"))
    def restore_backup(backup_file: Annotated[Path, typer.Argument(metavar="BACKUP")]) -> None:
        from storeops.backups import restore
        from storeops.storage import StorageError

        ctx = _open(readonly=False)
        try:
            safety = restore(ctx.store, backup_file)
        except StorageError as exc:
            raise _fail(str(exc)) from None
        finally:
            ctx.close()
        typer.echo(t("cli.restore.done", path=backup_file, safety=safety.path.name))

    @goals_app.command("show", help=t("cli.goals.show.help"))
    def goals_show(
        month: Annotated[str | None, typer.Option("--month", metavar="YYYY-MM")] = None,
        fmt: Annotated[str, typer.Option("--format", help=t("cli.opt.format"))] = "table",
    ) -> None:
        from storeops.goals import GoalError, month_of, progress

        ctx = _open(readonly=True)
        today = ctx.clock.today()
        try:
            state = progress(ctx.runs, ctx.goals, month or month_of(today))
        except GoalError as exc:
            raise _fail(str(exc), 2) from None
        if fmt == "json":
            typer.echo(json.dumps(_progress_json(state), ensure_ascii=False, indent=2))
            return
        _print_progress(state, today)

    @goals_app.command("check-in", help=t("cli.goals.check_in.help"))
    def goals_check_in(
        day: Annotated[str | None, typer.Option("--day", metavar="YYYY-MM-DD")] = None,
    ) -> None:
        today = _clock().today()
        when = _parse_day(day) or today
        if when > today:
            raise _fail(t("goals.err.future", day=when.isoformat()), 2)
        _open_tui(("check-in", {"day": when.isoformat()}))

    @app.command("setup", help=t("cli.setup.help"))
    def setup(
        store_code: Annotated[str | None, typer.Option("--store-code")] = None,
        store_name: Annotated[str | None, typer.Option("--store-name")] = None,
        manager: Annotated[str | None, typer.Option("--manager")] = None,
        language: Annotated[str | None, typer.Option("--language", "--lang")] = None,
        templates_dir: Annotated[str | None, typer.Option("--templates-dir")] = None,
    ) -> None:
        from storeops.profile import StoreProfile
        from storeops.storage import StorageError

        given = (store_code, store_name, manager, language, templates_dir)
        if all(value is None for value in given):
            raise _fail(t("cli.setup.need"), 2)
        ctx = _open(readonly=False)
        try:
            old = ctx.profile
            if old is None and None in (store_code, store_name, manager):
                raise _fail(t("cli.setup.first"), 2)
            base = old or StoreProfile("", "", "", current_language())
            profile = StoreProfile(
                store_code=base.store_code if store_code is None else store_code,
                store_name=base.store_name if store_name is None else store_name,
                manager=base.manager if manager is None else manager,
                language=base.language if language is None else language,
                templates_dir=base.templates_dir if templates_dir is None else templates_dir,
            )
            try:
                saved = ctx.save_profile(profile)
            except ValueError as exc:
                raise _fail(str(exc)) from None
            except StorageError as exc:
                raise _fail(str(exc)) from None
            set_language(saved.language)
            typer.echo(
                t("cli.setup.done", code=saved.store_code, name=saved.store_name,
                  manager=saved.manager, lang=saved.language, path=ctx.data_dir)
            )  # fmt: skip
        finally:
            ctx.close()

    return app


TEMPLATE_COLUMNS = ("cli.col.id", "cli.col.version", "cli.col.title", "cli.col.items",
                    "cli.col.source")  # fmt: skip
RUN_COLUMNS = ("hist.col.date", "hist.col.template", "hist.col.auditor", "hist.col.subject",
               "hist.col.score", "hist.col.band", "cli.col.id")  # fmt: skip
ACTION_COLUMNS = ("act.col.due", "act.col.status", "act.col.priority", "act.col.owner",
                  "act.col.item", "act.col.description")  # fmt: skip


def _print_table(columns: tuple[str, ...], rows: list[tuple[str, ...]], *, empty: str) -> None:
    """A plain table with translated headings, or the ``empty`` message."""
    if not rows:
        typer.echo(t(empty))
        return
    from storeops.texttable import render

    typer.echo(render([t(key) for key in columns], rows))


TREND_COLUMNS = ("report.trend.col.week", "report.trend.col.count", "report.trend.col.mean",
                 "report.trend.col.range")  # fmt: skip
PARETO_COLUMNS = ("cli.col.id", "report.pareto.col.item", "report.pareto.col.count",
                  "report.pareto.col.pct", "report.pareto.col.cum")  # fmt: skip
STORE_COLUMNS = ("report.store.col.store", "report.store.col.template", "report.store.col.runs",
                 "report.store.col.mean", "report.store.col.critical")  # fmt: skip
GOAL_COLUMNS = ("goals.col.week", "goals.col.goal", "goals.col.rate", "goals.col.days",
                "goals.col.achieved")  # fmt: skip
VISIT_TEMPLATE = "mystery-shopper"
VISIT_COLUMNS = ("hist.col.date", "visit.col.target", "visit.col.shopper", "hist.col.score",
                 "hist.col.band", "visit.col.review", "cli.col.id")  # fmt: skip
LEAGUE_COLUMNS = (
    "league.col.rank", "visit.col.target", "league.col.visits", "league.col.mean",
    "league.col.strengths", "league.col.weaknesses", "league.col.critical",
)  # fmt: skip


def _progress_json(state: Any) -> dict[str, Any]:
    plan = state.plan
    return {
        "month": state.month,
        "planned": plan is not None,
        "weeks_achieved": state.weeks_achieved,
        "summary": plan.summary if plan else "",
        "next_goal": plan.next_goal if plan else "",
        "weeks": [
            {
                "week": w.number, "start": w.start.isoformat(), "end": w.end.isoformat(),
                "goal": w.goal.goal if w.goal else "",
                "behaviours": w.goal.behaviours if w.goal else "",
                "threshold": w.threshold, "opportunities": w.opportunities, "done": w.done,
                "rate": None if w.rate is None else round(w.rate, 1),
                "achieved": w.goal.achieved if w.goal else None,
                "days": [
                    {"day": d.day.isoformat(), "checked": d.checked, "late": d.late,
                     "met": d.met, "rate": None if d.rate is None else round(d.rate, 1)}
                    for d in w.days
                ],
            }
            for w in state.weeks
        ],
    }  # fmt: skip


def _print_progress(state: Any, today: date) -> None:
    """The same figures the goals screen shows, as a table."""
    from storeops.goals import day_marks, rate_text

    if state.plan is None:
        typer.echo(t("goals.summary.none", month=state.month))
    else:
        typer.echo(t("goals.summary", month=state.month, achieved=state.weeks_achieved,
                     weeks=len(state.weeks)))  # fmt: skip
    lines = []
    for w in state.weeks:
        goal = (w.goal.behaviours or w.goal.goal) if w.goal and not w.goal.empty else "—"
        verdict = "" if not w.goal or w.goal.achieved is None else ("✓" if w.goal.achieved else "✗")
        lines.append((f"W{w.number} {w.start:%m-%d}–{w.end:%m-%d}", goal, rate_text(w),
                      day_marks(w, today), verdict))  # fmt: skip
    _print_table(GOAL_COLUMNS, lines, empty="cli.runs.none")
    if state.plan is not None and state.plan.summary:
        typer.echo(t("goals.summary.text", text=state.plan.summary))


def _write_or_fail(path: Path, payload: bytes) -> None:
    from storeops.storage import StorageError, write_file

    try:
        write_file(path, payload)
    except StorageError as exc:
        raise _fail(str(exc)) from None


def _deliver(payload: bytes, output: Path | None, count: int) -> None:
    """To the file named, or to standard output when none is."""
    if output is None:
        typer.echo(payload.decode("utf-8"), nl=False)
        return
    _write_or_fail(output, payload)
    typer.echo(t("export.done", count=count, path=output))


def _flag(items: tuple[str, ...]) -> str:
    return f"⚠ {', '.join(items)}" if items else ""


def _template_or_fail(ctx: Context, template_id: str) -> Template:
    if template_id not in ctx.catalogue:
        known = ", ".join(sorted(ctx.catalogue.templates)) or "—"
        raise _fail(t("cli.templates.unknown", id=template_id, known=known))
    return ctx.catalogue.get(template_id)


def _review(run_id: str, status: str, by: str | None, reason: str) -> None:
    from storeops.runs import RunError
    from storeops.storage import StorageError

    ctx = _open(readonly=False)
    try:
        reviewer = by or (ctx.profile.manager if ctx.profile else "")
        run = ctx.runs.get(run_id)
        ctx.runs.set_review(run, status, by=reviewer, reason=reason)
    except (RunError, StorageError) as exc:
        raise _fail(str(exc)) from None
    finally:
        ctx.close()
    typer.echo(t("cli.visits.done", id=run_id, status=t(f"review.status.{status}")))


def _change_staff(names: list[str], *, remove: bool) -> None:
    from storeops.staff import StaffError
    from storeops.storage import StorageError

    ctx = _open(readonly=False)
    failed = False
    try:
        for name in names:
            try:
                member = ctx.staff.deactivate(name) if remove else ctx.staff.add(name)
            except StaffError as exc:
                typer.echo(t("cli.error", message=exc), err=True)
                failed = True
                continue
            key = "cli.staff.removed" if remove else "cli.staff.added"
            typer.echo(t(key, name=member.name))
    except StorageError as exc:
        raise _fail(str(exc)) from None
    finally:
        ctx.close()
    if failed:
        raise typer.Exit(EXIT_PROBLEM)


def _print_template_problems(ctx: Context) -> None:
    if ctx.catalogue.problems:
        typer.echo(t("cli.templates.problems"), err=True)
        for problem in ctx.catalogue.problems:
            typer.echo(f"  - {problem}", err=True)


def _template_json(template: Template) -> dict[str, Any]:
    return {"id": template.id, "version": template.version, "hash": template.hash,
            "source": template.source, "template": dict(template.data)}  # fmt: skip


def _show_template(template: Template) -> None:
    from storeops.texttable import render

    typer.secho(f"{template.title} ({template.id} v{template.version})", bold=True)
    if str(template.description):
        typer.echo(str(template.description))
    headings = [t(key) for key in ("cli.col.id", "cli.col.type", "cli.col.points",
                                   "cli.col.flags", "cli.col.text")]  # fmt: skip
    for section in template.sections:
        weight = "" if section.weight is None else f" · {t('cli.col.weight')} {section.weight:g}"
        typer.secho(f"\n{section.id} {section.title}{weight}", bold=True)
        rows = []
        for item in section.items:
            flags = [
                t(key)
                for on, key in (
                    (item.critical or item.critical_threshold is not None, "cli.flag.critical"),
                    (item.negative, "cli.flag.negative"),
                    (item.allow_na, "cli.flag.na"),
                    (item.bonus, "cli.flag.bonus"),
                )
                if on
            ]
            kind = t(f"tpl.type.{item.type}")
            if item.type == "number" and item.direction:
                kind += f" {item.direction}{item.threshold:g}{item.unit}"
            if item.type == "scale":
                kind += f" {item.min}–{item.max}"
            points = "" if item.type == "text" else f"{item.points:g}"
            rows.append((item.id, kind, points, ", ".join(flags), str(item.text)))
        typer.echo(render(headings, rows))


def _open_tui(start: tuple[str, dict[str, str]] | None = None) -> None:
    from storeops.backups import BackgroundBackup

    ctx = _open(readonly=False)
    backup: BackgroundBackup | None = None
    try:
        if start is not None and start[0] != "check-in" and start[0] not in ctx.catalogue:
            known = ", ".join(sorted(ctx.catalogue.templates)) or "—"
            raise _fail(t("cli.templates.unknown", id=start[0], known=known))
        # The start-up backup runs beside the app; a failed one must not keep anyone out.
        backup = BackgroundBackup(ctx.store)
        from storeops.tui.app import StoreOpsApp

        StoreOpsApp(ctx, start=start).run()
    finally:
        error = backup.finish() if backup is not None else None
        ctx.close()
    if error:
        typer.echo(t("cli.backup.auto_failed", error=error), err=True)


def _parse_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _fail(t("hist.err.date", value=value), 2) from None


def _language_from_argv(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``storeops`` console script."""
    args = sys.argv[1:] if argv is None else argv
    lang = _language_from_argv(args)
    if lang in LANGUAGES:
        set_language(lang)
    build_app()(args=args, prog_name="storeops")
