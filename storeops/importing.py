"""Importing completed forms from a file (a shopper's visits sent by head office).

CSV (one row per visit; Excel's UTF-8 or GBK) or JSON (a list of objects). Columns
are the template's header field ids, its item ids and optionally ``finished_at``.
Every row is checked against the template first; a file with any problem imports
nothing, and each problem names its row and column. Rows already imported (same
content) are skipped, so sending a file twice does not count visits twice.

An import is bounded, so that no file can make storeops hang or run out of memory: only a
regular file is read (a folder, FIFO, device or socket is refused before it is opened), of
at most 20 MB, 10,000 rows and 1,000 columns, and JSON nested at most 20 levels deep (JSON is
checked for these before it is parsed). A 10,000-row import (the most one file may hold) takes
10 to 15 s and about 600 MB on a 2-core machine, most of it in filing the runs; a file past a
limit is refused with a message that names the limit, and a CSV is refused at row 10,001
without reading the rest.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from storeops.answers import relation_problems
from storeops.file_kinds import megabytes
from storeops.follow_ups import missing_follow_ups
from storeops.header_values import check_header, is_own
from storeops.i18n import t
from storeops.run_record import STORE_ATTRIBUTE
from storeops.runs import Run, RunBook, RunError, parse_answer_text, review_entry
from storeops.scoring import Answer, hidden_items, score_run
from storeops.storage import SourceFile, read_sources
from storeops.templates import Template
from storeops.text_clean import clean_text

FINISHED_AT = "finished_at"
NOTE_SUFFIX = "_note"  # ``ITEM_note``: the note on an item
MAX_IMPORT_BYTES = 20_000_000
MAX_IMPORT_ROWS = 10_000
MAX_IMPORT_COLUMNS = 1_000
MAX_JSON_DEPTH = 20
MAX_PROBLEMS = 200  # listed before the check stops: a bad column would repeat on every row
_MAX_CONTAINERS = 2 * MAX_IMPORT_ROWS + 10  # objects and lists a JSON file may hold
_PIECE = 1 << 20
# A JSON string (closed or not: possessive, so an unclosed one costs one pass, not n²), or a
# bracket or comma outside strings, captured.
_JSON_STRUCTURE = re.compile(r'"(?:[^"\\]++|\\.)*+"?|([\[\]{},])')


@dataclass(frozen=True)
class ImportProblem:
    row: int  # CSV: the spreadsheet row (header = 1); JSON: the entry, from 1; 0 = the file
    column: str
    message: str

    def __str__(self) -> str:
        if self.row == 0:
            return (
                t("import.problem.file", column=self.column, message=self.message)
                if (self.column)
                else self.message
            )
        return t("import.problem", row=self.row, column=self.column or "—", message=self.message)


@dataclass
class ImportResult:
    runs: list[Run] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    duplicates: int = 0


def read_import(path: Path) -> SourceFile:
    """The file ``path`` to import: a regular file of at most :data:`MAX_IMPORT_BYTES` (a
    folder, FIFO, device or socket, or a larger file, gives a source whose ``error`` says
    so; nothing that could block is opened, and nothing larger is read)."""
    [source] = read_sources([path], suffix="", max_bytes=MAX_IMPORT_BYTES, folders=False)
    return source


def _encoding(data: bytes) -> str | None:
    """The file's text encoding, checked in 1 MB pieces (no copy of the whole text)."""
    view = memoryview(data)
    for encoding in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows saves CSV as GBK
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for start in range(0, len(view), _PIECE):
                decoder.decode(view[start : start + _PIECE])
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    return None


def _file_problem(key: str, **fields: object) -> tuple[list[Any], list[ImportProblem]]:
    return [], [ImportProblem(0, "", t(key, **fields))]


