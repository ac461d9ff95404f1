"""Exports for head office: Excel-safe CSV and complete JSON, and merging many stores' CSVs.

CSV rules, each with its reason:

* UTF-8 with a byte-order mark, so Excel shows Chinese instead of mojibake.
* The csv module's quoting and ``\\r\\n`` rows, so commas, quotes and line breaks in notes
  survive.
* Numbers are written as numbers, as entered: ``40`` for a count of 40 even where older
  data stored ``40.0``, never an exponent (:func:`number_cell`). Scores keep one decimal,
  written the same way (``90`` for 90.0, ``87.5``).
* Answer rows add up: summing ``points_earned`` over ``points_possible`` for a run (or, for
  a weighted template, a section) gives its score, because bonus points a full section
  cannot take are left out of ``points_earned`` (``points_before_cap`` keeps them).
* A text cell that begins with ``= + - @``, a tab, CR or LF gets a leading ``'`` so a
  spreadsheet shows it and never runs it as a formula (OWASP CSV injection); so does one
  that begins with their full-width forms, or with any of them after leading spaces or
  zero-width characters. ``merge`` makes every cell of the files it reads safe the same
  way (a number such as ``-5`` stays a number).
* The store code is on every row, so files from many stores concatenate into one.
* The first column is the column-layout version; it changes whenever the columns do,
  and ``merge`` refuses to mix versions or levels.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from storeops.answers import format_number
from storeops.complaint_export import COMPLAINT_COLUMNS
from storeops.gc_pause import collector_paused
from storeops.header_values import subject_kind
from storeops.i18n import Msg, t
from storeops.profile import StoreProfile
from storeops.runs import RUNS, Run, RunBook, RunSummary, month_of_run
from storeops.scoring import ItemResult, RunScore, round1
from storeops.storage import SourceFile
from storeops.templates import Item, Template

if TYPE_CHECKING:
    from storeops.actions import CorrectiveAction
    from storeops.reports import ParetoRow
    from storeops.schedules import StoreSchedules

# 2: target_kind and visit_date; points_before_cap; points_earned after the cap; numbers
# as entered. 3: answer_label (a choice's or a scale's label); result "hidden" for an item
# whose condition did not hold; repeat_failure (answer), due_on and on_time (run)
EXPORT_VERSION = 3
# complaint: one row per complaint (storeops/complaint_export.py), contact details masked
LEVELS = ("run", "answer", "action", "complaint")
SECTION_PREFIX = "section_"

RUN_COLUMNS = (
    "export_version", "store_code", "store_name", "template_id", "template_version",
    "template_hash", "run_id", "started_at", "finished_at", "auditor", "subject",
    "target_kind", "visit_date", "status",
    "review", "score", "raw_score", "band", "critical_failed", "critical_items", "amendments",
    "content_hash", "due_on", "on_time",
)  # fmt: skip
ANSWER_COLUMNS = (
    "export_version", "store_code", "template_id", "template_version", "run_id", "finished_at",
    "auditor", "subject", "target_kind", "visit_date", "section_id", "item_id", "item_text",
    "answer_type", "answer",
    "numeric_value", "threshold", "direction", "result", "points_possible", "points_earned",
    "points_before_cap", "critical", "critical_failed", "note", "answer_label", "repeat_failure",
)  # fmt: skip
ACTION_COLUMNS = (
    "export_version", "store_code", "action_id", "run_id", "template_id", "item_id",
    "description", "owner", "due", "priority", "status", "overdue", "created_at", "history",
)  # fmt: skip
FIXED_COLUMNS = {"run": RUN_COLUMNS, "answer": ANSWER_COLUMNS, "action": ACTION_COLUMNS,
                 "complaint": COMPLAINT_COLUMNS}  # fmt: skip
# A cell a spreadsheet could run as a formula: one that begins with = + - @, a tab, CR or
# LF (OWASP), or their full-width forms ＝ ＋ － ＠ (NFKC, which data tools often apply,
# turns them into = + - @), also after leading spaces or invisible characters (zero-width
# space, joiners, word joiner, BOM; a "trim" or "clean" step removes them). LibreOffice
# 7.4 runs only "=" (checked); Excel also runs + - @. Such a cell gets a leading "'".
_OPERATORS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
_INVISIBLE = " \u00a0\u3000\u200b\u200c\u200d\u2060\ufeff"
_RISKY = _OPERATORS | frozenset(_INVISIBLE)  # first characters that need a closer look
_MERGED_NUMBER = re.compile(r"-\d+(?:\.\d+)?", re.ASCII)  # a number as exports write one

Cell = str | int | float | None


class ExportError(ValueError):
    """An export or merge that cannot be made; the message is for the user."""


def number_cell(value: float) -> Cell:
    """A float as the csv module should write it, as a person wrote it
    (:func:`~storeops.answers.format_number`): an integral one as its integer digits
    (``40.0`` → ``40``, ``1e17`` → ``100000000000000000``), any other as the shortest
    decimal that reads back as the same float, without an exponent (``1e-07`` →
    ``0.0000001``). Text where ``repr`` would not write that, else the float (faster)."""
    if value.is_integer():
        return str(int(value))
    if -1e-4 < value < 1e-4:  # the only non-integral floats repr writes with an exponent
        return format_number(value)
    return value


def safe_cell(value: Cell) -> Cell:
    """The value as a CSV cell: numbers as entered (:func:`number_cell`), risky text with a
    leading ``'``."""
    if type(value) is str:  # the common case first: this runs for every cell of an export
        return "'" + value if value and value[0] in _RISKY and _runs(value) else value
    if type(value) is float:
        return number_cell(value)
    if value is None:
        return ""
    if value is True:
        return "Y"
    if value is False:
        return "N"
    if isinstance(value, float):
        return number_cell(float(value))
    if isinstance(value, int):
        return value
    text = str(value)
    return "'" + text if text and text[0] in _RISKY and _runs(text) else text


