"""Importing completed forms from a file (a shopper's visits sent by head office).

CSV (one row per visit; Excel's UTF-8 or GBK) or JSON (a list of objects). Columns
are the template's header field ids, its item ids and optionally ``finished_at``.
Every row is checked against the template first; a file with any problem imports
nothing, and each problem names its row and column. Rows already imported (same
content) are skipped, so sending a file twice does not count visits twice.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from storeops.answers import relation_problems
from storeops.header_values import check_header
from storeops.i18n import t
from storeops.runs import Run, RunBook, RunError, parse_answer_text, review_entry
from storeops.storage import SourceFile
from storeops.templates import Template

FINISHED_AT = "finished_at"


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


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows saves CSV as GBK
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError("utf-8", data, 0, 1, "neither UTF-8 nor GBK")


def read_rows(source: SourceFile) -> tuple[list[tuple[int, dict[str, Any]]], list[ImportProblem]]:
    """``(row number, values)`` pairs from a CSV or JSON file, or the file's problems."""
    if source.error is not None:
        return [], [ImportProblem(0, "", t("import.err.read", error=source.error))]
    try:
        text = _decode(source.data)
    except UnicodeDecodeError:
        return [], [ImportProblem(0, "", t("import.err.encoding"))]
    if source.path.lower().endswith(".json") or text.lstrip()[:1] in ("[", "{"):
        try:
            data = json.loads(text, object_pairs_hook=_no_duplicate_keys)
        except _DuplicateKey as exc:
            return [], [ImportProblem(0, exc.key, t("import.err.duplicate_key"))]
        except ValueError as exc:
            return [], [ImportProblem(0, "", t("import.err.json", error=exc))]
        if isinstance(data, dict):
            data = data.get("visits", data.get("rows"))
        if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
            return [], [ImportProblem(0, "", t("import.err.json_shape"))]
        return [(n, row) for n, row in enumerate(data, start=1)], []
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows: list[tuple[int, dict[str, Any]]] = []
    try:
        names = [name.strip() for name in reader.fieldnames or []]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:  # DictReader would keep the last one's value without a word
            return [], [ImportProblem(1, name, t("import.err.duplicate_column")) for name in twice]
        for n, row in enumerate(reader, start=2):
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
    if value is None:
        return ""
    if isinstance(value, bool):
        return "y" if value else "n"
    return str(value).strip()


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
) -> ImportResult:
    """Check every row and make the finished runs; nothing is saved here."""
    result = ImportResult()
    moment = now
    header_ids = {f.id for f in template.header}
    item_ids = {i.id for i in template.items}
    known_columns = header_ids | item_ids | {FINISHED_AT}
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
        answers = {}
        for item in template.items:
            raw = _text(values.get(item.id))
            if not raw:
                if item.required:
                    problems.append(ImportProblem(number, item.id, t("import.err.required")))
                continue
            try:
                answers[item.id] = parse_answer_text(item, raw)
            except RunError as exc:
                problems.append(ImportProblem(number, item.id, str(exc)))
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
            continue
        key = row_key(template, values)
        if key in known_keys:
            result.duplicates += 1
            continue
        known_keys.add(key)
        result.runs.append(
            _run(template, header, answers, store_code=store_code, finished=finished, key=key)
        )
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
    book: RunBook, template: Template, source: SourceFile, *, store_code: str
) -> ImportResult:
    """Check the whole file, then save every run; a file with problems saves nothing."""
    rows, problems = read_rows(source)
    if problems:
        return ImportResult(problems=problems)
    if not rows:
        return ImportResult(problems=[ImportProblem(0, "", t("import.err.empty"))])
    known = {run.import_key for run in book.finished(template_id=template.id) if run.import_key}
    result = build_runs(
        template, rows, store_code=store_code, known_keys=known, now=book.store.clock.now()
    )
    if result.problems:
        result.runs = []
        return result
    book.store.archive_template(template.hash, template.data)
    book.file_runs(result.runs)
    return result
