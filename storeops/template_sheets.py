"""Templates authored in a spreadsheet: a template's raw data ↔ sheet tables.

Head offices write checklists in Excel. The layout follows ODK XLSForm and Falcony: one sheet
per kind of thing, one row per thing, a column per field, bilingual texts as ``text::en`` and
``text::zh`` (a plain ``text`` column holds a text given in one form for both languages):

* ``items``: ``section``, ``id``, ``type``, ``text``, ``guidance``, ``points``, ``critical``,
  ``options`` (a line each: ``key:label_en:label_zh:score``, ``:fail`` after a failing one),
  ``show_if`` (``item DG-03 in y,n`` / ``store fitting_rooms in yes``), ``on_fail``
  (``note, action``), then every other item field (``labels`` a line each, ``en:zh``);
* ``sections``: ``id``, ``title``, ``weight``, ``help``, ``allow_na``;
* ``settings``: ``key``/``value`` rows of the template's own fields;
* ``header`` (``choices`` a line each, ``key:label_en:label_zh``) and ``bands``, when used.

In a line, ``\\:`` is a colon inside a label, ``\\\\`` a backslash and ``\\n`` a line break. A
CSV holds one table, so a template CSV is the ``items`` table after leading rows tagged in their
first cell: ``#setting,KEY,VALUE``, ``#sections`` (the section columns' names) and
``#section`` rows. It cannot hold header fields or bands.

Numbers keep their kind both ways, because a template's content hash is over JSON, where ``1``
and ``1.0`` differ: a whole-number float is written as the text ``1.0``; so is any number a
spreadsheet cell would round. Importing is all or nothing: every problem is named by sheet, row
and column, then the data is checked by :func:`~storeops.templates.template_from_data`, whose
problems are placed on the rows they are about. Exporting reads its own output back and refuses
a template the sheets would not give back exactly (a field no column holds, say).

No file I/O: bytes in, bytes out. openpyxl (reading) and xlsxwriter (writing) are imported only
when a workbook is read or made.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Final

from storeops.i18n import Msg, t
from storeops.templates import Template, TemplateError, TemplateProblem, template_from_data
from storeops.text_clean import printable

Cell = str | int | float | bool | None
Where = Msg | str

MAX_SHEET_BYTES: Final = 10_000_000  # a template workbook or CSV read, at most
MAX_UNPACKED_BYTES: Final = 100_000_000  # what a workbook's parts may unpack to, together
MAX_ROWS: Final = 5_000  # rows of one sheet (a template has a few hundred items at most)
MAX_COLUMNS: Final = 200
MAX_PROBLEMS: Final = 200  # listed before reading stops: a bad column repeats on every row

# Kinds of field, by how a cell holds them.
WORD, TEXT, LANG, NUMBER, BOOL = "word", "text", "lang", "number", "bool"
OPTIONS, LABELS, CHOICES, SHOW_IF, ON_FAIL = "options", "labels", "choices", "show_if", "on_fail"
TABLE = (
    "table"  # a small table of plain values, a column (a settings key) per field: schedule.every
)


@dataclass(frozen=True)
class Field:
    """A template field and how a sheet holds it."""

    key: str
    kind: str
    parts: tuple[Field, ...] = ()  # a small table's fields (kind TABLE): a column each

    @property
    def columns(self) -> tuple[str, ...]:
        if self.kind == LANG:
            return (self.key, f"{self.key}::en", f"{self.key}::zh")
        if self.kind == TABLE:
            return tuple(f"{self.key}.{part.key}" for part in self.parts)
        return (self.key,)


def _fields(*pairs: tuple[str, str]) -> tuple[Field, ...]:
    return tuple(Field(key, kind) for key, kind in pairs)


ITEM_FIELDS = _fields(
    ("id", WORD), ("type", WORD), ("text", LANG), ("guidance", LANG), ("points", NUMBER),
    ("critical", BOOL), ("options", OPTIONS), ("show_if", SHOW_IF), ("on_fail", ON_FAIL),
    ("min", NUMBER), ("max", NUMBER), ("labels", LABELS), ("score_from", WORD),
    ("threshold", NUMBER), ("direction", WORD), ("critical_threshold", NUMBER), ("unit", LANG),
    ("stopwatch", BOOL), ("not_above", WORD), ("negative", BOOL), ("allow_na", BOOL),
    ("required", BOOL), ("bonus", BOOL), ("source", TEXT),
)  # fmt: skip
SECTION_FIELDS = _fields(
    ("id", WORD), ("title", LANG), ("weight", NUMBER), ("help", LANG), ("allow_na", BOOL)
)
SCHEDULE_FIELDS = _fields(
    ("every", WORD), ("on", WORD), ("day", NUMBER), ("times", NUMBER), ("within_days", NUMBER)
)
REAUDIT_FIELDS = _fields(("band", WORD), ("within_days", NUMBER))
SETTING_FIELDS = (
    *_fields(("id", WORD), ("version", NUMBER), ("title", LANG), ("description", LANG),
             ("allow_na", BOOL), ("order", NUMBER), ("review", BOOL)),
    Field("schedule", TABLE, SCHEDULE_FIELDS),
    Field("reaudit", TABLE, REAUDIT_FIELDS),
)  # fmt: skip
HEADER_FIELDS = _fields(
    ("id", WORD), ("text", LANG), ("type", WORD), ("role", WORD), ("required", BOOL),
    ("staff", BOOL), ("choices", CHOICES), ("future", BOOL), ("after", WORD),
)  # fmt: skip
BAND_FIELDS = _fields(("key", WORD), ("min", NUMBER), ("label", LANG), ("fail", BOOL))

SECTION_COLUMN = "section"  # the items sheet's first column: the item's section id
# The sheets, in the order a workbook has them; each row-sheet's fields and the one naming a row.
ROW_SHEETS: Final[dict[str, tuple[tuple[Field, ...], str]]] = {
    "items": (ITEM_FIELDS, "id"),
    "sections": (SECTION_FIELDS, "id"),
    "header": (HEADER_FIELDS, "id"),
    "bands": (BAND_FIELDS, "key"),
}
SETTINGS = "settings"
SHEET_ORDER = ("items", "sections", SETTINGS, "header", "bands")
NEEDED_SHEETS = ("items", "sections", SETTINGS)
SETTING_TAG, SECTIONS_TAG, SECTION_TAG = "#setting", "#sections", "#section"

_INT = re.compile(r"[+-]?\d+")
_TRUE = {"true", "yes", "y", "1", "是"}
_FALSE = {"false", "no", "n", "0", "否"}
_SHOW_IF = re.compile(r"\s*([A-Za-z_]+)\s+(\S+)\s+in\s+(.*?)\s*", re.DOTALL | re.IGNORECASE)
_FOLLOW_UP = re.compile(r"[A-Za-z_]+")
_XLSX_OPTIONS = {"strings_to_formulas": False, "strings_to_numbers": False,
                 "strings_to_urls": False, "in_memory": True}  # fmt: skip


# --- problems -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetProblem:
    """One thing wrong: where in the file (sheet, row, column; a CSV has no sheet name), and
    what. ``place`` is the template's own place (``item A-01``) when the check of the data
    found it. Translated when shown."""

    sheet: str | None  # None: the file as a whole; "": a CSV's one table
    row: str  # "7", or "5, 6" for an id on two rows; "" for the sheet as a whole
    column: str
    what: Where
    place: Where = ""

    def __str__(self) -> str:
        message = str(self.what)
        if self.place:
            message = t("sheet.problem", at=self.place, message=message)
        at = self.at()
        return printable(t("sheet.problem", at=at, message=message) if at else message)

    def at(self) -> str:
        if self.sheet is None:
            return ""
        if self.sheet == "":
            if self.row and self.column:
                return t("sheet.at.csv_cell", row=self.row, column=self.column)
            return t("sheet.at.csv_row", row=self.row) if self.row else ""
        if self.row and self.column:
            return t("sheet.at.cell", sheet=self.sheet, row=self.row, column=self.column)
        if self.row:
            return t("sheet.at.row", sheet=self.sheet, row=self.row)
        if self.column:
            return t("sheet.at.column", sheet=self.sheet, column=self.column)
        return t("sheet.at.sheet", sheet=self.sheet)


class SheetError(Exception):
    """A sheet that cannot be read or a template that cannot be written, with every problem."""

    def __init__(self, problems: list[SheetProblem]) -> None:
        super().__init__(problems)
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class _Bad(ValueError):
    """A cell that does not hold what its column needs; ``what`` says why."""

    def __init__(self, what: Msg) -> None:
        super().__init__(str(what))
        self.what = what


class _Unheld(ValueError):
    """A value the sheet format has no way to hold (export)."""


class _TooLarge(ValueError):
    """A sheet past a limit: nothing more of the file is read."""

    def __init__(self, problem: SheetProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


# --- the public entry points ------------------------------------------------------------------


def sheet_kind(name: str) -> str | None:
    """``"xlsx"`` or ``"csv"`` by a file name's ending, else None."""
    lower = name.lower()
    if lower.endswith(".xlsx"):
        return "xlsx"
    if lower.endswith(".csv"):
        return "csv"
    return None


