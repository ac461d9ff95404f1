"""``storeops due`` and ``storeops schedule list | set | off | reset | closed``."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from storeops.cli._common import (
    EXIT_PROBLEM,
    EXIT_USAGE,
    OutputFormat,
    echo_json,
    fail,
    format_option,
    opened,
    print_table,
    print_warnings,
    template_or_fail,
)
from storeops.i18n import t

if TYPE_CHECKING:
    from storeops.context import Context
    from storeops.due import Due

DUE_COLUMNS = ("due.col.template", "due.col.status", "due.col.due_on", "due.col.done",
               "due.col.missed", "due.col.reason")  # fmt: skip
SCHEDULE_COLUMNS = ("due.col.template", "schedule.col.schedule", "schedule.col.source")


def register(app: typer.Typer) -> None:
    app.command("due", help=t("cli.due.help"))(due)
    group = typer.Typer(help=t("cli.schedule.help"), no_args_is_help=True)
    app.add_typer(group, name="schedule")
    group.command("list", help=t("cli.schedule.list.help"))(list_schedules)
    group.command("set", help=t("cli.schedule.set.help"))(set_schedule)
    group.command("off", help=t("cli.schedule.off.help"))(switch_off)
    group.command("reset", help=t("cli.schedule.reset.help"))(reset_schedule)
    group.command("closed", help=t("cli.schedule.closed.help"))(closed_days)


def due_now(ctx: Context) -> list[Due]:
    """The due list of the store's checklists today."""
    from storeops.due import due_list

    templates = [loaded.template for loaded in ctx.catalogue.sorted()]
    schedules = ctx.schedules.read()
    for problem in schedules.problems:
        typer.echo(str(problem), err=True)
    return due_list(templates, schedules, ctx.runs.summaries(), ctx.clock.today())


def due(
    fmt: Annotated[OutputFormat, format_option()] = OutputFormat.table,
    fail_on_overdue: Annotated[
        bool, typer.Option("--fail-on-overdue", help=t("cli.opt.fail_on_overdue"))
    ] = False,
) -> None:
    with opened(readonly=True) as ctx:
        print_warnings(ctx)
        found = due_now(ctx)
        titles = {lt.template.id: str(lt.template.title) for lt in ctx.catalogue.sorted()}
        # The complaints' follow-up calls due: a second table below (the JSON stays the list
        # of checklists; `storeops complaints due --format json` gives the calls).
        from storeops.cli.complaints import follow_ups_due_now, print_calls

        calls, today = follow_ups_due_now(ctx), ctx.clock.today()
    if fmt is OutputFormat.json:
        echo_json([d.to_json() for d in found])
    else:
        rows = [
            [f"{d.template_id} {titles.get(d.template_id, '')}".strip(),
             t(f"due.status.{d.status}") + (" " + t("due.closed") if d.closed else ""),
             d.due_on.isoformat() if d.due_on else "",
             f"{d.done}/{d.needed}" if d.needed else "", str(d.missed) if d.reason else "",
             t(f"due.reason.{d.reason}") if d.reason else ""]
            for d in found
        ]  # fmt: skip
        print_table(DUE_COLUMNS, rows, empty="due.none")
        if calls:
            typer.echo("\n" + t("cli.complaints.calls_title", day=today.isoformat()))
            print_calls(calls, today)
    if fail_on_overdue and any(d.status == "overdue" for d in found):
        raise typer.Exit(EXIT_PROBLEM)


def list_schedules(fmt: Annotated[OutputFormat, format_option()] = OutputFormat.table) -> None:
    from storeops.schedules import describe, schedule_doc

    with opened(readonly=True) as ctx:
        schedules = ctx.schedules.read()
        templates = [lt.template for lt in ctx.catalogue.sorted()]
    for problem in schedules.problems:
        typer.echo(str(problem), err=True)
    if fmt is OutputFormat.json:
        entries: list[dict[str, Any]] = []
        for template in templates:
            schedule = schedules.effective(template)
            entries.append({"template_id": template.id, "source": schedules.source(template),
                            "schedule": schedule_doc(schedule) if schedule else None})  # fmt: skip
        echo_json({"templates": entries,
                   "closed": [d.isoformat() for d in sorted(schedules.closed)]})  # fmt: skip
        return
    rows = [
        [f"{tpl.id} {tpl.title}", describe(schedules.effective(tpl)),
         t(f"schedule.source.{schedules.source(tpl)}")]
        for tpl in templates
    ]  # fmt: skip
    print_table(SCHEDULE_COLUMNS, rows, empty="due.none")
    if schedules.closed:
        typer.echo(
            t(
                "schedule.closed_list",
                days=", ".join(d.isoformat() for d in sorted(schedules.closed)),
            )
        )


def set_schedule(
    template_id: Annotated[str, typer.Argument(metavar="TEMPLATE", help=t("cli.arg.template"))],
    every: Annotated[str, typer.Option("--every", help=t("cli.opt.every"))],
    on: Annotated[str | None, typer.Option("--on", help=t("cli.opt.on_weekday"))] = None,
    day: Annotated[int | None, typer.Option("--day", help=t("cli.opt.month_day"))] = None,
    times: Annotated[int | None, typer.Option("--times", help=t("cli.opt.times"))] = None,
    within_days: Annotated[
        int | None, typer.Option("--within-days", help=t("cli.opt.within_days"))
    ] = None,
) -> None:
    from storeops.schedules import ScheduleError, describe

    value: dict[str, Any] = {"every": every}
    for name, given in (("on", on), ("day", day), ("times", times), ("within_days", within_days)):
        if given is not None:
            value[name] = given
    with opened(readonly=False) as ctx:
        template_or_fail(ctx, template_id)
        try:
            schedule = ctx.schedules.set(template_id, value)
        except ScheduleError as exc:
            raise fail(str(exc), EXIT_USAGE) from None
    typer.echo(t("schedule.done.set", template=template_id, schedule=describe(schedule)))


def switch_off(
    template_id: Annotated[str, typer.Argument(metavar="TEMPLATE", help=t("cli.arg.template"))],
) -> None:
    _change(template_id, "off")


def reset_schedule(
    template_id: Annotated[str, typer.Argument(metavar="TEMPLATE", help=t("cli.arg.template"))],
) -> None:
    _change(template_id, "reset")


def _change(template_id: str, how: str) -> None:
    from storeops.schedules import ScheduleError

    with opened(readonly=False) as ctx:
        template_or_fail(ctx, template_id)
        try:
            if how == "off":
                ctx.schedules.switch_off(template_id)
            else:
                ctx.schedules.reset(template_id)
        except ScheduleError as exc:
            raise fail(str(exc)) from None
    typer.echo(t(f"schedule.done.{how}", template=template_id))


def closed_days(
    days: Annotated[list[str], typer.Argument(metavar="DATE...", help=t("cli.arg.closed_days"))],
    reopen: Annotated[bool, typer.Option("--open", help=t("cli.opt.reopen_days"))] = False,
) -> None:
    from storeops.schedules import ScheduleError

    try:
        parsed = [date.fromisoformat(day) for day in days]
    except ValueError:
        raise fail(t("cli.err.bad_day_list"), EXIT_USAGE) from None
    with opened(readonly=False) as ctx:
        try:
            ctx.schedules.set_closed(parsed, closed=not reopen)
        except ScheduleError as exc:
            raise fail(str(exc)) from None
    key = "schedule.done.opened" if reopen else "schedule.done.closed"
    typer.echo(t(key, days=", ".join(d.isoformat() for d in parsed)))