def _runs(text: str) -> bool:
    """Whether a spreadsheet could run ``text`` (whose first character is in ``_RISKY``)
    as a formula: it begins with an operator, maybe after spaces or invisible ones."""
    if text[0] in _OPERATORS:
        return True
    rest = text.lstrip(_INVISIBLE)
    return bool(rest) and rest[0] in _OPERATORS


def merged_cell(text: str) -> str:
    """A cell read from a store's CSV, made safe as :func:`safe_cell` makes an export's:
    one that was escaped stays as it is (it begins with ``'``), a number such as ``-5``
    stays a number, any other that a spreadsheet could run gets a leading ``'``."""
    if text and text[0] in _RISKY and _runs(text) and not _MERGED_NUMBER.fullmatch(text):
        return "'" + text
    return text


def to_csv(columns: Sequence[str], rows: Iterable[Sequence[Cell]], *, safe: bool = False) -> bytes:
    """CSV bytes with a BOM, a header row and safe cells (``safe``: already made so)."""
    buffer = io.BytesIO()
    # Encoded as it is written: a 300 MB export never exists as one str as well as bytes.
    text = io.TextIOWrapper(buffer, encoding="utf-8", newline="")
    text.write("\ufeff")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(columns)
    if safe:
        writer.writerows(rows)
    else:
        cell = safe_cell
        writer.writerows([cell(value) for value in row] for row in rows)
    text.flush()
    return buffer.getvalue()


def _score(value: float | None) -> float | None:
    """A score or section score to one decimal, half up like the run score (87.25 → 87.3;
    ``round`` would give 87.2)."""
    return None if value is None else round1(value)


# --- choosing what to export -------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    template_id: str | None = None
    since: date | None = None
    until: date | None = None
    subject: str | None = None
    include_unreviewed: bool = False  # visits not accepted yet (review templates)


def selected_runs(book: RunBook, selection: Selection) -> list[tuple[Run, Template, RunScore]]:
    """Finished runs in the selection, oldest first, with their template and score.

    Runs of templates with a review count only once accepted, unless asked otherwise. A
    run whose template is gone (never archived) cannot be scored: it is left out and
    reported as a gap (:meth:`~storeops.storage.DataStore.left_out`).
    """
    runs = book.finished(
        template_id=selection.template_id, subject=selection.subject,
        since=selection.since, until=selection.until,
    )  # fmt: skip
    return _scored(book, runs, selection)


