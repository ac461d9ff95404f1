"""``storeops export --format xlsx``: the export levels as an Excel workbook that opens right.

A CSV opened in Excel loses store codes' leading zeros (``00123`` → 123) and long digit
strings, shows times as text and garbles Chinese without the import dialog. Here every
cell is typed: codes, ids and texts are text cells, scores, points and counts are
numbers, times are Excel date-times in the store's local time; no cell is ever a formula
(XlsxWriter is told not to convert strings). One sheet per level (run, answer, action),
each with a frozen header row, filters and column widths that fit Chinese.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from storeops.exporting import (
    ACTION_COLUMNS,
    ANSWER_COLUMNS,
    Selection,
    action_rows,
    answer_rows,
    run_rows,
    selected_actions,
    selected_runs,
)
from storeops.texttable import cell_width

if TYPE_CHECKING:
    from storeops.actions import CorrectiveAction
    from storeops.profile import StoreProfile
    from storeops.runs import RunBook
    from storeops.schedules import StoreSchedules

TIME_COLUMNS = {"started_at", "finished_at", "created_at"}
# complaint level: received_on … contact_erased_on (storeops/complaint_export.py)
DATE_COLUMNS = {"visit_date", "due", "received_on", "purchased", "closed_on", "follow_up_due",
                "follow_up_on", "contact_erased_on"}  # fmt: skip
BOOL_COLUMNS = {"critical_failed", "critical", "overdue"}


def _local(value: str) -> datetime | None:
    """An ISO time as the store's local wall time (Excel has no time zones)."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment.replace(tzinfo=None)


def _write_sheet(
    book: Any, name: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    sheet = book.add_worksheet(name)
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    when = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, list(columns), header)
    widths = [cell_width(c) for c in columns]
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            column = columns[c]
            if value is None or value == "":
                continue
            if column in TIME_COLUMNS and isinstance(value, str) and (moment := _local(value)):
                sheet.write_datetime(r, c, moment, when)
                widths[c] = max(widths[c], 19)
                continue
            if column in DATE_COLUMNS and isinstance(value, str):
                try:
                    midnight = datetime.combine(date.fromisoformat(value), datetime.min.time())
                    sheet.write_datetime(r, c, midnight, day)
                    widths[c] = max(widths[c], 10)
                    continue
                except ValueError:
                    pass
            if isinstance(value, bool):
                sheet.write_boolean(r, c, value)
            elif isinstance(value, int | float):
                sheet.write_number(r, c, value)
            else:
                text = str(value)
                sheet.write_string(r, c, text)
                widths[c] = max(widths[c], min(cell_width(text), 60))
    for c, width in enumerate(widths):
        sheet.set_column(c, c, min(max(width + 2, 6), 62))
    sheet.freeze_panes(1, 0)
    if rows:
        sheet.autofilter(0, 0, len(rows), len(columns) - 1)


def export_xlsx(
    levels: Sequence[str],
    book: RunBook,
    actions: Sequence[CorrectiveAction],
    selection: Selection,
    profile: StoreProfile | None,
    today: date,
    schedules: StoreSchedules | None = None,
) -> tuple[bytes, int]:
    """The workbook's bytes (one sheet per level asked for) and how many rows it holds."""
    import xlsxwriter

    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_numbers": False,
               "strings_to_urls": False, "in_memory": True}  # fmt: skip
    workbook = xlsxwriter.Workbook(buffer, options)
    count = 0
    chosen = selected_runs(book, selection) if {"run", "answer"} & set(levels) else []
    for level in levels:
        if level == "run":
            columns, rows = run_rows(chosen, profile, schedules)
        elif level == "answer":
            from storeops.repeats import repeat_failures

            columns, rows = (
                list(ANSWER_COLUMNS),
                answer_rows(chosen, repeats=repeat_failures(book, chosen)),
            )
        else:
            picked = selected_actions(actions, selection)
            columns, rows = list(ACTION_COLUMNS), action_rows(picked, today)
        _write_sheet(workbook, level, columns, rows)
        count += len(rows)
    workbook.close()
    return buffer.getvalue(), count


def one_sheet(name: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """A workbook of one sheet, typed as :func:`export_xlsx`'s (the complaint level)."""
    import xlsxwriter

    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_numbers": False,
               "strings_to_urls": False, "in_memory": True}  # fmt: skip
    workbook = xlsxwriter.Workbook(buffer, options)
    _write_sheet(workbook, name, columns, rows)
    workbook.close()
    return buffer.getvalue()
