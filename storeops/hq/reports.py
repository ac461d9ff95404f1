"""``storeops hq report …``: the queries of :mod:`storeops.hq.sql` over the warehouse's
summaries, with the filters asked for (checklist, period, stores).

Imports no export or scoring code: a report is a process of its own, and has a second.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storeops.hq import sql
from storeops.hq.engine import LEVEL_DIRS, SUMMARY_DIR, connect, quoted

if TYPE_CHECKING:
    import duckdb

REPORTS = ("league", "heatmap", "trend", "pareto", "repeats", "completion", "complaints")
READS = {
    "league": "run_days",
    "heatmap": "section_days",
    "trend": "run_days",
    "pareto": "failure_days",
    "repeats": "streak_days",
    "completion": "completion_days",
    "complaints": "complaint_days",
}
CHECKLIST_FREE = ("complaints",)  # reports not of a checklist: --template does not apply
COMPLAINTS_BY = ("store", "category", "cause")  # what the complaint report groups by


@dataclass(frozen=True)
class Filters:
    template_id: str | None = None
    since: date | None = None
    until: date | None = None
    stores: tuple[str, ...] = ()
    period: str = "week"  # trend: week | month
    per_store: bool = False  # trend: one line per store, not all stores together
    by: str = "store"  # complaints: per store, or across stores by category or cause


def _where(filters: Filters, *, since: date | None, until: date | None, prefix: str = "") -> str:
    """The filters on a summary's columns (its ``month`` too, so whole files are skipped)."""
    parts = ["TRUE"]
    if filters.template_id:
        parts.append("template_id = $template")
    if since is not None:
        parts.append(f"day >= ${prefix}since AND month >= ${prefix}since_month")
    if until is not None:
        parts.append(f"day <= ${prefix}until AND month <= ${prefix}until_month")
    if filters.stores:
        parts.append("list_contains($stores, store_code)")
    return " AND ".join(parts)


def _params(
    filters: Filters, since: date | None, until: date | None, prefix: str = ""
) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if filters.template_id:
        params["template"] = filters.template_id
    if since is not None:
        params[f"{prefix}since"] = since
        params[f"{prefix}since_month"] = f"{since:%Y-%m}"
    if until is not None:
        params[f"{prefix}until"] = until
        params[f"{prefix}until_month"] = f"{until:%Y-%m}"
    if filters.stores:
        params["stores"] = list(filters.stores)
    return params


def open_summaries(root: Path, names: list[str]) -> duckdb.DuckDBPyConnection:
    """A connection with a view of each summary named (kept up to date first, if the
    warehouse's are of another version)."""
    from storeops.hq import summaries

    con = connect()
    if not summaries.current(root) and any(
        (root / level).is_dir() for level in LEVEL_DIRS.values()
    ):
        summaries.rebuild(con, root)
    con.execute(sql.MACROS)
    for name in names:
        folder = root / SUMMARY_DIR / name
        if any(folder.glob("*/*.parquet")):
            con.execute(
                f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_parquet("
                f"'{quoted(folder)}/*/*.parquet', hive_partitioning = true, "
                "hive_types_autocast = false)"
            )
        else:
            con.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({sql.SCHEMAS[name]})")
    return con


def run_report(root: Path, name: str, filters: Filters) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Column names and rows of one report over the warehouse at ``root``; raises
    ValueError when a report of :data:`CHECKLIST_FREE` is asked for one checklist."""
    if name not in READS:
        raise KeyError(name)
    if name in CHECKLIST_FREE and filters.template_id:
        raise ValueError(name)
    con = open_summaries(root, [READS[name], *(["failure_days"] if name == "repeats" else [])])
    since, until = filters.since, filters.until
    where = _where(filters, since=since, until=until)
    params = _params(filters, since, until)
    if name == "league":
        query = sql.LEAGUE.format(where=where, previous_where=_previous_where(filters, params))
    elif name == "complaints" and filters.by != "store":
        if filters.by not in COMPLAINTS_BY:
            raise ValueError(filters.by)
        query = sql.COMPLAINTS_BY.format(where=where, by=filters.by)
    elif name == "trend":
        group = "store_code" if filters.per_store else "'*'"
        query = sql.TREND.format(where=where, period=filters.period, group_store=group)
    else:
        query = {
            "heatmap": sql.HEATMAP, "pareto": sql.PARETO, "repeats": sql.REPEATS,
            "completion": sql.COMPLETION, "complaints": sql.COMPLAINTS,
        }[name].format(where=where)  # fmt: skip
    cursor = con.execute(query, params)
    names = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    con.close()
    return names, rows


def _previous_where(filters: Filters, params: dict[str, Any]) -> str:
    """The period of the same length just before the one asked for (FALSE without one)."""
    if filters.since is None or filters.until is None:
        return "FALSE"
    length = filters.until - filters.since + timedelta(days=1)
    since, until = filters.since - length, filters.since - timedelta(days=1)
    params.update(_params(Filters(), since, until, prefix="prev_"))
    previous = Filters(filters.template_id, None, None, filters.stores)
    return _where(previous, since=since, until=until, prefix="prev_")


__all__ = [
    "CHECKLIST_FREE",
    "COMPLAINTS_BY",
    "LEVEL_DIRS",
    "REPORTS",
    "Filters",
    "open_summaries",
    "run_report",
]