def read_template(raw: bytes, kind: str, source: str) -> tuple[dict[str, Any], Template]:
    """The template a workbook (``kind`` ``"xlsx"``) or CSV (``"csv"``) holds: its data and
    the checked template. Raises :class:`SheetError` with every problem found."""
    if len(raw) > MAX_SHEET_BYTES:
        limit = MAX_SHEET_BYTES // 1_000_000
        raise SheetError([SheetProblem(None, "", "", Msg("sheet.err.too_large", limit=limit))])
    tables, problems = _xlsx_tables(raw) if kind == "xlsx" else _csv_tables(raw)
    if tables is None:  # nothing could be read
        raise SheetError(problems)
    reader = _Reader()
    reader.problems.extend(problems)
    data = reader.template(tables)
    if len(reader.problems) >= MAX_PROBLEMS:
        raise SheetError(reader.problems[:MAX_PROBLEMS])
    try:
        template = template_from_data(data, source)
    except TemplateError as exc:
        placed = (reader.place(problem) for problem in exc.problems)
        reader.problems.extend(p for p in placed if p is not None)
        raise SheetError(_in_order(reader.problems)) from None
    if reader.problems:
        raise SheetError(_in_order(reader.problems))
    return data, template


def _in_order(problems: list[SheetProblem]) -> list[SheetProblem]:
    """The file's own problems first, then sheet by sheet, row by row (a sort keeps the
    order found within a row)."""

    def key(problem: SheetProblem) -> tuple[int, int]:
        if problem.sheet is None:
            return (-1, 0)
        sheet = problem.sheet.strip().lower()
        order = SHEET_ORDER.index(sheet) if sheet in SHEET_ORDER else len(SHEET_ORDER)
        row = problem.row.split(",")[0]
        return (order, int(row) if row.isdigit() else 0)

    return sorted(problems, key=key)


def template_tables(data: Mapping[str, Any]) -> dict[str, list[list[Cell]]]:
    """The sheets of a template's data, each a list of rows (the first its column names).
    Raises :class:`SheetError` naming what no sheet can hold."""
    writer = _Writer()
    tables = writer.tables(data)
    if writer.problems:
        raise SheetError(writer.problems)
    return tables


def template_xlsx(data: Mapping[str, Any]) -> bytes:
    """A workbook of the template's data, checked to read back as the same data."""
    payload = _xlsx_bytes(template_tables(data))
    tables, problems = _xlsx_tables(payload)
    _same_back(data, tables, problems)
    return payload


def template_csv(data: Mapping[str, Any]) -> bytes:
    """A CSV of the template's data (UTF-8 with a BOM, for Excel), checked to read back as
    the same data; one with header fields or bands is refused (a CSV cannot hold them)."""
    held = [t(f"sheet.what.{key}") for key in ("header", "bands") if data.get(key)]
    if held:
        what = Msg("sheet.err.csv_cannot", sheets=", ".join(held))
        raise SheetError([SheetProblem(None, "", "", what)])
    payload = _csv_bytes(template_tables(data))
    tables, problems = _csv_tables(payload)
    _same_back(data, tables, problems)
    return payload


def _same_back(
    data: Mapping[str, Any], tables: dict[str, Table] | None, problems: list[SheetProblem]
) -> None:
    reader = _Reader()
    back = reader.template(tables or {})
    if problems or reader.problems:  # never: what the writer makes reads cleanly
        raise SheetError([*problems, *reader.problems])
    path = first_difference(data, back)
    if path is not None:
        place, name = describe(data, path)
        raise SheetError([SheetProblem(None, "", "", Msg("sheet.err.cannot_hold", field=name),
                                       place)])  # fmt: skip


def first_difference(a: Any, b: Any, path: tuple[Any, ...] = ()) -> tuple[Any, ...] | None:
    """Where two values of template data first differ, as JSON sees them (``1`` is not
    ``1.0``, ``True`` not ``1``), or None when they are the same."""
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        for key in [*a, *(k for k in b if k not in a)]:
            if key not in a or key not in b:
                return (*path, key)
            found = first_difference(a[key], b[key], (*path, key))
            if found is not None:
                return found
        return None
    if isinstance(a, list) and isinstance(b, list):
        for n, (x, y) in enumerate(zip(a, b, strict=False)):
            found = first_difference(x, y, (*path, n))
            if found is not None:
                return found
        return None if len(a) == len(b) else (*path, min(len(a), len(b)))
    same = json.dumps(a, default=repr) == json.dumps(b, default=repr)
    return None if same else path