def read_rows(source: SourceFile) -> tuple[list[tuple[int, dict[str, Any]]], list[ImportProblem]]:
    """``(row number, values)`` pairs from a CSV or JSON file, or the file's problems.

    Bounded: at most :data:`MAX_IMPORT_BYTES`, :data:`MAX_IMPORT_ROWS` rows and
    :data:`MAX_IMPORT_COLUMNS` columns; JSON at most :data:`MAX_JSON_DEPTH` levels deep. A
    CSV is read row by row and refused as soon as it passes the row limit.
    """
    if source.error is not None:
        return _file_problem("import.err.read", error=source.error)
    if len(source.data) > MAX_IMPORT_BYTES:
        too_large = t("file.too_large", size=megabytes(len(source.data)),
                      limit=megabytes(MAX_IMPORT_BYTES))  # fmt: skip
        return _file_problem("import.err.read", error=too_large)
    encoding = _encoding(source.data)
    if encoding is None:
        return _file_problem("import.err.encoding")
    start = source.data[:64].decode(encoding, "ignore").lstrip("\ufeff \t\r\n")
    if source.path.lower().endswith(".json") or start[:1] in ("[", "{"):
        return _json_rows(source.data.decode(encoding))
    return _csv_rows(io.TextIOWrapper(io.BytesIO(source.data), encoding, newline=""))


def _json_shape(text: str) -> str | None:
    """Why ``text`` is refused before it is parsed, if it is, so that parsing it stays small:
    nested more than :data:`MAX_JSON_DEPTH` levels (Python's parser would recurse until it
    fails), more objects and lists than rows can fill, a list longer than the row limit or an
    object with more keys than the column limit. Strings are skipped, brackets in them too."""
    kinds: list[str] = []  # the open objects and lists, innermost last
    commas: list[int] = []  # how many entries each has so far, less one
    containers = 0
    for token in _JSON_STRUCTURE.finditer(text):
        char = token.group(1)
        if char is None:
            continue  # a string
        if char == ",":
            if commas:
                commas[-1] += 1
                if kinds[-1] == "{" and commas[-1] >= MAX_IMPORT_COLUMNS:
                    return t("import.err.too_many_columns", limit=MAX_IMPORT_COLUMNS)
                if kinds[-1] == "[" and commas[-1] >= MAX_IMPORT_ROWS:
                    return t("import.err.too_many_rows", limit=MAX_IMPORT_ROWS)
        elif char in "[{":
            kinds.append(char)
            commas.append(0)
            containers += 1
            if len(kinds) > MAX_JSON_DEPTH:
                return t("import.err.too_deep", limit=MAX_JSON_DEPTH)
            if containers > _MAX_CONTAINERS:
                return t("import.err.too_many_values", limit=_MAX_CONTAINERS)
        elif kinds:
            kinds.pop()
            commas.pop()
    return None


def _json_rows(text: str) -> tuple[list[tuple[int, dict[str, Any]]], list[ImportProblem]]:
    refused = _json_shape(text)
    if refused is not None:
        return [], [ImportProblem(0, "", refused)]
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except _DuplicateKey as exc:
        return [], [ImportProblem(0, exc.key, t("import.err.duplicate_key"))]
    except RecursionError:  # the check above stops this first; never a traceback either way
        return _file_problem("import.err.too_deep", limit=MAX_JSON_DEPTH)
    except ValueError as exc:
        return _file_problem("import.err.json", error=exc)
    del text
    if isinstance(data, dict):
        data = data.get("visits", data.get("rows"))
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        return _file_problem("import.err.json_shape")
    if len(data) > MAX_IMPORT_ROWS:
        return _file_problem("import.err.too_many_rows", limit=MAX_IMPORT_ROWS)
    for n, row in enumerate(data, start=1):
        if len(row) > MAX_IMPORT_COLUMNS:
            return [], [ImportProblem(n, "", t("import.err.too_many_columns",
                                               limit=MAX_IMPORT_COLUMNS))]  # fmt: skip
    return [(n, row) for n, row in enumerate(data, start=1)], []