def _scored(
    book: RunBook, runs: Sequence[Run], selection: Selection
) -> list[tuple[Run, Template, RunScore]]:
    """These runs (newest first) oldest first with template and score, as
    :func:`selected_runs` chooses them."""
    chosen = []
    for run in reversed(runs):
        status = run.review_status
        if status is not None and status != "accepted" and not selection.include_unreviewed:
            continue
        try:
            template = book.template_for(run)
        except KeyError:  # template gone and never archived: doctor reports these too
            store = book.store
            why = Msg("record.err.template", template=run.template_id,
                      hash=run.template_hash[:12] or "?")  # fmt: skip
            store.left_out(store.path(f"{RUNS}/{month_of_run(run)}.json"), run.to_doc(), why)
            continue
        chosen.append((run, template, book.score(run)))
    return chosen


def failure_pareto(book: RunBook, selection: Selection) -> tuple[list[ParetoRow], int, int]:
    """:func:`~storeops.reports.pareto` of :func:`selected_runs`, from the run index: each
    summary names the items its run failed, so no run is read or scored (five years of a
    busy store: 90 days' Pareto read 950 runs, 1.2 s). A run the index cannot say (its
    template is gone) goes the long way, and is reported as a gap there. An item's text is
    the checklist's current one, else that of the template of a run that failed it."""
    from storeops.reports import count_failures, pareto_rows

    summaries = book.summaries(
        template_id=selection.template_id, subject=selection.subject,
        since=selection.since, until=selection.until,
    )  # fmt: skip
    counts: Counter[str] = Counter()
    failed_by: dict[str, RunSummary] = {}  # an item and a run that failed it
    unknown: list[RunSummary] = []
    counted = 0
    for summary in summaries:
        status = summary.review_status
        if status is not None and status != "accepted" and not selection.include_unreviewed:
            continue
        failed = summary.failed_items()
        if failed is None:
            unknown.append(summary)
            continue
        if not summary.own:
            continue
        counted += 1
        for item_id in failed:
            counts[item_id] += 1
            failed_by.setdefault(item_id, summary)
    texts: dict[str, str] = {}
    counted += count_failures(_scored(book, book.load(unknown), selection), counts, texts)
    catalogue = book.templates.catalogue
    for item_id, summary in failed_by.items():
        if item_id in texts:
            continue
        if summary.template_id in catalogue:
            template = catalogue.get(summary.template_id)
            if any(item.id == item_id for item in template.items):
                texts[item_id] = str(template.item(item_id).text)
                continue
        [run] = book.load([summary])
        texts[item_id] = str(book.template_for(run).item(item_id).text)
    return pareto_rows(counts, texts, counted)


# --- the three levels ------------------------------------------------------------------


def run_rows(
    chosen: Sequence[tuple[Run, Template, RunScore]],
    profile: StoreProfile | None,
    schedules: StoreSchedules | None = None,
) -> tuple[list[str], list[list[Cell]]]:
    """One row per run, section scores as ``section_<ID>`` columns (union, template order).

    ``due_on`` and ``on_time``: the due day of the period the run belongs to under the
    store's schedule in force now (``schedules``), and whether it was done within its
    window; empty for a checklist that is not scheduled."""
    sections: list[str] = []
    for _, template, _ in chosen:
        for section in template.sections:
            column = SECTION_PREFIX + section.id
            if column not in sections and any(i.type != "text" for i in section.items):
                sections.append(column)
    rows = []
    for run, template, result in chosen:
        by_section = {SECTION_PREFIX + s.section_id: _score(s.percent) for s in result.sections}
        rows.append([
            EXPORT_VERSION, run.store_code, profile.store_name if profile else "",
            run.template_id, run.template_version, run.template_hash, run.id, run.started_at,
            run.finished_at, run.auditor, run.subject, *about(run, template),
            run.status, run.review_status or "",
            _score(result.score), _score(result.raw_score),
            result.band.key if result.band else "", bool(result.critical_failures),
            " ".join(result.critical_failures), len(run.amendments), run.content_hash,
            *_timing(run, template, schedules),
            *(by_section.get(column) for column in sections),
        ])  # fmt: skip
    return [*RUN_COLUMNS, *sections], rows