def describe(data: Mapping[str, Any], path: Sequence[Any]) -> tuple[Where, str]:
    """A path into template data as the place it is in (``item A-01``) and the field."""
    place: Where = Msg("tpl.where.template")
    rest = 0
    try:
        if path[0] == "sections" and len(path) > 3 and path[2] == "items":
            item = data["sections"][path[1]]["items"][path[3]]
            place, rest = Msg("tpl.where.item", id=item.get("id", "?")), 4
        elif path[0] in _PLACES and len(path) > 1:
            where, key = _PLACES[path[0]]
            place, rest = Msg(where, id=data[path[0]][path[1]].get(key, "?")), 2
    except (KeyError, IndexError, TypeError, AttributeError):
        place, rest = Msg("tpl.where.template"), 0
    return place, ".".join(str(part) for part in path[rest:])


_PLACES = {"sections": ("tpl.where.section", "id"), "header": ("tpl.where.header", "id"),
           "bands": ("tpl.where.band", "key")}  # fmt: skip


# --- reading: bytes → tables ----------------------------------------------------------------


@dataclass
class Table:
    """One sheet as read: its column names (stripped, lower case) and its non-empty rows,
    each with its row number as the spreadsheet shows it."""

    name: str
    label: str  # how problems name it: the sheet's name, "" in a CSV
    header_row: int
    columns: list[str]
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)
    bad: set[tuple[int, str]] = field(default_factory=set)  # cells reported as they were read
    first_column: int = 0  # in a CSV, a #section row's cells start in column B

    def letter(self, index: int) -> str:
        return _letter(index + self.first_column)


def _blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _column_name(cell: Cell) -> str:
    if cell is None or isinstance(cell, bool):
        return "" if cell is None else str(cell).lower()
    return str(cell).strip().lower()


def _xlsx_tables(raw: bytes) -> tuple[dict[str, Table] | None, list[SheetProblem]]:
    """The sheets of a workbook, or the problems that stop it being read."""
    problem = _unpack_problem(raw)
    if problem is not None:
        return None, [problem]
    import warnings

    import openpyxl

    try:
        with warnings.catch_warnings():  # openpyxl warns of styles and extensions it skips
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except Exception as exc:  # any failure to parse an untrusted file is a bad file
        return None, [SheetProblem(None, "", "", Msg("sheet.err.read", error=_reason(exc)))]
    tables: dict[str, Table] = {}
    problems: list[SheetProblem] = []
    try:
        for sheet in book.worksheets:
            name = sheet.title.strip().lower()
            if name not in SHEET_ORDER:
                what = Msg("sheet.err.unknown_sheet", known=", ".join(SHEET_ORDER))
                problems.append(SheetProblem(sheet.title, "", "", what))
                continue
            if name in tables:
                problems.append(SheetProblem(sheet.title, "", "", Msg("sheet.err.sheet_twice")))
                continue
            table = _sheet_table(name, sheet.title, _sheet_rows(sheet), problems)
            if table is not None:
                tables[name] = table
    except _TooLarge as exc:
        return None, [exc.problem]
    except Exception as exc:  # a damaged part found while reading rows
        return None, [SheetProblem(None, "", "", Msg("sheet.err.read", error=_reason(exc)))]
    finally:
        book.close()
    return tables, problems


def _reason(exc: Exception) -> str:
    return str(exc) or type(exc).__name__


