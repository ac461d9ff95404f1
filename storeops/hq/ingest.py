"""``storeops hq ingest``: store exports into the head-office warehouse.

Each file is checked first (level, export version, columns, one store code) and a bad
file is reported without stopping the good ones. Cells are read as text, the ``'``
formula guard the export added is removed, numbers are typed, and the rows are written
as Parquet partitioned by store and month (hive layout). Ingesting is idempotent: rows
are keyed (run: store + run; answer: store + run + item; action: store + action), so the
same file twice adds nothing; a newer export of a run (more amendments) replaces the
older one, and for answers and actions the file ingested last wins.

Only the partitions a file touches are rewritten, one at a time, so memory follows the
largest store-month, not the warehouse (DuckDB's memory limit is set as well).
"""

from __future__ import annotations

import csv
import json
import shutil
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storeops.exporting import ACTION_COLUMNS, ANSWER_COLUMNS, EXPORT_VERSION, RUN_COLUMNS
from storeops.i18n import t

if TYPE_CHECKING:
    import duckdb

LEVEL_DIRS = {"run": "runs", "answer": "answers", "action": "actions"}
KEYS = {
    "run": ("store_code", "run_id"),
    "answer": ("store_code", "run_id", "item_id"),
    "action": ("store_code", "action_id"),
}
NUMBERS = {
    "export_version": "INTEGER", "template_version": "INTEGER", "score": "DOUBLE",
    "raw_score": "DOUBLE", "amendments": "INTEGER", "numeric_value": "DOUBLE",
    "threshold": "DOUBLE", "points_possible": "DOUBLE", "points_earned": "DOUBLE",
    "points_before_cap": "DOUBLE",
}  # fmt: skip
MEMORY_LIMIT = "1GB"
STATE_FILE = "warehouse.json"


@dataclass
class IngestReport:
    files: int = 0
    rows: dict[str, int] = field(default_factory=dict)  # by level, rows read
    refused: list[tuple[str, str]] = field(default_factory=list)  # (file, why)


def connect(memory_limit: str = MEMORY_LIMIT) -> duckdb.DuckDBPyConnection:
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute("SET preserve_insertion_order = false")
    return con


def export_files(paths: Iterable[Path]) -> list[Path]:
    """The CSV files named, and those inside the folders named, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.csv") if p.is_file()))
        else:
            found.append(path)
    return found


def _header(path: Path) -> list[str]:
    with path.open("r", encoding="utf-8-sig", newline="") as f:
        return next(csv.reader(f), [])


def level_of(columns: Sequence[str]) -> str | None:
    """Which export level a header is (every version storeops wrote), else ``None``."""
    names = set(columns)
    if {"action_id", "owner", "due"} <= names:
        return "action"
    if {"item_id", "section_id", "points_possible"} <= names:
        return "answer"
    if {"run_id", "score", "band"} <= names:
        return "run"
    return None


def current_columns(level: str, columns: Sequence[str]) -> list[str]:
    fixed = {"run": RUN_COLUMNS, "answer": ANSWER_COLUMNS, "action": ACTION_COLUMNS}[level]
    extra = [c for c in columns if c.startswith("section_")] if level == "run" else []
    return [*fixed, *extra]


def _unguard(column: str) -> str:
    """The cell without the ``'`` an export put before text a spreadsheet would run."""
    quoted = f'"{column}"'
    return (
        f"CASE WHEN starts_with({quoted}, '''') AND substr({quoted}, 2, 1) IN "
        f"('=', '+', '-', '@', chr(9), chr(13), chr(10)) THEN substr({quoted}, 2) "
        f"ELSE {quoted} END"
    )


def _select(level: str, columns: Sequence[str], seq: int) -> str:
    """The file's rows in the current columns, typed, with month and ingest order."""
    wanted = current_columns(level, columns)
    present = set(columns)
    parts = []
    for name in wanted:
        if name not in present:
            value = "'own'" if name == "target_kind" else "NULL"
        else:
            value = _unguard(name)
        section_score = level == "run" and name.startswith("section_")
        kind = "DOUBLE" if section_score else NUMBERS.get(name, "VARCHAR")
        parts.append(f'TRY_CAST({value} AS {kind}) AS "{name}"')
    month_from = "created_at" if level == "action" else "finished_at"
    parts.append(f'substr("{month_from}", 1, 7) AS month')
    parts.append(f"{seq} AS ingest_seq")
    return ", ".join(parts)