def _timing(
    run: Run, template: Template, schedules: StoreSchedules | None
) -> tuple[str, bool | None]:
    schedule = schedules.effective(template) if schedules is not None else None
    if schedule is None:
        return "", None
    from storeops.due import on_time

    _kind, day = about(run, template)
    try:
        when = date.fromisoformat(day or (run.finished_at or "")[:10])
    except ValueError:
        return "", None
    due_on, in_time = on_time(schedule, when)
    return due_on.isoformat(), in_time


def about(run: Run, template: Template) -> tuple[str, str]:
    """Whose result the run is (``target_kind``: ``own``, or e.g. ``competitor`` for a
    mystery visit to one) and the day it is about (``visit_date``: the template's first
    date field — a visit's date, a check-in's day — else empty)."""
    day_field = next((f for f in template.header if f.type == "date"), None)
    day = run.header.get(day_field.id, "") if day_field is not None else ""
    return subject_kind(template, run.header), day


def _answer_text(value: Any, na: bool) -> Cell:
    if na:
        return "N/A"
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value if isinstance(value, int | float) else str(value)


def answer_label(item: Item, value: Any, na: bool) -> str:
    """The label of a choice item's option or a scale item's value, in the current language."""
    if na or value is None or isinstance(value, bool):
        return ""
    if item.type == "choice" and isinstance(value, str):
        option = item.option(value)
        return str(option.text) if option else ""
    if item.type == "scale" and isinstance(value, int | float) and item.labels:
        if not float(value).is_integer():  # a hand-edited 2.5 has no label
            return ""
        index = int(value) - item.min  # 2.0 from a hand-edited file is the answer 2
        return str(item.labels[index]) if 0 <= index < len(item.labels) else ""
    return ""


def _same(value: Cell) -> Cell:
    return value


# Per template: each item with its cells, and the cells of each outcome (an ItemResult).
_TemplateCells = tuple[
    list[tuple[Item, tuple[Cell, ...], tuple[Cell, ...]]], dict[ItemResult, tuple[Cell, ...]]
]


def answer_rows(
    chosen: Sequence[tuple[Run, Template, RunScore]],
    cell: Callable[[Cell], Cell] = _same,
    repeats: Mapping[str, frozenset[str]] | None = None,
) -> list[list[Cell]]:
    """One row per item of each run (the long shape head-office tools load).

    ``cell`` is applied to every value (:func:`safe_cell` for CSV). Five years are a
    million and a half rows, so what is the same for a whole run, for an item of a
    template, or for an item's outcome (status, points, critical) goes through it once
    and is reused.

    ``points_earned`` is what counts toward the score (``ItemResult.counted``), unrounded,
    so a run's rows add up to its score; ``points_before_cap`` is what the item earned.
    ``repeat_failure``: the item failed in this run and in the one before it (``repeats``,
    by run id; see :mod:`storeops.repeats`).
    """
    flags = {True: cell("Y"), False: cell("N")}
    no_repeats: frozenset[str] = frozenset()
    critical = {True: cell(True), False: cell(False)}
    per_template: dict[tuple[str, str], _TemplateCells] = {}
    rows = []
    for run, template, result in chosen:
        cached = per_template.get((template.id, template.hash))
        if cached is None:
            cached = per_template[(template.id, template.hash)] = (
                [
                    (
                        item,
                        tuple(cell(v) for v in (item.section_id, item.id, str(item.text),
                                                item.type)),
                        (cell(item.threshold), cell(item.direction or "")),
                    )
                    for item in template.items
                ],
                {},
            )  # fmt: skip
        items, outcomes = cached
        run_values = (EXPORT_VERSION, run.store_code, run.template_id, run.template_version,
                      run.id, run.finished_at, run.auditor, run.subject,
                      *about(run, template))  # fmt: skip
        head = [cell(v) for v in run_values]
        answers = run.current_answers()
        notes = run.notes
        repeated = repeats.get(run.id, no_repeats) if repeats is not None else None
        scored_items = result.items
        for item, fixed, limits in items:
            record = answers.get(item.id)
            if record is None:
                if item.type == "text":
                    continue
                value, na = None, False
            else:
                value, na = record.get("value"), bool(record.get("na"))
            scored = scored_items[item.id]
            if scored.status == "hidden":  # an answer left from before it was hidden
                value, na = None, False
            outcome = outcomes.get(scored)  # an item has few outcomes: made once each
            if outcome is None:
                outcome = outcomes[scored] = (
                    cell(scored.status), cell(scored.possible), cell(scored.counted),
                    cell(scored.earned),
                    critical[item.critical or item.critical_threshold is not None],
                    critical[scored.critical_failed],
                )  # fmt: skip
            answer = cell(_answer_text(value, na))
            rows.append([
                *head, *fixed, answer,
                answer if type(value) is int or type(value) is float else None, *limits,
                *outcome, cell(notes.get(item.id, "")),
                cell(answer_label(item, value, na)) if item.options or item.labels else None,
                None if repeated is None else flags[item.id in repeated],
            ])  # fmt: skip
    return rows