def _unpack_problem(raw: bytes) -> SheetProblem | None:
    """A workbook is a zip: one that is not, or that would unpack to too much, is refused
    before openpyxl opens it."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return SheetProblem(None, "", "", Msg("sheet.err.read", error=_reason(exc)))
    if size > MAX_UNPACKED_BYTES:
        return SheetProblem(None, "", "", Msg("sheet.err.unpacked",
                                              limit=MAX_UNPACKED_BYTES // 1_000_000))  # fmt: skip
    return None


def _sheet_rows(sheet: Any) -> Iterator[tuple[int, list[Cell | SheetProblem]]]:
    """``(row number, cells)`` of a worksheet's non-empty rows; a cell that holds no plain
    value (a formula, a date, an error) comes as the problem it is."""
    for row in sheet.iter_rows(max_col=MAX_COLUMNS + 1):
        cells: list[Cell | SheetProblem] = []
        number = 0
        for cell in row:
            value = getattr(cell, "value", None)
            number = number or getattr(cell, "row", 0) or 0
            cells.append(_cell_value(cell, value))
        while cells and cells[-1] is None:
            cells.pop()
        if cells and number:
            yield number, cells


def _cell_value(cell: Any, value: Any) -> Cell | SheetProblem:
    kind = getattr(cell, "data_type", "")
    if kind == "f":
        return SheetProblem(None, "", "", Msg("sheet.err.formula", formula=str(value)[:40]))
    if kind == "e":
        return SheetProblem(None, "", "", Msg("sheet.err.error_value", value=str(value)))
    if isinstance(value, datetime | date | time):
        return SheetProblem(None, "", "", Msg("sheet.err.date"))
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _sheet_table(
    name: str,
    label: str,
    rows: Iterator[tuple[int, list[Cell | SheetProblem]]],
    problems: list[SheetProblem],
) -> Table | None:
    table: Table | None = None
    for number, cells in rows:
        if len(cells) > MAX_COLUMNS:
            what = Msg("sheet.err.too_many_columns", limit=MAX_COLUMNS)
            raise _TooLarge(SheetProblem(label, str(number), "", what))
        if table is None:
            if all(not isinstance(c, SheetProblem) and _blank(c) for c in cells):
                continue
            names = [_column_name(None if isinstance(c, SheetProblem) else c) for c in cells]
            table = Table(name, label, number, names)
            continue
        if all(not isinstance(c, SheetProblem) and _blank(c) for c in cells):
            continue
        if len(table.rows) >= MAX_ROWS:
            what = Msg("import.err.too_many_rows", limit=MAX_ROWS)
            raise _TooLarge(SheetProblem(label, str(number), "", what))
        plain: list[Cell] = []
        for n, cell in enumerate(cells):
            if isinstance(cell, SheetProblem):
                column = table.columns[n] if n < len(table.columns) else _letter(n)
                problems.append(SheetProblem(label, str(number), column or _letter(n), cell.what))
                table.bad.add((number, column))
                plain.append(None)
            else:
                plain.append(cell)
        table.rows.append((number, plain))
    return table


def _letter(index: int) -> str:
    """A column's letter as a spreadsheet shows it (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _csv_text(raw: bytes) -> str | None:
    for encoding in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows saves CSV as GBK
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _csv_tables(raw: bytes) -> tuple[dict[str, Table] | None, list[SheetProblem]]:
    """A template CSV's tables: ``#setting`` rows, the ``#sections`` names and ``#section``
    rows, then the items table (its column names, then one row per item)."""
    text = _csv_text(raw)
    if text is None:
        return None, [SheetProblem(None, "", "", Msg("import.err.encoding"))]
    settings = Table(SETTINGS, "", 0, ["key", "value"])
    sections: Table | None = None
    items: Table | None = None
    problems: list[SheetProblem] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for number, raw_cells in enumerate(reader, start=1):
            cells: list[Cell] = [_unescape_csv(c) if c.strip() else None for c in raw_cells]
            while cells and cells[-1] is None:
                cells.pop()
            if not cells:
                continue
            if number > MAX_ROWS + 100 or len(cells) > MAX_COLUMNS:
                key, limit = (("import.err.too_many_rows", MAX_ROWS) if number > MAX_ROWS + 100
                              else ("sheet.err.too_many_columns", MAX_COLUMNS))  # fmt: skip
                return None, [SheetProblem("", str(number), "", Msg(key, limit=limit))]
            tag = cells[0].strip().lower() if isinstance(cells[0], str) else ""
            if items is not None:
                if tag.startswith("#"):
                    problems.append(SheetProblem("", str(number), "", Msg("sheet.err.csv_late")))
                else:
                    items.rows.append((number, cells))
            elif tag == SETTING_TAG:
                if len(cells) > 3:
                    problems.append(SheetProblem("", str(number), _letter(3),
                                                 Msg("import.err.extra_cells")))  # fmt: skip
                settings.rows.append((number, [*cells[1:3], *[None] * (3 - len(cells))]))
            elif tag == SECTIONS_TAG:
                names = [_column_name(c) for c in cells[1:]]
                sections = Table("sections", "", number, names, first_column=1)
            elif tag == SECTION_TAG:
                if sections is None:
                    problems.append(SheetProblem("", str(number), "",
                                                 Msg("sheet.err.csv_section_first")))  # fmt: skip
                else:
                    sections.rows.append((number, cells[1:]))
            elif tag.startswith("#"):
                problems.append(SheetProblem("", str(number), _letter(0),
                                             Msg("sheet.err.csv_tag", tag=cells[0])))  # fmt: skip
            else:
                items = Table("items", "", number, [_column_name(c) for c in cells])
    except csv.Error as exc:
        return None, [SheetProblem(None, "", "", Msg("import.err.csv", error=exc))]
    tables = {SETTINGS: settings}
    if sections is not None:
        tables["sections"] = sections
    if items is not None:
        tables["items"] = items
    return tables, problems


# --- reading: tables → data -------------------------------------------------------------------


@dataclass
class _Rows:
    """Where one sheet's things are: the rows of each id (of each key, in settings), and the
    cells whose problems were reported already (a check of the data would repeat them)."""

    label: str
    fields: frozenset[str]
    columns: list[str]
    by_id: dict[str, list[int]] = field(default_factory=dict)
    bad: set[tuple[int, str]] = field(default_factory=set)
    reported: bool = False  # some problem named a row or column of this sheet
    unusable: bool = False  # the sheet lacks a column every row needs

    def column_of(self, key: str) -> str:
        """The column(s) that hold a field, as this sheet names them ("" for no field)."""
        if key not in self.fields:
            return ""
        names = [c for c in (key, f"{key}::en", f"{key}::zh") if c in self.columns]
        return ", ".join(names) or key


