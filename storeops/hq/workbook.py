"""``storeops hq workbook``: one Excel workbook for the weekly head-office meeting.

Sheets: League, Heat map (sections × stores, colour scale), Trend (a line chart), Pareto
(bars and cumulative %), Repeat findings, Completion (runs against what was due, per store,
checklist and week), Complaints (per store) and Complaint causes (across the stores, with %
and cumulative %). Every sheet has a frozen header row, filters and column widths that fit
Chinese (a CJK character is two columns wide). Cells are typed:
store codes and ids text, scores numbers; nothing is ever a formula (xlsxwriter is told
not to turn strings into formulas, numbers or URLs). The workbook is made in memory and
handed to storage to write (a meeting's workbook is a few megabytes at most).
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from storeops.hq.reports import CHECKLIST_FREE, Filters, run_report
from storeops.texttable import cell_width


def _width(values: Sequence[object]) -> int:
    widest = max((cell_width(str(v)) for v in values if v is not None), default=4)
    return min(max(widest + 2, 6), 60)


def _table_sheet(
    book: Any, name: str, columns: list[str], rows: list[tuple[Any, ...]], text: set[str]
) -> Any:
    """A sheet of rows: frozen header, autofilter, widths; ``text`` columns written as text."""
    sheet = book.add_worksheet(name)
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    sheet.write_row(0, 0, columns, header)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is None:
                continue
            if columns[c] in text or not isinstance(value, int | float):
                sheet.write_string(r, c, str(value))
            else:
                sheet.write_number(r, c, value)
    for c, column in enumerate(columns):
        sheet.set_column(c, c, _width([column, *(row[c] for row in rows)]))
    sheet.freeze_panes(1, 0)
    if rows:
        sheet.autofilter(0, 0, len(rows), len(columns) - 1)
    return sheet


TEXT_COLUMNS = {
    "store_code", "template_id", "item_id", "item_text", "section_id", "target_kind", "period",
    "last_run", "week", "top_category", "category", "cause",
}  # fmt: skip
SHEET_NAMES = {
    "league": "League", "heatmap": "Heat map", "trend": "Trend", "pareto": "Pareto",
    "repeats": "Repeat findings", "completion": "Completion", "complaints": "Complaints",
}  # fmt: skip


def _new_book(buffer: io.BytesIO) -> Any:
    import xlsxwriter

    options = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    return xlsxwriter.Workbook(buffer, {"in_memory": True, **options})


def weekly_workbook(root: Path, filters: Filters) -> bytes:
    """The weekly meeting's workbook from the warehouse at ``root``, as the file's bytes.
    The complaint sheet is every complaint of the period (a complaint is of no checklist)."""
    buffer = io.BytesIO()
    book = _new_book(buffer)
    names, rows = run_report(root, "league", filters)
    _table_sheet(book, SHEET_NAMES["league"], names, rows, TEXT_COLUMNS)
    _heatmap_sheet(book, root, filters)
    _trend_sheet(book, root, filters)
    _pareto_sheet(book, root, filters)
    for name in ("repeats", "completion", "complaints"):
        chosen = filters
        if name in CHECKLIST_FREE:
            chosen = dataclasses.replace(filters, template_id=None)
        names, rows = run_report(root, name, chosen)
        _table_sheet(book, SHEET_NAMES[name], names, rows, TEXT_COLUMNS)
    causes = dataclasses.replace(filters, template_id=None, by="cause")
    names, rows = run_report(root, "complaints", causes)
    _table_sheet(book, "Complaint causes", names, rows, TEXT_COLUMNS)
    book.close()
    return buffer.getvalue()


def report_workbook(name: str, columns: list[str], rows: list[tuple[Any, ...]]) -> bytes:
    """One report as a workbook of one sheet (``hq report … --format xlsx``)."""
    buffer = io.BytesIO()
    book = _new_book(buffer)
    _table_sheet(book, SHEET_NAMES[name], columns, rows, TEXT_COLUMNS)
    book.close()
    return buffer.getvalue()


def _heatmap_sheet(book: Any, root: Path, filters: Filters) -> None:
    _names, rows = run_report(root, "heatmap", filters)
    stores = sorted({str(r[0]) for r in rows})
    sections = sorted({str(r[1]) for r in rows})
    score = {(str(r[0]), str(r[1])): r[2] for r in rows}
    grid = [(section, *(score.get((store, section)) for store in stores)) for section in sections]
    sheet = _table_sheet(book, "Heat map", ["section_id", *stores], grid, {"section_id"})
    if grid and stores:
        sheet.conditional_format(1, 1, len(grid), len(stores), {
            "type": "3_color_scale", "min_color": "#F8696B", "mid_color": "#FFEB84",
            "max_color": "#63BE7B",
        })  # fmt: skip


def _trend_sheet(book: Any, root: Path, filters: Filters) -> None:
    names, rows = run_report(root, "trend", filters)
    sheet = _table_sheet(book, "Trend", names, rows, TEXT_COLUMNS)
    if not rows:
        return
    chart = book.add_chart({"type": "line"})
    mean = names.index("mean_score")
    period = names.index("period")
    chart.add_series({
        "name": "mean_score",
        "categories": ["Trend", 1, period, len(rows), period],
        "values": ["Trend", 1, mean, len(rows), mean],
    })  # fmt: skip
    chart.set_title({"name": "Mean score"})
    sheet.insert_chart(1, len(names) + 1, chart)


def _pareto_sheet(book: Any, root: Path, filters: Filters) -> None:
    names, rows = run_report(root, "pareto", filters)
    shown = rows[:30]
    sheet = _table_sheet(book, "Pareto", names, shown, TEXT_COLUMNS)
    if not shown:
        return
    item, failures, cumulative = (names.index(n) for n in ("item_id", "failures", "cumulative"))
    bars = book.add_chart({"type": "column"})
    bars.add_series({
        "name": "failures", "categories": ["Pareto", 1, item, len(shown), item],
        "values": ["Pareto", 1, failures, len(shown), failures],
    })  # fmt: skip
    line = book.add_chart({"type": "line"})
    line.add_series({
        "name": "cumulative %", "categories": ["Pareto", 1, item, len(shown), item],
        "values": ["Pareto", 1, cumulative, len(shown), cumulative], "y2_axis": True,
    })  # fmt: skip
    bars.combine(line)
    bars.set_title({"name": "Pareto of failed items"})
    sheet.insert_chart(1, len(names) + 1, bars, {"x_scale": 1.6, "y_scale": 1.3})
