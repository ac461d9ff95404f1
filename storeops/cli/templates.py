"""``storeops templates list | show | validate | export | import``: the checklist templates.

``export`` and ``import`` carry a template to and from a spreadsheet (head offices write
checklists in Excel); the sheet format is :mod:`storeops.template_sheets`.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
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
    output_option,
    print_table,
    print_warnings,
    template_or_fail,
    write_or_fail,
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
    group.command("export", help=t("cli.templates.export.help"))(export_template)
    group.command("import", help=t("cli.templates.import.help"))(import_template)


class SheetFormat(StrEnum):
    """``--format`` of ``templates export``: Typer refuses any other value (exit code 2)."""

    xlsx = "xlsx"
    csv = "csv"
    toml = "toml"


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
            from storeops.template_lint import template_warnings

            for warning in template_warnings(template):
                typer.echo("  ! " + t("cli.validate.warning", message=str(warning)))
    if failed:
        raise typer.Exit(EXIT_PROBLEM)


def export_template(
    template_id: Annotated[str, typer.Argument(metavar="ID", help=t("cli.arg.template_id"))],
    fmt: Annotated[
        SheetFormat | None, typer.Option("--format", help=t("cli.opt.sheet_format"))
    ] = None,
    output: Annotated[Path | None, output_option()] = None,
) -> None:
    from storeops.template_sheets import SheetError, template_csv, template_xlsx
    from storeops.toml_writer import TomlValueError, dumps

    if fmt is None:
        suffix = output.suffix.lower().lstrip(".") if output else ""
        fmt = SheetFormat(suffix) if suffix in SheetFormat.__members__ else SheetFormat.xlsx
    if fmt is SheetFormat.xlsx and output is None:
        raise fail(t("export.err.xlsx_output"), EXIT_USAGE)
    with opened(readonly=True) as ctx:
        template = template_or_fail(ctx, template_id)
    try:
        if fmt is SheetFormat.toml:
            payload = dumps(template.data).encode("utf-8")
        else:
            make = template_xlsx if fmt is SheetFormat.xlsx else template_csv
            payload = make(template.data)
    except (SheetError, TomlValueError) as exc:
        typer.echo(t("cli.error", message=t("cli.templates.export_bad", id=template.id,
                                            format=fmt.value)), err=True)  # fmt: skip
        problems = exc.problems if isinstance(exc, SheetError) else [exc.path]
        for problem in problems:
            typer.echo(f"  - {problem}", err=True)
        raise typer.Exit(EXIT_PROBLEM) from None
    if output is None:
        sys.stdout.write(payload.decode("utf-8-sig"))
        return
    write_or_fail(output, payload)
    typer.echo(t("cli.templates.exported", id=template.id, path=output))


def import_template(
    file: Annotated[Path, typer.Argument(metavar="FILE", help=t("cli.arg.sheet_file"))],
    folder: Annotated[
        Path, typer.Option("-o", "--output", metavar="DIR", help=t("cli.opt.import_dir"))
    ],
    force: Annotated[bool, typer.Option("--force", help=t("cli.opt.force"))] = False,
) -> None:
    from storeops.storage import read_sources
    from storeops.template_sheets import MAX_SHEET_BYTES, SheetError, read_template, sheet_kind
    from storeops.templates import content_hash
    from storeops.text_clean import printable

    kind = sheet_kind(file.name)
    if kind is None:
        raise fail(t("cli.templates.import_kind", name=printable(file.name)), EXIT_USAGE)
    [source] = read_sources([file], suffix="", max_bytes=MAX_SHEET_BYTES, folders=False)
    if source.error is not None:
        raise fail(f"{printable(source.path)}: {t('tpl.err.read', error=source.error)}")
    try:
        data, template = read_template(source.data, kind, source.path)
    except SheetError as exc:
        count = len(exc.problems)
        message = t("cli.templates.import_bad", path=printable(source.path), count=count)
        typer.echo(t("cli.error", message=message), err=True)
        for problem in exc.problems:
            typer.echo(f"  - {problem}", err=True)
        raise typer.Exit(EXIT_PROBLEM) from None
    folder = folder.expanduser()
    if not folder.is_dir():
        raise fail(t("cli.templates.no_folder", path=folder))
    target = folder / f"{template.id}.toml"
    if not force and (target.exists() or target.is_symlink()):
        raise fail(t("cli.templates.exists", path=target))
    text = _toml_text(data, file.name)
    if _read_back(text) != content_hash(data):  # never: the writer is exact
        raise fail(t("sheet.err.cannot_hold", field=template.id))
    write_or_fail(target, text.encode("utf-8"), into_data_folder=True)
    typer.echo(t("cli.templates.imported", path=target, id=template.id,
                 version=template.version, items=len(template.items)))  # fmt: skip
    from storeops.template_lint import template_warnings  # as validate says them

    for warning in template_warnings(template):
        typer.echo("  ! " + t("cli.validate.warning", message=str(warning)))


def _toml_text(data: dict[str, Any], name: str) -> str:
    from storeops.toml_writer import dumps

    return dumps(data, comment=[t("sheet.toml_comment", name=name)])


def _read_back(text: str) -> str:
    """The content hash of the TOML written, as a store will read it ("" if it cannot)."""
    import tomllib

    from storeops.templates import content_hash

    try:
        return content_hash(tomllib.loads(text))
    except (tomllib.TOMLDecodeError, ValueError):
        return ""


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