class _Reader:
    """Turns tables into template data, collecting problems instead of raising."""

    def __init__(self) -> None:
        self.problems: list[SheetProblem] = []
        self.rows: dict[str, _Rows] = {}

    def problem(self, rows: _Rows, number: int, column: str, what: Msg, key: str = "") -> None:
        """A problem at a row (0: the column names) and column; ``key`` the field it is about."""
        self.problems.append(SheetProblem(rows.label, str(number) if number else "", column, what))
        rows.reported = True
        if number:
            rows.bad.add((number, key or column.split("::")[0]))

    def template(self, tables: Mapping[str, Table]) -> dict[str, Any]:
        csv_file = any(table.label == "" for table in tables.values())
        for name in NEEDED_SHEETS:
            if name not in tables:
                key = {"items": "sheet.err.csv_no_items", "sections": "sheet.err.csv_no_sections"}
                what = Msg(key[name]) if csv_file else Msg("sheet.err.no_sheet", sheet=name)
                self.problems.append(SheetProblem(None, "", "", what))
        data = self.settings(tables[SETTINGS]) if SETTINGS in tables else {}
        for name in ("header", "bands"):
            entries = [entry for _, entry in self.entities(tables[name])] if name in tables else []
            if entries:
                data[name] = entries
        sections = [entry for _, entry in self.entities(tables["sections"])] if (
            "sections" in tables) else []  # fmt: skip
        by_id: dict[Any, dict[str, Any]] = {}
        for section in sections:
            section["items"] = []
            by_id.setdefault(section.get("id"), section)
        if "items" in tables:
            rows = self.rows_of(tables["items"])
            for number, item in self.entities(tables["items"], lead=True):
                section_id = item.pop(SECTION_COLUMN, None)
                if section_id in by_id:
                    by_id[section_id]["items"].append(item)
                elif (number, SECTION_COLUMN) in rows.bad:
                    continue
                elif section_id is None:
                    self.problem(rows, number, SECTION_COLUMN,
                                 Msg("tpl.err.missing", field=SECTION_COLUMN))  # fmt: skip
                elif "sections" in tables and not self.rows["sections"].unusable:
                    self.problem(rows, number, SECTION_COLUMN,
                                 Msg("sheet.err.unknown_section", id=section_id))  # fmt: skip
        if "sections" in tables:
            data["sections"] = sections
        return data

    def rows_of(self, table: Table) -> _Rows:
        if table.name not in self.rows:
            fields = ROW_SHEETS[table.name][0] if table.name in ROW_SHEETS else SETTING_FIELDS
            rows = _Rows(table.label, frozenset(f.key for f in fields), table.columns)
            rows.bad = {(n, column.split("::")[0]) for n, column in table.bad}
            rows.reported = bool(table.bad)
            self.rows[table.name] = rows
        return self.rows[table.name]

    def settings(self, table: Table) -> dict[str, Any]:
        """The template's own fields from ``key``/``value`` rows."""
        rows = self.rows_of(table)
        columns = {name: n for n, name in enumerate(table.columns) if name}
        for needed in ("key", "value"):
            if needed not in columns:
                self.problem(rows, table.header_row, needed, Msg("sheet.err.missing_column"))
                rows.unusable = True
        if rows.unusable:
            return {}
        known = {column: f for f in SETTING_FIELDS for column in f.columns}
        values: dict[str, Cell] = {}
        for number, cells in table.rows:
            key_cell, value = (cells[columns[c]] if columns[c] < len(cells) else None
                               for c in ("key", "value"))  # fmt: skip
            key = _column_name(key_cell)
            if key not in known:
                what = Msg("sheet.err.setting", key=key or "—", known=", ".join(known))
                self.problem(rows, number, "key", what)
            elif key in values:
                what = Msg("sheet.err.setting_twice", key=key, other=rows.by_id[key][0])
                self.problem(rows, number, "key", what)
            else:
                rows.by_id[key] = [number]
                rows.by_id.setdefault(known[key].key, [number])
                values[key] = None if _blank(value) else value
        data: dict[str, Any] = {}
        for f in SETTING_FIELDS:
            at = {column: rows.by_id.get(column, [0])[0] for column in f.columns}
            self.value(rows, data, f, {k: v for k, v in values.items() if v is not None}, at)
        return data

    def entities(self, table: Table, *, lead: bool = False) -> Iterator[tuple[int, dict[str, Any]]]:
        """Each row of a row-sheet as a table of the template's data."""
        fields, id_key = ROW_SHEETS[table.name]
        rows = self.rows_of(table)
        self.columns(table, fields, lead)
        known = {c for f in fields for c in f.columns} | ({SECTION_COLUMN} if lead else set())
        for number, cells in table.rows:
            if len(self.problems) >= MAX_PROBLEMS:
                return
            values = {
                name: cell for name, cell in zip(table.columns, cells, strict=False)
                if name in known and not _blank(cell)
            }  # fmt: skip
            entry: dict[str, Any] = {}
            if lead:
                self.value(rows, entry, Field(SECTION_COLUMN, WORD), values, number)
            for f in fields:
                self.value(rows, entry, f, values, number)
            name = entry.get(id_key)
            if name is not None:
                seen = rows.by_id.setdefault(str(name), [])
                if seen:
                    what = Msg("sheet.err.duplicate", id=name, other=seen[0])
                    self.problem(rows, number, id_key, what)
                seen.append(number)
            elif id_key not in values and (number, id_key) not in rows.bad:
                self.problem(rows, number, id_key, Msg("tpl.err.missing", field=id_key))
            yield number, entry

    def columns(self, table: Table, fields: Sequence[Field], lead: bool) -> None:
        """Unknown, repeated or missing column names, and values under no name."""
        rows = self.rows_of(table)
        known = [SECTION_COLUMN] if lead else []
        known += [c for f in fields for c in f.columns]
        seen: set[str] = set()
        width = max([len(table.columns), *(len(cells) for _, cells in table.rows)])
        for n, name in enumerate(table.columns + [""] * (width - len(table.columns))):
            if not name:
                if any(n < len(cells) and not _blank(cells[n]) for _, cells in table.rows):
                    self.problem(rows, table.header_row, table.letter(n), Msg("sheet.err.no_name"))
            elif name not in known:
                what = Msg("sheet.err.unknown_column", known=", ".join(known))
                self.problem(rows, table.header_row, name, what)
            elif name in seen:
                self.problem(rows, table.header_row, name, Msg("sheet.err.column_twice"))
            seen.add(name)
        for needed in ([SECTION_COLUMN] if lead else []) + [ROW_SHEETS[table.name][1]]:
            if needed not in seen:
                self.problem(rows, table.header_row, needed, Msg("sheet.err.missing_column"))
                rows.unusable = True

    def value(
        self,
        rows: _Rows,
        entry: dict[str, Any],
        f: Field,
        values: Mapping[str, Cell],
        at: int | Mapping[str, int],
    ) -> None:
        """Put field ``f`` of these cells into ``entry``, or report why it cannot be. ``at``:
        the row, or (settings) the row of each column; there the cell is in column value."""

        def report(column: str, what: Msg) -> None:
            row = at if isinstance(at, int) else at.get(column, 0)
            self.problem(rows, row, column if isinstance(at, int) else "value", what, f.key)

        cells = [values.get(column) for column in f.columns]
        if all(cell is None for cell in cells):
            return
        if f.kind not in (LANG, TABLE):
            try:
                entry[f.key] = _DECODERS[f.kind](cells[0])
            except _Bad as exc:
                report(f.key, exc.what)
            return
        if f.kind == LANG and cells[0] is not None and any(c is not None for c in cells[1:]):
            report(f.key, Msg("sheet.err.both_texts", column=f.key))
            return
        # A text's columns (text, text::en, text::zh) or a small table's (schedule.every …).
        kinds = [part.kind for part in f.parts] if f.kind == TABLE else [TEXT] * 3
        found: dict[str, Any] = {}
        for column, cell, kind in zip(f.columns, cells, kinds, strict=True):
            try:
                if cell is not None:
                    found[column] = _DECODERS[kind](cell)
            except _Bad as exc:
                report(column, exc.what)
        if f.key in found:  # a plain text, the same in both languages
            entry[f.key] = found[f.key]
        elif found:
            entry[f.key] = {re.split(r"::|\.", c, maxsplit=1)[1]: v for c, v in found.items()}

    def place(self, problem: TemplateProblem) -> SheetProblem | None:
        """A problem the check of the data found, placed on the row (and column) it is about;
        None when the sheet's own problems said it already (a cell that could not be read
        leaves its field out, and the check would only repeat that)."""
        at, what = problem.at, problem.what
        where = at.key if isinstance(at, Msg) else ""
        sheet = _SHEET_OF_PLACE.get(where, "")
        name = str(at.fields.get("id", "")) if isinstance(at, Msg) else ""
        key = _field_of(sheet, what)
        place: Where = at
        if sheet == SETTINGS:
            sheet, name, key, place = self.setting_place(where, what, key, at)
        if not sheet:
            return SheetProblem(None, "", "", what, at)
        rows = self.rows.get(sheet)
        if rows is None or rows.unusable:
            return None  # no such sheet, or no column for its ids: said already
        numbers = rows.by_id.get(name, []) if name else []
        column = ("value" if numbers else "") if sheet == SETTINGS else rows.column_of(key)
        if not numbers:
            if rows.reported and name in ("", "?") and sheet != SETTINGS:
                return None  # about a row without an id, which was reported
            return SheetProblem(rows.label, "", column, what, place)
        if len(numbers) > 1:
            return None  # an id on two rows was reported: which row is meant is not known
        if any((n, key) in rows.bad for n in numbers):
            return None
        return SheetProblem(rows.label, ", ".join(map(str, numbers)), column, what, place)

    def setting_place(
        self, where: str, what: Where, key: str, at: Where
    ) -> tuple[str, str, str, Where]:
        """A template-wide problem's sheet, row name, field and place: a setting's row, or
        another sheet (``'sections' is missing``, ``weights``)."""
        level = _TEMPLATE_LEVEL.get(what.key) if isinstance(what, Msg) else None
        if key in _LIST_SHEETS:
            return key, "", "", at
        if level is not None:
            return level[0], "", level[1], ""
        table = _SETTING_TABLES.get(where)
        if table is not None:  # schedule.every, reaudit.band …
            settings = self.rows.get(SETTINGS)
            found = settings is not None and f"{table}.{key}" in settings.by_id
            return SETTINGS, f"{table}.{key}" if found else table, table, at
        return SETTINGS, key, key, ""