def _history_entry(entry: dict[str, Any], index: int) -> str:
    """One history entry as ``status@time who``, with ``: note`` when it has one; an edit
    is ``edited@time who: field old→new, …`` and a reopening ``reopened@time who: why``
    (not a status word: an edit keeps the status, and reopening is not a step forward)."""
    from storeops.actions import EDITED, REOPENED, entry_kind

    kind = entry_kind(entry, index)
    word = kind if kind in (EDITED, REOPENED) else entry.get("status")
    text = f"{word}@{str(entry.get('at', ''))[:16]} {entry.get('by', '')}".strip()
    note = str(entry.get("note") or "")
    if kind == EDITED:
        changes = entry.get("changes") or {}
        note = ", ".join(f"{name} {c.get('from', '')}→{c.get('to', '')}"
                         for name, c in changes.items())  # fmt: skip
    return f"{text}: {note}" if note else text


def action_rows(actions: Sequence[CorrectiveAction], today: date) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for a in actions:
        history = "; ".join(_history_entry(h, n) for n, h in enumerate(a.history))
        rows.append([
            EXPORT_VERSION, a.store_code, a.id, a.run_id, a.template_id, a.item_id,
            a.description, a.owner, a.due, a.priority, a.status, a.overdue(today), a.created_at,
            history,
        ])  # fmt: skip
    return rows


def selected_actions(
    actions: Sequence[CorrectiveAction], selection: Selection
) -> list[CorrectiveAction]:
    """The actions in the selection's checklist and period (by when they were raised)."""
    since = selection.since.isoformat() if selection.since else None
    until = selection.until.isoformat() if selection.until else None
    return [
        a for a in actions
        if (not selection.template_id or a.template_id == selection.template_id)
        and (since is None or a.created_at[:10] >= since)
        and (until is None or a.created_at[:10] <= until)
    ]  # fmt: skip


@collector_paused()
def export_csv(
    level: str,
    book: RunBook,
    actions: Sequence[CorrectiveAction],
    selection: Selection,
    profile: StoreProfile | None,
    today: date,
    schedules: StoreSchedules | None = None,
) -> tuple[bytes, int]:
    """The CSV bytes of one level and how many rows it holds."""
    if level not in LEVELS:
        raise ExportError(t("export.err.level", choices=", ".join(LEVELS)))
    if level == "action":
        chosen_actions = selected_actions(actions, selection)
        rows = action_rows(chosen_actions, today)
        return to_csv(ACTION_COLUMNS, rows), len(rows)
    chosen = selected_runs(book, selection)
    if level == "run":
        columns, rows = run_rows(chosen, profile, schedules)
        return to_csv(columns, rows), len(rows)
    from storeops.repeats import repeat_failures

    rows = answer_rows(chosen, safe_cell, repeat_failures(book, chosen))
    return to_csv(ANSWER_COLUMNS, rows, safe=True), len(rows)


_NESTED = frozenset((dict, list, tuple, float))  # what _json_numbers has to look into


