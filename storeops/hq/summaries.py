"""The summaries the reports read, kept up to date at ingest.

Each summary (see :mod:`storeops.hq.sql`) is a small Parquet dataset, one file per month,
``summary/<name>/month=…/data.parquet``, holding rows per store and day. As an ingest
writes store-months of the detail, batch by batch, the summary rows of those store-months
are made from them (the files just written, still in the disk cache) and kept aside; at
the end each month's file is written once: its rows of other store-months as they were,
and the new ones. The repeat-finding streaks of a store run across months, so a store's
streaks are made again from the first month written on, every later month of the store
too, starting from the streak still open at that month's start.

A warehouse whose summaries are of another version (or that has none) gets them made from
the whole detail, a few stores at a time.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from storeops.hq import sql
from storeops.hq.engine import (
    SUMMARY_DIR,
    SUMMARY_VERSION,
    partition_name,
    partition_value,
    quoted,
    read_state,
    write_state,
)

if TYPE_CHECKING:
    import duckdb

Partition = tuple[str, "str | None"]  # (store code, month)
SOURCES = tuple(dict.fromkeys(source for source, _query in sql.SUMMARIES.values()))
STORES_AT_ONCE = 50  # a rebuild makes the summaries of this many stores in one statement


def current(root: Path) -> bool:
    """Whether the warehouse's summaries are of this version."""
    return read_state(root).get("summary_version") == SUMMARY_VERSION


class Summaries:
    """Summary rows made as an ingest goes (:meth:`add`), written at its end (:meth:`write`).

    ``acc_<name>`` holds the rows made so far, ``replaced_<name>`` the store-months they
    replace (a store-month may now have none)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, root: Path) -> None:
        self.con, self.root = con, root
        self.rebuild = not current(root)
        self.added: dict[str, set[Partition]] = {level: set() for level in SOURCES}
        for name in sql.SUMMARIES:
            con.execute(f"CREATE OR REPLACE TEMP TABLE acc_{name} ({sql.SCHEMAS[name]})")
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE replaced_{name} (store_code VARCHAR, month VARCHAR)"
            )
        old = root / SUMMARY_DIR / "streak_days"
        if not self.rebuild and any(old.glob("*/*.parquet")):
            con.execute(
                "CREATE OR REPLACE TEMP VIEW streak_days_old AS SELECT * FROM read_parquet("
                f"'{quoted(old)}/*/*.parquet', hive_partitioning = true, "
                "hive_types_autocast = false)"
            )
        else:
            con.execute(
                "CREATE OR REPLACE TEMP VIEW streak_days_old AS SELECT * FROM acc_streak_days "
                "WHERE FALSE"
            )
        # What was known of the streaks before a recompute: the rows made in this ingest,
        # and the old ones of the store-months it has not made again.
        con.execute(
            "CREATE OR REPLACE TEMP VIEW streak_days_known AS "
            "SELECT * FROM acc_streak_days UNION ALL BY NAME "
            "SELECT * FROM streak_days_old o WHERE NOT EXISTS (SELECT 1 FROM "
            "replaced_streak_days r WHERE r.store_code = o.store_code "
            "AND r.month IS NOT DISTINCT FROM o.month)"
        )

    def add(self, level: str, parts: set[Partition]) -> None:
        """Make the summaries of these store-months of ``level`` (one of :data:`SOURCES`),
        just written."""
        if level not in self.added or not parts:
            return
        self.added[level] |= parts
        for name, (source, query) in sql.SUMMARIES.items():
            if source != level:
                continue
            if name == "streak_days":
                self._streaks(parts)
                continue
            files = _files(self.root, level, parts)
            self._replace(name, parts)
            if files:
                _detail(self.con, files, level)
                self.con.execute(f"INSERT INTO acc_{name} BY NAME ({query})")

    def _replace(self, name: str, parts: Iterable[Partition], *, from_month: bool = False) -> None:
        """Forget the rows made so far of these store-months (of these stores from these
        months on, ``from_month``), and note that they are replaced."""
        _table(self.con, "parts", parts)
        same = ">=" if from_month else "IS NOT DISTINCT FROM"
        self.con.execute(
            f"DELETE FROM acc_{name} a WHERE EXISTS (SELECT 1 FROM parts p WHERE "
            f"p.store_code = a.store_code AND a.month {same} p.month)"
        )
        self.con.execute(f"INSERT INTO replaced_{name} SELECT * FROM parts")

    def _streaks(self, parts: set[Partition]) -> None:
        """The stores' streaks from the first month written on (every later month of the
        store too), starting from the streak still open then."""
        first: dict[str, str] = {}
        for store, month in parts:
            if month is not None and (store not in first or month < first[store]):
                first[store] = month
        recompute = {
            (store, month)
            for store, month in _store_months(self.root, first)
            if month is not None and month >= first[store]
        }
        con = self.con
        _table(con, "recompute", first.items())
        con.execute(f"CREATE OR REPLACE TEMP TABLE carry AS {sql.STREAK_CARRY}")
        self._replace("streak_days", first.items(), from_month=True)
        _table(con, "parts", recompute)
        con.execute("INSERT INTO replaced_streak_days SELECT * FROM parts")
        files = _files(self.root, "answers", recompute)
        if files:
            _detail(con, files, "answers")
            con.execute(f"INSERT INTO acc_streak_days BY NAME ({sql.STREAK_DAYS})")

    def write(self) -> None:
        """Write each month's file of each summary that changed; on a rebuild, make the
        summaries of every store-month not made yet first."""
        if self.rebuild:
            shutil.rmtree(self.root / SUMMARY_DIR, ignore_errors=True)
            for level in SOURCES:
                missing = [p for p in _partitions(self.root, level) if p not in self.added[level]]
                stores = sorted({store for store, _month in missing})
                for start in range(0, len(stores), STORES_AT_ONCE):
                    chosen = set(stores[start : start + STORES_AT_ONCE])
                    self.add(level, {p for p in missing if p[0] in chosen})
        for name in sql.SUMMARIES:
            self._write(name)
        write_state(self.root, summary_version=SUMMARY_VERSION)

    def _write(self, name: str) -> None:
        con = self.con
        months = con.execute(f"SELECT DISTINCT month FROM replaced_{name}").fetchall()
        for (month,) in months:
            folder = self.root / SUMMARY_DIR / name / partition_name("month", month)
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / "data.parquet"
            keep = ""
            if target.exists():
                keep = (
                    f"SELECT * FROM read_parquet('{quoted(target)}', hive_partitioning = false) o "
                    f"WHERE NOT EXISTS (SELECT 1 FROM replaced_{name} r WHERE "
                    "r.store_code = o.store_code AND r.month IS NOT DISTINCT FROM $month) "
                    "UNION ALL BY NAME "
                )
            temp = folder / f".data.{uuid.uuid4().hex[:8]}.tmp"
            con.execute(
                f"COPY ({keep}SELECT * EXCLUDE (month) FROM acc_{name} "
                "WHERE month IS NOT DISTINCT FROM $month) "
                f"TO '{quoted(temp)}' (FORMAT parquet)",
                {"month": month},
            )
            temp.replace(target)


def _table(con: duckdb.DuckDBPyConnection, name: str, parts: Iterable[Partition]) -> None:
    """A temporary table ``name`` (store_code, month) of these store-months (one statement:
    DuckDB's ``executemany`` costs a statement a row)."""
    rows = sorted(parts, key=lambda p: (p[0], p[1] or ""))
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT unnest($stores::VARCHAR[]) AS store_code, "
        "unnest($months::VARCHAR[]) AS month",
        {"stores": [p[0] for p in rows], "months": [p[1] for p in rows]},
    )