_SHEET_OF_PLACE = {
    "tpl.where.template": SETTINGS,
    "tpl.where.schedule": SETTINGS,
    "tpl.where.reaudit": SETTINGS,
    "tpl.where.section": "sections",
    "tpl.where.item": "items",
    "tpl.where.header": "header",
    "tpl.where.band": "bands",
}
_LIST_SHEETS = ("sections", "header", "bands")
_SETTING_TABLES = {"tpl.where.schedule": "schedule", "tpl.where.reaudit": "reaudit"}
# Template-wide problems that are about one sheet's column.
_TEMPLATE_LEVEL = {
    "tpl.err.weights": ("sections", "weight"),
    "tpl.err.bands_order": ("bands", "min"),
    "tpl.err.no_items": ("items", ""),
    "tpl.err.kind_twice": ("header", "role"),
}
# Problems that name no field, by the field they are about.
_FIELD_OF_PROBLEM = {
    "tpl.err.range": "max",
    "tpl.err.labels": "labels",
    "tpl.err.critical_threshold": "critical_threshold",
    "tpl.err.not_above": "not_above",
    "tpl.err.critical_no_fail": "options",
    "tpl.err.option_key": "options",
    "tpl.err.too_many_options": "options",
    "tpl.err.show_if_target": "show_if",
    "tpl.err.show_if_in": "show_if",
    "tpl.err.show_if_cycle": "show_if",
    "tpl.err.show_if_later": "show_if",
    "tpl.err.show_if_unknown": "show_if",
    "tpl.err.show_if_value": "show_if",
    "tpl.err.kind_field": "role",
    "tpl.err.after": "after",
    "tpl.err.id_chars": "id",
}
# A field a check names that lives inside another column (an option's score → options).
_INNER_FIELDS = {
    "items": {"score": "options", "key": "options", "fail": "options", "in": "show_if",
              "item": "show_if", "store": "show_if"},
    "header": {"key": "choices"},
}  # fmt: skip


def _field_of(sheet: str, what: Where) -> str:
    """The field (so the column) a problem of the check is about, "" if none."""
    if not isinstance(what, Msg):
        return ""
    if what.key == "tpl.err.duplicate":
        kind = what.fields.get("what")
        inner = {"tpl.what.option": "options", "tpl.what.choice": "choices"}
        return inner.get(kind.key, "id") if isinstance(kind, Msg) else "id"
    name = what.fields.get("field")
    if name is None:
        return _FIELD_OF_PROBLEM.get(what.key, "")
    key = str(name).split(".")[0]
    if key == "items" and sheet == "sections":
        return ""  # a section without items: its row
    return _INNER_FIELDS.get(sheet, {}).get(key, key)


# --- cell decoders -------------------------------------------------------------------------


def _shown(cell: Cell) -> str:
    text = str(cell)
    return text if len(text) <= 40 else text[:37] + "..."


def _word(cell: Cell) -> str | int:
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, int) and not isinstance(cell, bool):
        return cell
    raise _Bad(Msg("sheet.err.text", value=_shown(cell)))


def _text(cell: Cell) -> str:
    if isinstance(cell, str):
        return cell
    if isinstance(cell, int) and not isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, float):
        return _number_text(cell)
    raise _Bad(Msg("sheet.err.text", value=_shown(cell)))


def _number(cell: Cell) -> int | float:
    if isinstance(cell, bool):
        raise _Bad(Msg("sheet.err.number", value=_shown(cell)))
    if isinstance(cell, int | float):
        return cell
    found = _parse_number(str(cell))
    if found is None:
        raise _Bad(Msg("sheet.err.number", value=_shown(cell)))
    return found


def _parse_number(text: str) -> int | float | None:
    """``"3"`` → 3, ``"2.5"`` / ``"1.0"`` → a float, anything else → None."""
    text = text.strip()
    if _INT.fullmatch(text):
        return int(text)
    if not text or "_" in text:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _boolean(cell: Cell) -> bool:
    if isinstance(cell, bool):
        return cell
    text = str(cell).strip().lower() if isinstance(cell, str | int) else ""
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _Bad(Msg("sheet.err.bool", value=_shown(cell)))


def _lines(cell: Cell) -> list[tuple[int, str]]:
    """The non-blank lines of a cell, numbered from 1."""
    text = _text(cell)
    return [(n, line) for n, line in enumerate(re.split(r"\r\n|\r|\n", text), 1) if line.strip()]


def _parts(line: str) -> list[str]:
    """A line split at its colons: ``\\:`` is a colon inside a part, ``\\\\`` a backslash,
    ``\\n`` a line break; any other backslash is itself."""
    parts: list[str] = []
    current: list[str] = []
    chars = iter(line)
    for char in chars:
        if char == "\\":
            escaped = next(chars, "")
            current.append("\n" if escaped == "n" else
                           escaped if escaped in ("\\", ":") else char + escaped)  # fmt: skip
        elif char == ":":
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _lang(en: str, zh: str) -> dict[str, str]:
    text = {"en": en.strip(), "zh": zh.strip()}
    return {lang: value for lang, value in text.items() if value}


