"""The warehouse's layout and its DuckDB connection, shared by ingest and the reports.

Kept apart from :mod:`storeops.hq.ingest` so a report imports neither the export code nor
the scoring (a report has to answer within a second, Python's start included).

Layout (hive partitioning, so any engine that reads Parquet reads it)::

    runs/store_code=…/month=…/data.parquet         one file per store and month
    answers/store_code=…/month=…/data.parquet
    actions/store_code=…/month=…/data.parquet
    complaints/store_code=…/month=…/data.parquet     month the complaint was received
    summary/<name>/month=…/data.parquet            small per-store-day figures, one file
                                                   per month, kept at ingest (see sql.py)
    warehouse.json                                 ingest order and summary version
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import duckdb

LEVEL_DIRS = {"run": "runs", "answer": "answers", "action": "actions", "complaint": "complaints"}
SUMMARY_DIR = "summary"
STATE_FILE = "warehouse.json"
MEMORY_LIMIT = "1GB"
# What is kept in the summaries changes with this number; a warehouse whose summaries were
# made by another version gets them rebuilt from the detail on its next ingest or report.
SUMMARY_VERSION = 2  # 2: complaint_days
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"  # DuckDB's folder name for a NULL value


def connect(memory_limit: str = MEMORY_LIMIT) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB held to ``memory_limit``; what does not fit spills to a folder of
    the system's temp folder (DuckDB's default, ``.tmp`` in the current folder, would leave
    one wherever head office happened to run a report), removed when it closes."""
    import os
    import tempfile

    import duckdb

    con = duckdb.connect()
    spill = Path(tempfile.gettempdir()) / f"storeops-hq-{os.getpid()}-{id(con):x}"
    con.execute(f"SET temp_directory = '{quoted(spill)}'")
    con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute("SET preserve_insertion_order = false")
    return con


def quoted(path: Path) -> str:
    """A path as an SQL string literal's content (``'`` doubled)."""
    return path.as_posix().replace("'", "''")


def read_state(root: Path) -> dict[str, Any]:
    try:
        state = json.loads((root / STATE_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def write_state(root: Path, **changes: Any) -> None:
    state = {**read_state(root), **changes}
    temp = root / f".{STATE_FILE}.tmp"
    temp.write_text(json.dumps(state), "utf-8")
    temp.replace(root / STATE_FILE)


def partition_value(name: str) -> str | None:
    """``store_code=00123`` → ``00123``; DuckDB's folder for a NULL value → ``None``."""
    value = name.partition("=")[2]
    return None if value == NULL_PARTITION else value


def partition_name(column: str, value: str | None) -> str:
    return f"{column}={NULL_PARTITION if value is None else value}"


def has_parquet(folder: Path) -> bool:
    return folder.is_dir() and any(folder.glob("*/*/*.parquet"))