def _partitions(root: Path, level: str) -> Iterable[Partition]:
    base = root / level
    if not base.is_dir():
        return
    for store_dir in sorted(base.iterdir()):
        store = partition_value(store_dir.name)
        if store is None or not store_dir.is_dir() or store_dir.name.startswith("."):
            continue
        for month_dir in sorted(store_dir.iterdir()):
            if month_dir.is_dir() and not month_dir.name.startswith("."):
                yield store, partition_value(month_dir.name)


def _store_months(root: Path, stores: Iterable[str]) -> Iterable[Partition]:
    for store in stores:
        folder = root / "answers" / partition_name("store_code", store)
        if folder.is_dir():
            for month_dir in folder.iterdir():
                if month_dir.is_dir() and not month_dir.name.startswith("."):
                    yield store, partition_value(month_dir.name)


def _files(root: Path, level: str, parts: Iterable[Partition]) -> list[str]:
    found: list[str] = []
    for store, month in parts:
        folder = root / level / partition_name("store_code", store) / partition_name("month", month)
        found.extend(p.as_posix() for p in sorted(folder.glob("*.parquet")))
    return found


def _detail(con: duckdb.DuckDBPyConnection, files: list[str], level: str) -> None:
    """``detail``: the rows of these detail files, with their store_code and month. Every
    answer file has the same columns (the current ones); run files differ in their
    section scores, so theirs are matched by name (which costs a read of each schema)."""
    listed = ", ".join(f"'{quoted(Path(f))}'" for f in files)
    by_name = "true" if level == "runs" else "false"
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW detail AS SELECT * FROM read_parquet([{listed}], "
        f"hive_partitioning = true, hive_types_autocast = false, union_by_name = {by_name})"
    )


def rebuild(con: duckdb.DuckDBPyConnection, root: Path) -> None:
    """Make the summaries again from the whole detail (they are of another version)."""
    summaries = Summaries(con, root)
    summaries.rebuild = True
    summaries.write()