def _options(cell: Cell) -> list[dict[str, Any]]:
    options: list[dict[str, Any]] = []
    for n, line in _lines(cell):
        parts = _parts(line)
        fail = len(parts) >= 4 and parts[-1].strip().lower() == "fail"
        if fail:
            parts.pop()
        if len(parts) not in (3, 4) or not parts[0].strip():
            raise _Bad(Msg("sheet.err.option", line=n, text=_shown(line)))
        option: dict[str, Any] = {"key": parts[0].strip()}
        text: str | dict[str, str] = (
            _lang(parts[1], parts[2]) if len(parts) == 4 else parts[1].strip()
        )
        if text:
            option["text"] = text
        score = parts[-1].strip()
        if score:
            number = _parse_number(score)
            if number is None:
                raise _Bad(Msg("sheet.err.option_score", line=n, value=_shown(score)))
            option["score"] = number
        if fail:
            option["fail"] = True
        options.append(option)
    return options


def _labels(cell: Cell) -> list[str | dict[str, str]]:
    labels: list[str | dict[str, str]] = []
    for n, line in _lines(cell):
        parts = _parts(line)
        if len(parts) > 2:
            raise _Bad(Msg("sheet.err.label", line=n, text=_shown(line)))
        labels.append(_lang(parts[0], parts[1]) if len(parts) == 2 else parts[0].strip())
    return labels


def _choices(cell: Cell) -> list[dict[str, Any]]:
    choices: list[dict[str, Any]] = []
    for n, line in _lines(cell):
        parts = _parts(line)
        if len(parts) not in (2, 3) or not parts[0].strip():
            raise _Bad(Msg("sheet.err.choice", line=n, text=_shown(line)))
        text = _lang(parts[1], parts[2]) if len(parts) == 3 else parts[1].strip()
        choices.append({"key": parts[0].strip(), "text": text} if text else
                       {"key": parts[0].strip()})  # fmt: skip
    return choices


def _show_if(cell: Cell) -> dict[str, Any]:
    text = _text(cell)
    found = _SHOW_IF.fullmatch(text)
    values = _condition_values(found.group(3)) if found else None
    if found is None or not values:
        raise _Bad(Msg("sheet.err.show_if", text=_shown(text)))
    return {found.group(1).lower(): found.group(2), "in": values}


def _condition_values(text: str) -> list[str | int] | None:
    """``y, n`` → ["y", "n"]; ``4,5`` → [4, 5]; ``"4"`` → ["4"]: a quoted value is a text."""
    values: list[str | int] = []
    tokens, current, quoted = [], "", False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == "," and not quoted:
            tokens.append(current)
            current = ""
        else:
            current += char
    tokens.append(current)
    for token in tokens:
        token = token.strip()
        if not token:
            return None
        if len(token) >= 2 and token[0] == token[-1] == '"':
            values.append(token[1:-1])
        elif _INT.fullmatch(token):
            values.append(int(token))
        elif '"' in token:
            return None
        else:
            values.append(token)
    return values


def _on_fail(cell: Cell) -> dict[str, bool]:
    text = _text(cell)
    words = [w for w in re.split(r"[,\s]+", text) if w]
    if not words or not all(_FOLLOW_UP.fullmatch(w) for w in words):
        raise _Bad(Msg("sheet.err.on_fail", text=_shown(text)))
    return {word.lower(): True for word in words}


_DECODERS: Final[dict[str, Any]] = {
    WORD: _word, TEXT: _text, NUMBER: _number, BOOL: _boolean, OPTIONS: _options,
    LABELS: _labels, CHOICES: _choices, SHOW_IF: _show_if, ON_FAIL: _on_fail,
}  # fmt: skip


# --- writing: data → tables ------------------------------------------------------------------


def _number_text(value: int | float) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(":", "\\:").replace("\n", "\\n")


def _text_of(value: object) -> str:
    if not isinstance(value, str):
        raise _Unheld
    return _escape(value)


def _lang_parts(value: object) -> list[str]:
    """A text as a line's parts: one for a plain text, two (en, zh) for a bilingual one."""
    if isinstance(value, str):
        return [_escape(value)]
    if isinstance(value, Mapping) and set(value) <= {"en", "zh"}:
        return [_text_of(value.get("en", "")), _text_of(value.get("zh", ""))]
    raise _Unheld


def _option_line(option: object) -> str:
    if not isinstance(option, Mapping) or not set(option) <= {"key", "text", "score", "fail"}:
        raise _Unheld
    parts = [_text_of(str(option.get("key", "")))]
    text = option.get("text")
    parts += _lang_parts(text) if text is not None else ["", ""]
    score = option.get("score")
    if score is not None and (isinstance(score, bool) or not isinstance(score, int | float)):
        raise _Unheld
    parts.append("" if score is None else _number_text(score))
    if "fail" in option and option["fail"] is not True:
        raise _Unheld
    return ":".join(parts) + (":fail" if option.get("fail") else "")


def _choice_line(choice: object) -> str:
    if not isinstance(choice, Mapping) or not set(choice) <= {"key", "text"}:
        raise _Unheld
    text = choice.get("text")
    return ":".join([_text_of(str(choice.get("key", ""))),
                     *(_lang_parts(text) if text is not None else [""])])  # fmt: skip


def _condition_text(value: object) -> str:
    if not isinstance(value, Mapping) or len(value) != 2 or "in" not in value:
        raise _Unheld
    [kind] = [k for k in value if k != "in"]
    name, values = value[kind], value["in"]
    if not isinstance(name, str) or not name or not isinstance(values, list) or not values:
        raise _Unheld
    shown = []
    for entry in values:
        if isinstance(entry, int) and not isinstance(entry, bool):
            shown.append(str(entry))
        elif isinstance(entry, str) and '"' not in entry:
            plain = entry.strip() == entry and entry and "," not in entry
            shown.append(entry if plain and not _INT.fullmatch(entry) else f'"{entry}"')
        else:
            raise _Unheld
    return f"{kind} {name} in {', '.join(shown)}"


def _follow_ups(value: object) -> str:
    if not isinstance(value, Mapping) or not value or not all(v is True for v in value.values()):
        raise _Unheld
    return ", ".join(str(key) for key in value)


def _list_of(line: Any) -> Any:
    def encode(value: object) -> str:
        if not isinstance(value, list) or not value:
            raise _Unheld
        return "\n".join(line(entry) for entry in value)

    return encode


def _label_line(label: object) -> str:
    return ":".join(_lang_parts(label))


def _scalar(value: object) -> Cell:
    if value is None or not isinstance(value, str | int | float | bool):
        raise _Unheld
    return value


_ENCODERS: Final[dict[str, Any]] = {
    WORD: _scalar, TEXT: _scalar, NUMBER: _scalar, BOOL: _scalar,
    OPTIONS: _list_of(_option_line), LABELS: _list_of(_label_line),
    CHOICES: _list_of(_choice_line), SHOW_IF: _condition_text, ON_FAIL: _follow_ups,
}  # fmt: skip


