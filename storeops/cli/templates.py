"""``storeops templates list | show | validate``: the checklist templates."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from storeops.cli._common import (
    EXIT_PROBLEM,
    OutputFormat,
    echo_json,
    format_option,
    opened,
    print_table,
    print_warnings,
    template_or_fail,
)
from storeops.i18n import t

if TYPE_CHECKING:
    from storeops.context import Context
    from storeops.templates import Template

TEMPLATE_COLUMNS = ("cli.col.id", "cli.col.version", "cli.col.title", "cli.col.items",
                    "cli.col.source")  # fmt: skip
ITEM_COLUMNS = ("cli.col.id", "cli.col.type", "cli.col.points", "cli.col.flags", "cli.col.text")


def register(app: typer.Typer) -> None:
    group = typer.Typer(help=t("cli.templates.help"), no_args_is_help=True)
    app.add_typer(group, name="templates")
    group.command("list", help=t("cli.templates.list.help"))(list_templates)
    group.command("show", help=t("cli.templates.show.help"))(show_template)
    group.command("validate", help=t("cli.templates.validate.help"))(validate_templates)


def list_templates(fmt: Annotated[OutputFormat, format_option()] = OutputFormat.table) -> None:
    with opened(readonly=True) as ctx:
        print_warnings(ctx)
        loaded = ctx.catalogue.sorted()
        if fmt is OutputFormat.json:
            echo_json([
                {"id": lt.template.id, "version": lt.template.version,
                 "title": {"en": lt.template.title.en, "zh": lt.template.title.zh},
                 "items": len(lt.template.items), "hash": lt.template.hash,
                 "source": lt.template.source, "bundled": lt.bundled}
                for lt in loaded
            ])  # fmt: skip
        else:
            lines = [
                (lt.template.id, str(lt.template.version), str(lt.template.title),
                 str(len(lt.template.items)),
                 t("cli.source.bundled") if lt.bundled else t("cli.source.custom"))
                for lt in loaded
            ]  # fmt: skip
            print_table(TEMPLATE_COLUMNS, lines, empty="cli.templates.none")
        _print_template_problems(ctx)


def show_template(
    template_id: Annotated[str, typer.Argument(metavar="ID", help=t("cli.arg.template_id"))],
    fmt: Annotated[OutputFormat, format_option()] = OutputFormat.table,
) -> None:
    with opened(readonly=True) as ctx:
        template = template_or_fail(ctx, template_id)
    if fmt is OutputFormat.json:
        echo_json(_template_json(template))
    else:
        _print_template(template)


def validate_templates(
    paths: Annotated[
        list[Path], typer.Argument(metavar="PATH...", help=t("cli.arg.template_paths"))
    ],
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


def _print_template_problems(ctx: Context) -> None:
    if ctx.catalogue.problems:
        typer.echo(t("cli.templates.problems"), err=True)
        for problem in ctx.catalogue.problems:
            typer.echo(f"  - {problem}", err=True)


def _template_json(template: Template) -> dict[str, Any]:
    return {"id": template.id, "version": template.version, "hash": template.hash,
            "source": template.source, "template": dict(template.data)}  # fmt: skip


def _print_template(template: Template) -> None:
    """The template's sections as tables of items, with type, points and flags."""
    from storeops.texttable import render

    typer.secho(f"{template.title} ({template.id} v{template.version})", bold=True)
    if str(template.description):
        typer.echo(str(template.description))
    headings = [t(key) for key in ITEM_COLUMNS]
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