def _winner_order(level: str) -> str:
    if level == "run":
        return "amendments DESC NULLS LAST, ingest_seq DESC"
    return "ingest_seq DESC"


def _next_seq(root: Path) -> int:
    state_path = root / STATE_FILE
    try:
        state = json.loads(state_path.read_text("utf-8"))
    except (OSError, ValueError):
        state = {}
    seq = int(state.get("ingest_seq", 0)) + 1
    state_path.write_text(json.dumps({**state, "ingest_seq": seq}), "utf-8")
    return seq


BATCH = 50  # files read in one statement (one level and column layout): bounds memory


def ingest(
    paths: Iterable[Path], root: Path, *, progress: Callable[[int, int, Path], None] | None = None
) -> IngestReport:
    """Ingest store exports into the warehouse at ``root``.

    Files of one level and column layout are read together, in batches, so a chain's
    thousand files cost about what one DuckDB read of them does; a batch that fails (a
    broken CSV among them) is read again file by file, so only the broken file is refused.
    """
    root.mkdir(parents=True, exist_ok=True)
    con = connect()
    # Where DuckDB may spill beyond its memory limit (an in-memory database has none).
    spill = root / ".duckdb-tmp"
    con.execute(f"SET temp_directory = '{spill.as_posix()}'")
    report = IngestReport()
    files = export_files(paths)
    groups: dict[tuple[str, tuple[str, ...]], list[Path]] = {}
    for path in files:
        try:
            level, header = _check_header(path)
        except ValueError as exc:
            report.refused.append((str(path), str(exc)))
            continue
        groups.setdefault((level, tuple(header)), []).append(path)
    done = 0
    for (level, columns), members in groups.items():
        for start in range(0, len(members), BATCH):
            batch = members[start : start + BATCH]
            done += len(batch)
            if progress is not None:
                progress(done, len(files), batch[-1])
            try:
                _ingest_batch(con, batch, root, level, list(columns), report)
            except Exception:  # one broken file fails the batch: find it, keep the rest
                for path in batch:
                    try:
                        _ingest_batch(con, [path], root, level, list(columns), report)
                    except Exception as exc:  # duckdb's errors: a broken CSV, a full disk
                        message = t("hq.err.read", error=_first_line(exc))
                        report.refused.append((str(path), message))
    con.close()
    shutil.rmtree(spill, ignore_errors=True)
    return report


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _ingest_batch(
    con: duckdb.DuckDBPyConnection,
    paths: list[Path],
    root: Path,
    level: str,
    columns: list[str],
    report: IngestReport,
) -> None:
    seq = _next_seq(root)
    con.execute("DROP TABLE IF EXISTS incoming")
    con.execute(
        f"CREATE TEMP TABLE incoming AS SELECT {_select(level, columns, seq)}, filename AS source "
        "FROM read_csv(?, all_varchar = true, header = true, filename = true)",
        [[str(p) for p in paths]],
    )
    facts = con.execute(
        "SELECT source, max(export_version), count(DISTINCT store_code), "
        "count(*) FILTER (WHERE export_version IS NULL), count(*) FROM incoming GROUP BY source"
    ).fetchall()
    bad: list[str] = []
    rows = 0
    for source, version, stores, unreadable, count in facts:
        why = None
        if unreadable:
            why = t("hq.err.version_cell")
        elif version is not None and version > EXPORT_VERSION:
            why = t("hq.err.future", found=version, known=EXPORT_VERSION)
        elif stores > 1:
            why = t("hq.err.stores", count=stores)
        if why is None:
            rows += count
        else:
            bad.append(str(source))
            report.refused.append((str(source), why))
    if bad:
        con.execute("DELETE FROM incoming WHERE list_contains(?, source)", [bad])
    base = root / LEVEL_DIRS[level]
    partitions = con.execute("SELECT DISTINCT store_code, month FROM incoming").fetchall()
    existing = [
        (str(code), str(month)) for code, month in partitions
        if _partition_dir(base, str(code), str(month)).is_dir()
    ]  # fmt: skip
    _write_new_partitions(con, base, level, existing)
    for store_code, month in existing:
        _rewrite_partition(con, base, level, store_code, month)
    con.execute("DROP TABLE incoming")
    report.files += len(paths) - len(bad)
    report.rows[level] = report.rows.get(level, 0) + rows