class _Writer:
    """Turns template data into tables, naming what none can hold."""

    def __init__(self) -> None:
        self.problems: list[SheetProblem] = []

    def lost(self, place: Where, name: str) -> None:
        self.problems.append(SheetProblem(None, "", "", Msg("sheet.err.cannot_hold", field=name),
                                          place))  # fmt: skip

    def cells(self, entry: object, fields: Sequence[Field], place: Where) -> dict[str, Cell]:
        if not isinstance(entry, Mapping):
            self.lost(place, "")
            return {}
        cells: dict[str, Cell] = {}
        known = {f.key for f in fields}
        for key in entry:
            if key not in known:
                self.lost(place, str(key))
        for f in fields:
            if f.key not in entry:
                continue
            value = entry[f.key]
            try:
                if f.kind == LANG:
                    if isinstance(value, str):
                        cells[f.key] = value
                    elif isinstance(value, Mapping) and set(value) <= {"en", "zh"}:
                        for lang in ("en", "zh"):
                            if lang in value:
                                cells[f"{f.key}::{lang}"] = _scalar(value[lang])
                    else:
                        raise _Unheld
                elif f.kind == TABLE:
                    parts = {part.key: part for part in f.parts}
                    if not isinstance(value, Mapping) or not value or not set(value) <= set(parts):
                        raise _Unheld
                    for key, part in parts.items():
                        if key in value:
                            cells[f"{f.key}.{key}"] = _ENCODERS[part.kind](value[key])
                else:
                    cells[f.key] = _ENCODERS[f.kind](value)
            except _Unheld:
                self.lost(place, f.key)
        return cells

    def tables(self, data: Mapping[str, Any]) -> dict[str, list[list[Cell]]]:
        template = Msg("tpl.where.template")
        own = {k: v for k, v in data.items() if k not in _LIST_SHEETS}
        settings = self.cells(own, SETTING_FIELDS, template)
        tables: dict[str, list[list[Cell]]] = {}
        sections, items = [], []
        for section in _entries(data.get("sections"), self, template, "sections"):
            where = Msg("tpl.where.section", id=section.get("id", "?"))
            sections.append(self.cells({k: v for k, v in section.items() if k != "items"},
                                       SECTION_FIELDS, where))  # fmt: skip
            for item in _entries(section.get("items"), self, where, "items"):
                place = Msg("tpl.where.item", id=item.get("id", "?"))
                items.append({SECTION_COLUMN: section.get("id"), **self.cells(item, ITEM_FIELDS,
                                                                              place)})  # fmt: skip
        tables["items"] = _rows([SECTION_COLUMN], ITEM_FIELDS, items)
        tables["sections"] = _rows([], SECTION_FIELDS, sections)
        tables[SETTINGS] = [["key", "value"], *([k, v] for k, v in settings.items())]
        for name in ("header", "bands"):
            if name in data:
                fields, key = ROW_SHEETS[name]
                found = [
                    self.cells(entry, fields, Msg(_PLACES[name][0], id=entry.get(key, "?")))
                    for entry in _entries(data.get(name), self, template, name)
                ]
                tables[name] = _rows([], fields, found)
        return tables


def _entries(value: object, writer: _Writer, place: Where, name: str) -> list[Mapping[str, Any]]:
    if not isinstance(value, list) or not value or not all(isinstance(e, Mapping) for e in value):
        writer.lost(place, name)
        return []
    return value


def _rows(
    lead: list[str], fields: Sequence[Field], found: list[dict[str, Cell]]
) -> list[list[Cell]]:
    """A sheet's rows: the columns some entry uses (and always the lead and the first field),
    in the fields' order."""
    used = {column for cells in found for column in cells}
    columns = [*lead, fields[0].key]
    columns += [c for f in fields[1:] for c in f.columns if c in used]
    return [list(columns), *([cells.get(c) for c in columns] for cells in found)]


# --- writing: tables → bytes ------------------------------------------------------------------


def _exact_number(value: int | float) -> bool:
    """Whether a spreadsheet number cell gives ``value`` back as it is (xlsxwriter writes 16
    significant digits; openpyxl reads a whole number back as an int)."""
    if isinstance(value, int):
        return abs(value) < 10**15
    return not value.is_integer() and float(f"{value:.16G}") == value


def _width(text: str) -> int:
    return max((sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
                for line in text.split("\n")), default=0)  # fmt: skip


def _xlsx_bytes(tables: Mapping[str, list[list[Cell]]]) -> bytes:
    import xlsxwriter

    from storeops.templates import ITEM_TYPES

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, _XLSX_OPTIONS)
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    top = book.add_format({"valign": "top"})
    for name in SHEET_ORDER:
        if name not in tables:
            continue
        header, *body = tables[name]
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, header, head)
        widths = [len(str(c)) for c in header]
        for r, row in enumerate(body, start=1):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, bool):
                    sheet.write_boolean(r, c, value, top)
                elif isinstance(value, int | float) and _exact_number(value):
                    sheet.write_number(r, c, value, top)
                else:
                    text = _number_text(value) if isinstance(value, int | float) else value
                    sheet.write_string(r, c, text, wrap if "\n" in text else top)
                    widths[c] = max(widths[c], min(_width(text), 60))
        for c, width in enumerate(widths):
            sheet.set_column(c, c, max(width + 2, 8))
        sheet.freeze_panes(1, 0)
        if name == "items" and "type" in header and body:
            column = header.index("type")
            sheet.data_validation(1, column, len(body) + 200, column,
                                  {"validate": "list", "source": list(ITEM_TYPES)})  # fmt: skip
    book.close()
    return buffer.getvalue()


def _escape_csv(text: str) -> str:
    """A text cell Excel could run as a formula gets a leading ``'`` (so does one that
    begins with ``'`` before such text, so that reading it back takes one off)."""
    from storeops.exporting import safe_cell

    risky = safe_cell(text) != text or (text.startswith("'") and safe_cell(text[1:]) != text[1:])
    return "'" + text if risky else text


def _unescape_csv(text: str) -> str:
    if text.startswith("'"):
        from storeops.exporting import safe_cell

        if safe_cell(text[1:]) != text[1:]:
            return text[1:]
    return text


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _number_text(value)
    return _escape_csv(value)


def _csv_bytes(tables: Mapping[str, list[list[Cell]]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for key, value in tables[SETTINGS][1:]:
        writer.writerow([SETTING_TAG, key, _csv_cell(value)])
    header, *sections = tables["sections"]
    writer.writerow([SECTIONS_TAG, *header])
    for row in sections:
        writer.writerow([SECTION_TAG, *(_csv_cell(c) for c in row)])
    for row in tables["items"]:
        writer.writerow([_csv_cell(c) for c in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