def _csv_rows(
    stream: io.TextIOWrapper,
) -> tuple[list[tuple[int, dict[str, Any]]], list[ImportProblem]]:
    reader = csv.DictReader(stream)
    rows: list[tuple[int, dict[str, Any]]] = []
    try:
        names = [name.strip() for name in reader.fieldnames or []]
        if len(names) > MAX_IMPORT_COLUMNS:
            return [], [ImportProblem(1, "", t("import.err.too_many_columns",
                                               limit=MAX_IMPORT_COLUMNS))]  # fmt: skip
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:  # DictReader would keep the last one's value without a word
            return [], [ImportProblem(1, name, t("import.err.duplicate_column")) for name in twice]
        for n, row in enumerate(reader, start=2):
            if n - 1 > MAX_IMPORT_ROWS:  # stop here: the rest of the file is never read
                return _file_problem("import.err.too_many_rows", limit=MAX_IMPORT_ROWS)
            if None in row:
                return [], [ImportProblem(n, "", t("import.err.extra_cells"))]
            if any((value or "").strip() for value in row.values()):
                rows.append((n, {k.strip(): v for k, v in row.items() if k is not None}))
    except csv.Error as exc:
        return [], [ImportProblem(reader.line_num, "", t("import.err.csv", error=exc))]
    return rows, []


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key given twice (json keeps the last one silently)."""
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _DuplicateKey(key)
        found[key] = value
    return found


def _text(value: Any) -> str:
    """A cell as text, without control characters (a NUL or BEL in a name is removed;
    tab and line breaks, which a note may hold, stay: see :mod:`storeops.text_clean`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "y" if value else "n"
    from storeops.text_clean import clean_text

    return clean_text(str(value)).strip()


def _finished_at(value: str, default: datetime) -> datetime:
    if not value:
        return default
    moment = (
        datetime.fromisoformat(value)
        if "T" in value or " " in value
        else (datetime.combine(date.fromisoformat(value), default.timetz()))
    )
    # A time without a zone is the store's local time (the clock's zone, as ``default``).
    return moment if moment.tzinfo else moment.replace(tzinfo=default.tzinfo)


def row_key(template: Template, values: Mapping[str, Any]) -> str:
    """The content of a row, so the same visit imported twice is recognised."""
    canonical = json.dumps(
        {k: _text(v) for k, v in sorted(values.items())}, ensure_ascii=False, sort_keys=True
    )
    return hashlib.sha256(f"{template.id}\n{canonical}".encode()).hexdigest()[:20]


def build_runs(
    template: Template,
    rows: list[tuple[int, dict[str, Any]]],
    *,
    store_code: str,
    known_keys: set[str],
    now: datetime,
    attributes: Mapping[str, str] | None = None,
) -> ImportResult:
    """Check every row and make the finished runs; nothing is saved here. ``attributes``:
    the store's, for items shown by a store attribute (recorded on each run)."""
    result = ImportResult()
    moment = now
    header_ids = {f.id for f in template.header}
    item_ids = {i.id for i in template.items}
    note_columns = {i.id + NOTE_SUFFIX: i.id for i in template.items}
    known_columns = header_ids | item_ids | set(note_columns) | {FINISHED_AT}
    attributes = {n: (attributes or {}).get(n, "") for n in template.store_attributes}
    recorded = {STORE_ATTRIBUTE + name: value for name, value in attributes.items()}
    for number, values in rows:
        problems: list[ImportProblem] = []
        for column in values:
            if column not in known_columns:
                problems.append(ImportProblem(number, column, t("import.err.column")))
        for column, value in values.items():
            if isinstance(value, list | dict):
                problems.append(ImportProblem(number, column, t("import.err.not_a_value")))
        given = {f.id: _text(values.get(f.id)) for f in template.header}
        header, bad = check_header(template, given, moment.date())
        problems.extend(ImportProblem(number, column, message) for column, message in bad)
        for f in template.header:
            if f.required and not given[f.id]:
                problems.append(ImportProblem(number, f.id, t("import.err.required")))
        answers: dict[str, Answer] = {}
        given_raw: dict[str, str] = {}
        for item in template.items:
            raw = _text(values.get(item.id))
            if not raw or raw.casefold() == "hidden":
                continue
            given_raw[item.id] = raw
            try:
                answers[item.id] = parse_answer_text(item, raw)
            except RunError as exc:
                problems.append(ImportProblem(number, item.id, str(exc)))
        # Conditions name earlier items only: settled once over every answer given.
        hidden = hidden_items(template, answers, attributes)
        for item in template.items:
            if item.id in hidden:
                if item.id in given_raw:
                    problems.append(ImportProblem(number, item.id, t("import.err.hidden")))
                answers.pop(item.id, None)
            elif item.required and item.id not in given_raw:
                problems.append(ImportProblem(number, item.id, t("import.err.required")))
        notes = {
            item_id: clean_text(_text(values.get(column))).strip()
            for column, item_id in note_columns.items()
            if _text(values.get(column))
        }
        if any(item.on_fail for item in template.items):
            scored = score_run(template, answers, attributes)
            own = is_own(template, header)  # a competitor's visit raises no action
            for missing in missing_follow_ups(template, scored, notes, (), actions=own):
                column = missing.item_id + (NOTE_SUFFIX if missing.what == "note" else "")
                key = f"import.err.follow_up_{missing.what}"
                problems.append(ImportProblem(number, column, t(key, item=missing.item_id)))
        problems.extend(
            ImportProblem(number, item_id, message)
            for item_id, message in relation_problems(template, answers)
        )
        try:
            finished = _finished_at(_text(values.get(FINISHED_AT)), moment)
        except ValueError:
            problems.append(ImportProblem(number, FINISHED_AT, t("import.err.date")))
            finished = moment
        if finished > moment:
            message = t("import.err.future", now=moment.isoformat())
            problems.append(ImportProblem(number, FINISHED_AT, message))
        if problems:
            result.problems.extend(problems)
            if len(result.problems) >= MAX_PROBLEMS:  # enough to fix first; stop checking
                del result.problems[MAX_PROBLEMS:]
                more = t("import.err.more_problems", limit=MAX_PROBLEMS)
                result.problems.append(ImportProblem(0, "", more))
                break
            continue
        key = row_key(template, values)
        if key in known_keys:
            result.duplicates += 1
            continue
        known_keys.add(key)
        run = _run(template, header, answers, store_code=store_code, finished=finished, key=key)
        run.header.update(recorded)
        run.notes = {k: v for k, v in notes.items() if k not in hidden}
        result.runs.append(run)
    return result


def _run(
    template: Template,
    header: dict[str, str],
    answers: Mapping[str, Any],
    *,
    store_code: str,
    finished: datetime,
    key: str,
) -> Run:
    stamp = finished.replace(microsecond=0).isoformat()
    run = Run.new(template, store_code, stamp)
    run.header = {k: v for k, v in header.items() if v}
    run.answers = {
        item_id: ({"at": stamp, "na": True} if a.na else {"at": stamp, "value": a.value})
        for item_id, a in answers.items()
    }
    run.status, run.finished_at, run.import_key = "finished", stamp, key
    run.auditor = run.role_value(template, "auditor")
    run.subject = run.role_value(template, "subject")
    run.signed_off_by = run.auditor
    if template.review:
        run.review = review_entry(None, "submitted", run.auditor, "", stamp)
    return run


def import_runs(
    book: RunBook,
    template: Template,
    source: SourceFile,
    *,
    store_code: str,
    attributes: Mapping[str, str] | None = None,
) -> ImportResult:
    """Check the whole file, then save every run; a file with problems saves nothing."""
    rows, problems = read_rows(source)
    if problems:
        return ImportResult(problems=problems)
    if not rows:
        return ImportResult(problems=[ImportProblem(0, "", t("import.err.empty"))])
    known = {run.import_key for run in book.finished(template_id=template.id) if run.import_key}
    result = build_runs(
        template,
        rows,
        store_code=store_code,
        known_keys=known,
        now=book.store.clock.now(),
        attributes=attributes,
    )
    del rows  # the runs hold what is needed; free the rows before filing them
    if result.problems:
        result.runs = []
        return result
    book.store.archive_template(template.hash, template.data)
    book.file_runs(result.runs)
    return result
