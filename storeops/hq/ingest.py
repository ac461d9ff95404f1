"""``storeops hq ingest``: store exports into the head-office warehouse.

Each file is checked (level, export version, columns, one valid store code, no key twice)
and a bad file is reported without stopping the good ones. Cells are read as text, the
``'`` formula guard the export added is removed, numbers are typed, and every export
version storeops has written is mapped to the current columns (a column an older version
lacks is empty). A JSON export is turned into the CSV exports it stands for first
(:mod:`storeops.hq.json_exports`).

How a batch of files goes in, as fast as DuckDB reads them: one ``COPY`` streams the CSV
files into Parquet, partitioned by file, store and month, in a staging folder; the checks
are one query over what was staged (Parquet reads only the columns they need); a staged
store-month the warehouse does not have yet is moved into place as it is (a rename), and
only one it already has is written again, with the old rows and the new, one winner per
key. So a first ingest costs about what the bare ``read_csv`` → Parquet does, and memory
follows DuckDB's memory limit, not the input.

Ingesting is idempotent: rows are keyed (run: store + run; answer: store + run + item;
action: store + action; complaint: store + complaint), so the same file twice adds
nothing. A newer export of a run (more amendments) replaces the older at run level; for
answers, a run's rows come whole from the export ingested last; for actions the file
ingested last wins; for complaints the one with the longer history (a later state). Every
store-month partition is one Parquet file. The summaries the reports read are brought up
to date at the end (:mod:`storeops.hq.summaries`).
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storeops.complaint_export import COMPLAINT_COLUMNS
from storeops.exporting import ACTION_COLUMNS, ANSWER_COLUMNS, EXPORT_VERSION, RUN_COLUMNS
from storeops.hq.engine import (
    LEVEL_DIRS,
    STATE_FILE,
    connect,
    partition_value,
    quoted,
    read_state,
    write_state,
)
from storeops.i18n import t

if TYPE_CHECKING:
    import duckdb

    from storeops.hq.json_exports import TemplateIndex

__all__ = ["LEVEL_DIRS", "STATE_FILE", "IngestReport", "connect", "describe", "ingest", "rows_in"]

KEYS = {
    "run": ("store_code", "run_id"),
    "answer": ("store_code", "run_id", "item_id"),
    "action": ("store_code", "action_id"),
    "complaint": ("store_code", "complaint_id"),
}
# Which of several rows of one key is kept, within a store's partition. A run: the export
# with more amendments, else the one ingested last. Answers: all the rows of a run from the
# export ingested last (a run's answers never mix two exports). Actions: the one ingested
# last. Complaints: the export that knows more of the complaint's history (a complaint's
# history is only ever added to, so the longer text is the later state), else the one
# ingested last.
WINNERS = {
    "run": "row_number() OVER (PARTITION BY run_id "
    "ORDER BY amendments DESC NULLS LAST, ingest_seq DESC) = 1",
    "answer": "dense_rank() OVER (PARTITION BY run_id ORDER BY ingest_seq DESC) = 1",
    "action": "row_number() OVER (PARTITION BY action_id ORDER BY ingest_seq DESC) = 1",
    "complaint": "row_number() OVER (PARTITION BY complaint_id "
    "ORDER BY length(history) DESC NULLS LAST, ingest_seq DESC) = 1",
}
NUMBERS = {
    "export_version": "INTEGER", "template_version": "INTEGER", "score": "DOUBLE",
    "raw_score": "DOUBLE", "amendments": "INTEGER", "numeric_value": "DOUBLE",
    "threshold": "DOUBLE", "points_possible": "DOUBLE", "points_earned": "DOUBLE",
    "points_before_cap": "DOUBLE", "days_after_purchase": "INTEGER", "refund": "DOUBLE",
    "days_to_close": "INTEGER", "reopened": "INTEGER",
}  # fmt: skip
# The column whose month a row is filed under (a run's and an answer's: finished_at).
MONTH_FROM = {"action": "created_at", "complaint": "received_on"}
STORE_CODE = "[A-Za-z0-9][A-Za-z0-9_-]{0,31}"  # as a store's profile allows
BATCH = 50  # files read in one statement (one level and column layout): bounds memory


@dataclass
class IngestReport:
    rows: dict[str, int] = field(default_factory=dict)  # by level, rows read
    refused: list[tuple[str, str]] = field(default_factory=list)  # (file, why)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (file, what was left out)
    read: set[str] = field(default_factory=set)  # the files (as named) that went in

    @property
    def files(self) -> int:
        """How many of the files named went in whole."""
        return len(self.read - {path for path, _why in self.refused})


@dataclass(frozen=True)
class Source:
    """A CSV file to read, and the file the user named (a JSON export's CSV is staged)."""

    path: Path
    shown: str


def export_files(paths: Iterable[Path]) -> list[Path]:
    """The CSV and JSON files named, and those inside the folders named (not in hidden
    folders), in a stable order; a file named twice once."""
    found: dict[Path, Path] = {}
    for path in paths:
        path = Path(path).expanduser()
        if path.is_dir():
            inside = sorted(
                p for p in path.rglob("*")
                if p.suffix.lower() in (".csv", ".json") and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )  # fmt: skip
        else:
            inside = [path]
        for file in inside:
            found.setdefault(file.resolve(), file)
    return list(found.values())


def _header(path: Path) -> list[str]:
    with path.open("r", encoding="utf-8-sig", newline="") as f:
        return next(csv.reader(f), [])


def level_of(columns: Sequence[str]) -> str | None:
    """Which export level a header is (every version storeops wrote), else ``None``."""
    names = set(columns)
    if {"complaint_id", "received_on"} <= names:
        return "complaint"
    if {"action_id", "owner", "due"} <= names:
        return "action"
    if {"item_id", "section_id", "points_possible"} <= names:
        return "answer"
    if {"run_id", "score", "band"} <= names:
        return "run"
    return None


def current_columns(level: str, columns: Sequence[str]) -> list[str]:
    fixed = {"run": RUN_COLUMNS, "answer": ANSWER_COLUMNS, "action": ACTION_COLUMNS,
             "complaint": COMPLAINT_COLUMNS}[level]  # fmt: skip
    extra = [c for c in columns if c.startswith("section_")] if level == "run" else []
    return [*fixed, *extra]


def _unguard(column: str) -> str:
    """The cell without the ``'`` an export put before text a spreadsheet would run."""
    quoted_name = f'"{column}"'
    return (
        f"CASE WHEN starts_with({quoted_name}, '''') AND substr({quoted_name}, 2, 1) IN "
        f"('=', '+', '-', '@', chr(9), chr(13), chr(10)) THEN substr({quoted_name}, 2) "
        f"ELSE {quoted_name} END"
    )


def _select(level: str, columns: Sequence[str]) -> str:
    """The file's rows in the current columns, typed, with their month."""
    present = set(columns)
    parts = []
    for name in current_columns(level, columns):
        section_score = level == "run" and name.startswith("section_")
        kind = "DOUBLE" if section_score else NUMBERS.get(name, "VARCHAR")
        if name not in present:
            value = "'own'" if name == "target_kind" else "NULL"
            parts.append(f'CAST({value} AS {kind}) AS "{name}"')
        elif kind == "VARCHAR":
            parts.append(f'{_unguard(name)} AS "{name}"')
        else:
            parts.append(f'TRY_CAST("{name}" AS {kind}) AS "{name}"')
    month_from = MONTH_FROM.get(level, "finished_at")
    parts.append(f'substr("{month_from}", 1, 7) AS month')
    return ", ".join(parts)


def ingest(
    paths: Iterable[Path],
    root: Path,
    *,
    templates: Sequence[Path] = (),
    progress: Callable[[int, int, Path], None] | None = None,
) -> IngestReport:
    """Ingest store exports (CSV or JSON) into the warehouse at ``root``.

    Files of one level and column layout are read together, in batches; a batch that
    fails (a broken CSV among them) is read again file by file, so only the broken file
    is refused. ``templates``: folders holding the templates JSON exports were made with.
    """
    import duckdb

    from storeops.hq.summaries import Summaries

    root.mkdir(parents=True, exist_ok=True)
    work = root / f".ingest-{uuid.uuid4().hex[:8]}"
    work.mkdir()
    con = connect()
    # Where DuckDB may spill beyond its memory limit (an in-memory database has none).
    con.execute(f"SET temp_directory = '{quoted(work / 'spill')}'")
    report = IngestReport()
    summaries = Summaries(con, root)
    try:
        files = export_files(paths)
        sources = _sources(files, work, templates, report)
        groups: dict[tuple[str, tuple[str, ...]], list[Source]] = {}
        for source in sources:
            try:
                level, header = _check_header(source.path)
            except ValueError as exc:
                report.refused.append((source.shown, str(exc)))
                continue
            groups.setdefault((level, tuple(header)), []).append(source)
        done = 0
        for (level, columns), members in groups.items():
            for start in range(0, len(members), BATCH):
                batch = members[start : start + BATCH]
                done += len(batch)
                if progress is not None:
                    progress(done, len(sources), batch[-1].path)
                placed: set[tuple[str, str | None]] = set()
                try:
                    _ingest_batch(con, batch, root, work, level, list(columns), report, placed)
                except (duckdb.Error, OSError):  # one broken file fails the batch: find it
                    for source in batch:
                        try:
                            _ingest_batch(con, [source], root, work, level, list(columns),
                                          report, placed)  # fmt: skip
                        except (duckdb.Error, OSError) as exc:  # a broken CSV, a full disk
                            message = t("hq.err.read", error=_first_line(exc))
                            report.refused.append((source.shown, message))
                summaries.add(LEVEL_DIRS[level], placed)
        summaries.write()
    finally:
        con.close()
        shutil.rmtree(work, ignore_errors=True)
    return report


def _sources(
    files: list[Path], work: Path, folders: Sequence[Path], report: IngestReport
) -> list[Source]:
    """The CSV files to read: those named, and the CSV exports each JSON export stands for."""
    from storeops.file_kinds import read_regular

    sources: list[Source] = []
    index: TemplateIndex | None = None
    for n, path in enumerate(files):
        if path.suffix.lower() != ".json":
            sources.append(Source(path, str(path)))
            continue
        from storeops.hq.json_exports import MAX_JSON_BYTES, TemplateIndex, convert

        if index is None:
            index = TemplateIndex(folders)
            report.notes.extend(("--templates", problem) for problem in index.problems)
        try:
            converted = convert(read_regular(path, MAX_JSON_BYTES), index)
        except OSError as exc:
            report.refused.append((str(path), t("hq.err.read", error=exc.strerror or exc)))
            continue
        except ValueError as exc:
            report.refused.append((str(path), str(exc)))
            continue
        report.notes.extend((str(path), line) for line in converted.left_out)
        for level, payload in converted.exports.items():
            staged = work / "json" / f"{n}-{level}.csv"
            staged.parent.mkdir(exist_ok=True)
            staged.write_bytes(payload)
            sources.append(Source(staged, str(path)))
        if not converted.exports:
            report.read.add(str(path))  # an export of nothing: read, and nothing to add
    return sources


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _next_seq(root: Path, count: int) -> int:
    """The ingest order before this batch; its files are numbered after it, in order."""
    seq = int(read_state(root).get("ingest_seq", 0))
    write_state(root, ingest_seq=seq + count)
    return seq


def _key_check(level: str) -> str:
    """Whether a file holds one key twice: fingerprints first, exact only if they collide."""
    keys = ", ".join(k for k in KEYS[level] if k != "store_code")
    return f"count(DISTINCT hash({keys}))"


def _ingest_batch(
    con: duckdb.DuckDBPyConnection,
    batch: list[Source],
    root: Path,
    work: Path,
    level: str,
    columns: list[str],
    report: IngestReport,
    placed: set[tuple[str, str | None]],
) -> None:
    seq = _next_seq(root, len(batch))
    stage = work / f"stage-{uuid.uuid4().hex[:8]}"
    files = [str(s.path) for s in batch]
    found = IngestReport()  # into ``report`` once the batch is in (it may be read again)
    try:
        con.execute(
            f"COPY (SELECT {_select(level, columns)}, "
            f"{seq} + list_position($files, filename) AS ingest_seq, "
            "list_position($files, filename) AS src "
            "FROM read_csv($files, all_varchar = true, header = true, filename = true, "
            "delim = ',', quote = '\"', escape = '\"')) "
            f"TO '{quoted(stage)}' (FORMAT parquet, PARTITION_BY (src, store_code, month), "
            "FILENAME_PATTERN 'data_{i}')",
            {"files": files},
        )
        good = _checked(con, stage, batch, level, found)
        _place(con, stage, root, level, good, placed)
        report.read |= found.read
        report.refused += found.refused
        for name, count in found.rows.items():
            report.rows[name] = report.rows.get(name, 0) + count
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _checked(
    con: duckdb.DuckDBPyConnection,
    stage: Path,
    batch: list[Source],
    level: str,
    report: IngestReport,
) -> set[str]:
    """The staged files (by ``src``) that pass every check; the others refused."""
    report.read.update(s.shown for s in batch)  # less those refused (IngestReport.files)
    if not any(stage.glob("*/*/*/*.parquet")):
        return set()  # files with a header and no rows: nothing to add
    # The store codes of each file are the folders DuckDB staged it into.
    stores = {
        partition_value(src_dir.name): [partition_value(d.name) for d in src_dir.iterdir()]
        for src_dir in stage.iterdir()
    }
    bad_month = "month IS NULL OR NOT regexp_full_match(month, '[0-9]{4}-(0[1-9]|1[0-2])')"
    facts = con.execute(
        "SELECT src, count(*), max(export_version), "
        f"count(*) FILTER (WHERE export_version IS NULL), {_key_check(level)}, "
        f"min(coalesce(month, '')) FILTER (WHERE {bad_month}) "
        f"FROM read_parquet('{quoted(stage)}/*/*/*/*.parquet', hive_partitioning = true, "
        "hive_types_autocast = false) GROUP BY src"
    ).fetchall()
    good: set[str] = set()
    for src, count, version, unreadable, distinct, undated in facts:
        source = batch[int(src) - 1]
        codes = stores.get(src, [])
        bad_code = next((c for c in codes if c and not re.fullmatch(STORE_CODE, c)), None)
        why = None
        if unreadable:
            why = t("hq.err.version_cell")
        elif version is not None and version > EXPORT_VERSION:
            why = t("hq.err.future", found=version, known=EXPORT_VERSION)
        elif len(codes) > 1:
            why = t("hq.err.stores", count=len(codes))
        elif None in codes:
            why = t("hq.err.no_store")
        elif bad_code is not None:
            why = t("hq.err.store_code", code=bad_code)
        elif undated is not None:
            column = MONTH_FROM.get(level, "finished_at")
            why = (t("hq.err.date", column=column, value=undated) if undated
                   else t("hq.err.no_date", column=column))  # fmt: skip
        elif distinct < count:
            why = _duplicated(con, stage, src, level)
        if why is None:
            good.add(str(src))
            report.rows[level] = report.rows.get(level, 0) + count
        else:
            report.refused.append((source.shown, why))
    return good


def _duplicated(con: duckdb.DuckDBPyConnection, stage: Path, src: str, level: str) -> str | None:
    """Which key the staged file holds more than once (``None``: a fingerprint collision)."""
    keys = [k for k in KEYS[level] if k != "store_code"]
    names = ", ".join(keys)
    found = con.execute(
        f"SELECT {names}, count(*) FROM read_parquet('{quoted(stage)}/src={src}/*/*/*.parquet') "
        f"GROUP BY ALL HAVING count(*) > 1 LIMIT 1"
    ).fetchone()
    if found is None:
        return None
    return t("hq.err.duplicate", key=" / ".join(str(v) for v in found[:-1]), count=found[-1])


def _place(
    con: duckdb.DuckDBPyConnection,
    stage: Path,
    root: Path,
    level: str,
    good: set[str],
    placed: set[tuple[str, str | None]],
) -> None:
    """Move each good staged store-month into the warehouse, or merge it with what is there;
    each store-month written goes into ``placed`` (its summaries are made next)."""
    base = root / LEVEL_DIRS[level]
    parts: dict[tuple[str, str], list[Path]] = {}
    for src_dir in sorted(stage.iterdir()):
        if partition_value(src_dir.name) not in good:
            continue
        for store_dir in src_dir.iterdir():
            for month_dir in store_dir.iterdir():
                parts.setdefault((store_dir.name, month_dir.name), []).append(month_dir)
    for (store_name, month_name), staged in parts.items():
        target = base / store_name / month_name
        files = [f for folder in staged for f in folder.glob("*.parquet")]
        if len(files) == 1 and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            files[0].rename(staged[0] / "data.parquet")  # named first: one rename moves it in
            staged[0].rename(target)
        else:
            _rewrite_partition(con, target, level, files)
        store_code = partition_value(store_name)
        if store_code is not None:
            placed.add((store_code, partition_value(month_name)))


def _rewrite_partition(
    con: duckdb.DuckDBPyConnection, target: Path, level: str, incoming: list[Path]
) -> None:
    """Old rows of the partition and the incoming ones, one winner per key, written to a
    temp file in the partition's folder that then replaces its one file (``os.replace``:
    a crash leaves the old file or the new, never neither). The temp file's name starts
    with a dot and does not end in ``.parquet``, so no engine reads it half made (Spark and
    Hive skip dot files; ``*.parquet`` does not match it); one left by a crash is removed
    the next time the partition is written."""
    files = [*sorted(target.glob("*.parquet")), *incoming]
    listed = ", ".join(f"'{quoted(f)}'" for f in files)
    target.mkdir(parents=True, exist_ok=True)
    for stale in target.glob(".data.*.tmp"):
        stale.unlink(missing_ok=True)
    temp = target / f".data.{uuid.uuid4().hex[:8]}.tmp"
    try:
        con.execute(
            f"COPY (SELECT * FROM read_parquet([{listed}], union_by_name = true, "
            f"hive_partitioning = false) QUALIFY {WINNERS[level]}) "
            f"TO '{quoted(temp)}' (FORMAT parquet)"
        )
        os.replace(temp, target / "data.parquet")
    finally:
        temp.unlink(missing_ok=True)
    for merged in files:  # any other file of the partition is in data.parquet now
        if merged.parent == target and merged.name != "data.parquet":
            merged.unlink(missing_ok=True)


def _check_header(path: Path) -> tuple[str, list[str]]:
    """(level, columns) from a file's header row; raises ValueError with the reason."""
    try:
        columns = _header(path)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ValueError(t("hq.err.read", error=exc)) from None
    if not columns or columns[0] != "export_version":
        raise ValueError(t("hq.err.not_export"))
    level = level_of(columns)
    if level is None:
        raise ValueError(t("hq.err.level"))
    missing = sorted(set(KEYS[level]) - set(columns))
    if missing:
        raise ValueError(t("hq.err.columns", columns=", ".join(missing)))
    return level, columns


def rows_in(root: Path, level: str) -> int:
    """How many rows the warehouse holds at ``level`` (for reports and tests)."""
    base = root / LEVEL_DIRS[level]
    if not any(base.glob("*/*/*.parquet")):
        return 0
    con = connect()
    found = con.execute(
        f"SELECT count(*) FROM read_parquet('{quoted(base)}/*/*/*.parquet', "
        "hive_partitioning = true, hive_types_autocast = false, union_by_name = true)"
    ).fetchone()
    con.close()
    return int(found[0]) if found else 0


def describe(report: IngestReport) -> list[str]:
    rows = ", ".join(f"{level} {n}" for level, n in sorted(report.rows.items())) or "0"
    lines = [t("hq.ingested", files=report.files, rows=rows)]
    lines += [t("hq.refused", path=path, why=why) for path, why in report.refused]
    lines += [t("hq.note", path=path, what=what) for path, what in report.notes]
    return lines


def as_records(cursor: Any) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Column names and rows of a DuckDB result."""
    names = [d[0] for d in cursor.description]
    return names, cursor.fetchall()