def _write_new_partitions(
    con: duckdb.DuckDBPyConnection, base: Path, level: str, existing: list[tuple[str, str]]
) -> None:
    """The rows of partitions the warehouse does not have yet, in one partitioned write."""
    con.execute("DROP TABLE IF EXISTS existing_parts")
    con.execute("CREATE TEMP TABLE existing_parts (store_code VARCHAR, month VARCHAR)")
    if existing:
        con.executemany("INSERT INTO existing_parts VALUES (?, ?)", existing)
    keys = ", ".join(KEYS[level])
    base.mkdir(parents=True, exist_ok=True)
    con.execute(
        "COPY (SELECT * EXCLUDE (source) FROM incoming i "
        "WHERE NOT EXISTS (SELECT 1 FROM existing_parts e "
        "WHERE e.store_code = i.store_code AND e.month = i.month) "
        f"QUALIFY row_number() OVER (PARTITION BY {keys} ORDER BY {_winner_order(level)}) = 1) "
        f"TO '{base.as_posix()}' (FORMAT parquet, PARTITION_BY (store_code, month), "
        "OVERWRITE_OR_IGNORE, FILENAME_PATTERN 'data_{uuid}')"
    )


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


def _partition_dir(base: Path, store_code: str, month: str) -> Path:
    return base / f"store_code={store_code}" / f"month={month}"


def _rewrite_partition(
    con: duckdb.DuckDBPyConnection, base: Path, level: str, store_code: str, month: str
) -> None:
    """Old rows of the partition and the incoming ones, one winner per key, written to a
    new folder that then replaces the old one (a crash leaves the old one in place)."""
    target = _partition_dir(base, store_code, month)
    sources = [
        "SELECT * EXCLUDE (source) FROM incoming WHERE store_code = $store AND month = $month"
    ]
    if target.is_dir() and any(target.glob("*.parquet")):
        sources.append(
            f"SELECT *, $store AS store_code, $month AS month "
            f"FROM read_parquet('{target.as_posix()}/*.parquet', union_by_name = true, "
            "hive_partitioning = false)"
        )
    union = " UNION ALL BY NAME ".join(f"({s})" for s in sources)
    keys = ", ".join(KEYS[level])
    fresh = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}")
    fresh.mkdir(parents=True)
    con.execute(
        f"COPY (SELECT * EXCLUDE (store_code, month) FROM ({union}) "
        f"QUALIFY row_number() OVER (PARTITION BY {keys} ORDER BY {_winner_order(level)}) = 1) "
        f"TO '{(fresh / 'data.parquet').as_posix()}' (FORMAT parquet)",
        {"store": store_code, "month": month},
    )
    old = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def rows_in(root: Path, level: str) -> int:
    """How many rows the warehouse holds at ``level`` (for reports and tests)."""
    base = root / LEVEL_DIRS[level]
    if not any(base.rglob("*.parquet")):
        return 0
    con = connect()
    found = con.execute(
        f"SELECT count(*) FROM read_parquet('{base.as_posix()}/*/*/*.parquet', "
        "hive_partitioning = true, hive_types_autocast = false, union_by_name = true)"
    ).fetchone()
    con.close()
    return int(found[0]) if found else 0


def describe(report: IngestReport) -> list[str]:
    rows = ", ".join(f"{level} {n}" for level, n in sorted(report.rows.items())) or "0"
    lines = [t("hq.ingested", files=report.files, rows=rows)]
    lines += [t("hq.refused", path=path, why=why) for path, why in report.refused]
    return lines


def as_records(cursor: Any) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Column names and rows of a DuckDB result."""
    names = [d[0] for d in cursor.description]
    return names, cursor.fetchall()