def _json_numbers(value: Any) -> Any:
    """``value`` with every integral float as an int: ``json`` writes ``40.0`` for a count
    that older data stored as a float, and ``1e+17`` for a large one. What holds none is
    returned as it is, not copied: most of a document (and all new data) holds none."""
    kind = type(value)
    if kind is float:
        return int(value) if value.is_integer() else value
    if kind is dict:
        changed = None
        for key, item in value.items():
            if type(item) in _NESTED and (new := _json_numbers(item)) is not item:
                if changed is None:
                    changed = dict(value)
                changed[key] = new
        return value if changed is None else changed
    if kind is list or kind is tuple:
        items = [_json_numbers(item) if type(item) in _NESTED else item for item in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    return value


def _store(profile: StoreProfile | None) -> dict[str, str] | None:
    if profile is None:
        return None
    return {"code": profile.store_code, "name": profile.store_name, "manager": profile.manager}


@collector_paused()
def export_json(
    book: RunBook,
    actions: Sequence[CorrectiveAction],
    selection: Selection,
    profile: StoreProfile | None,
    exported_at: str,
    gaps: Callable[[], list[dict[str, str]]] | None = None,
    complaints: Sequence[Mapping[str, Any]] | None = None,
) -> tuple[bytes, int]:
    """Everything: each run as stored (answers, notes, amendments, review, template hash)
    with its score, and the corrective actions. Numbers as entered: no ``40.0``.

    ``gaps``, asked once the runs are read: what could not be read of the selection
    (``[]``: the export is complete), written as the document's ``gaps``. ``complaints``:
    the complaint log's rows (already masked), for an export of every checklist."""
    chosen = selected_runs(book, selection)
    run_ids = {run.id for run, _, _ in chosen}
    doc = {
        "export_version": EXPORT_VERSION,
        "exported_at": exported_at,
        "store": _store(profile),
        "gaps": [],
        "runs": [
            {
                **run.to_doc(),
                "score": result.score,
                "raw_score": result.raw_score,
                "band": result.band.key if result.band else None,
                "critical_failures": list(result.critical_failures),
                "sections": {s.section_id: _score(s.percent) for s in result.sections},
            }
            for run, _, result in chosen
        ],
        "actions": [
            a.to_doc() for a in actions if a.run_id in run_ids or not selection.template_id
        ],
    }
    if complaints is not None:
        doc["complaints"] = list(complaints)
    doc["gaps"] = gaps() if gaps is not None else []
    text = json.dumps(_json_numbers(doc), ensure_ascii=False, indent=1)
    return text.encode("utf-8"), len(chosen)


# --- merging -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Merged:
    level: str
    columns: list[str]
    rows: list[list[str]]
    duplicates: int


@dataclass(frozen=True)
class MergeSource:
    """A file to merge: its name, and how to read it. ``lines`` opens it anew at each call
    (a merge reads every file twice) and gives its text lines; it raises ``OSError`` when
    the file cannot be read and ``UnicodeDecodeError`` when it is not UTF-8."""

    path: str
    lines: Callable[[], Iterable[str]]


def _level_of(columns: Sequence[str]) -> str | None:
    for level, fixed in FIXED_COLUMNS.items():
        if tuple(columns[: len(fixed)]) == fixed:
            return level
    return None


class _SeenRows:
    """Fingerprints (16-byte BLAKE2b) of the rows written so far, in a temporary SQLite
    table on disk (deleted when closed), so a merge's memory stays flat however many rows
    it reads; an in-memory set would grow with every row."""

    def __init__(self) -> None:
        import pickle
        import sqlite3
        from hashlib import blake2b

        self._blake2b, self._dumps = blake2b, pickle.dumps
        self._db = sqlite3.connect("")  # "": a private temporary database, on disk
        self._db.execute("PRAGMA cache_size = -8000")  # KiB: at most about 8 MB in memory
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute("CREATE TABLE seen (digest BLOB PRIMARY KEY) WITHOUT ROWID")

    def add(self, names: tuple[str, ...], values: tuple[str, ...]) -> bool:
        """Whether the row of these columns (by name, sorted) and values is new (and now
        seen)."""
        digest = self._blake2b(self._dumps((names, values), 5), digest_size=16).digest()
        return self._db.execute("INSERT OR IGNORE INTO seen VALUES (?)", (digest,)).rowcount == 1

    def close(self) -> None:
        self._db.close()


class MergeStream:
    """The union of several exports of one level and version, exact duplicate rows dropped,
    as a stream: every file is read once to check it (level, version, a readable CSV) and
    collect the columns, then again as the merged rows are written, so only one row is held
    at a time. Raises :class:`ExportError` on a file that cannot be merged, before anything
    is written."""

    def __init__(self, sources: Sequence[MergeSource]) -> None:
        self.sources = sources
        self.level: str = ""
        self.columns: list[str] = []
        self.duplicates = 0
        self.count = 0  # rows written
        for source in sources:
            for header, row in self._read(source):  # every row checked
                if row is None:
                    self.level = self.level or _level_of(header) or ""
                    self.columns += [c for c in dict.fromkeys(header) if c not in self.columns]
        if not self.level:
            raise ExportError(t("export.err.nothing"))

    def _read(self, source: MergeSource) -> Iterable[tuple[list[str], list[str] | None]]:
        """(header, row) for each row of ``source`` that is not empty, checked; the header
        alone, with ``None``, for a file of no rows."""
        try:
            reader = csv.reader(source.lines())
            header = next(reader, None)
            level = _level_of(header) if header else None
            if header is None or level is None:
                raise ExportError(t("export.err.not_export", path=source.path))
            if self.level and level != self.level:
                raise ExportError(t("export.err.levels", path=source.path, level=level,
                                    first=self.level))  # fmt: skip
            yield header, None
            for row in reader:
                if not any(row):
                    continue
                if row[0] != str(EXPORT_VERSION):
                    raise ExportError(t("export.err.version", path=source.path, found=row[0],
                                        known=EXPORT_VERSION))  # fmt: skip
                yield header, row
        except OSError as exc:
            raise ExportError(t("export.err.read", path=source.path,
                                error=exc.strerror or exc)) from None  # fmt: skip
        except (UnicodeDecodeError, csv.Error):
            raise ExportError(t("export.err.not_export", path=source.path)) from None

    def rows(self) -> Iterable[list[str]]:
        """The merged rows, in the merged columns, every cell made safe (:func:`merged_cell`)."""
        seen = _SeenRows()
        columns = self.columns
        try:
            for source in self.sources:
                place: dict[str, int] = {}
                for header, row in self._read(source):
                    if row is None:
                        place = {name: n for n, name in enumerate(header)}  # the last wins
                        names = tuple(sorted(place))
                        wanted = [place[name] for name in names]
                        taken = [place.get(c, -1) for c in columns]
                        continue
                    # Every cell made safe before duplicates are looked for: a store's file
                    # edited by hand (or made by other software) may hold "=1+1" where ours
                    # hold "'=1+1". A row is told from another by its cells by column name.
                    cells = list(map(merged_cell, row))
                    size = len(cells)
                    if size >= len(header):
                        new = seen.add(names, tuple([cells[n] for n in wanted]))
                    else:  # a short row: the columns it has
                        has = [(name, n) for name, n in zip(names, wanted, strict=True) if n < size]
                        new = seen.add(tuple(m for m, _ in has), tuple(cells[n] for _, n in has))
                    if not new:
                        self.duplicates += 1
                        continue
                    self.count += 1
                    yield [cells[n] if 0 <= n < size else "" for n in taken]
        finally:
            seen.close()

    def csv_chunks(self, size: int = 1 << 16) -> Iterable[bytes]:
        """The merged file, as it is made: a BOM, the header row, then the rows, in
        pieces of about ``size`` bytes."""
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n")
        buffer.write("\ufeff")
        writer.writerow(self.columns)
        for row in self.rows():
            writer.writerow(row)
            if buffer.tell() >= size:
                yield buffer.getvalue().encode("utf-8")
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue().encode("utf-8")


def merge(sources: Sequence[SourceFile]) -> Merged:
    """Union of several exports of one level and version (read already), exact duplicate
    rows dropped; see :class:`MergeStream` for files read as they are merged."""

    def lines(source: SourceFile) -> Callable[[], Iterable[str]]:
        def read() -> Iterable[str]:
            if source.error is not None:
                raise ExportError(t("export.err.read", path=source.path, error=source.error))
            return io.StringIO(source.data.decode("utf-8-sig"), newline="")

        return read

    stream = MergeStream([MergeSource(s.path, lines(s)) for s in sources])
    rows = list(stream.rows())
    return Merged(stream.level, stream.columns, rows, stream.duplicates)


def merged_csv(merged: Merged) -> bytes:
    """The merged rows as CSV; :func:`merge` made every cell safe (:func:`merged_cell`)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(merged.columns)
    writer.writerows(merged.rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
