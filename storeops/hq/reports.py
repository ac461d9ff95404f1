"""``storeops hq report …``: the queries of :mod:`storeops.hq.sql` over the warehouse,
with the filters asked for (checklist, period, stores)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from storeops.hq import sql
from storeops.hq.ingest import LEVEL_DIRS, connect

REPORTS = ("league", "heatmap", "trend", "pareto", "repeats")


@dataclass(frozen=True)
class Filters:
    template_id: str | None = None
    since: date | None = None
    until: date | None = None
    stores: tuple[str, ...] = ()
    period: str = "week"  # trend: week | month
    per_store: bool = False  # trend: one line per store, not all stores together


def _where(filters: Filters, alias: str = "", *, since: date | None, until: date | None) -> str:
    prefix = f"{alias}." if alias else ""
    parts = ["TRUE"]
    if filters.template_id:
        parts.append(f"{prefix}template_id = $template")
    if since is not None:
        parts.append(f"{prefix}finished_at >= $since")
    if until is not None:
        parts.append(f"{prefix}finished_at < $until_next")
    if filters.stores:
        parts.append(f"list_contains($stores, {prefix}store_code)")
    return " AND ".join(parts)


def _params(filters: Filters, since: date | None, until: date | None) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if filters.template_id:
        params["template"] = filters.template_id
    if since is not None:
        params["since"] = since.isoformat()
    if until is not None:
        params["until_next"] = (until + timedelta(days=1)).isoformat()
    if filters.stores:
        params["stores"] = list(filters.stores)
    return params


def run_report(root: Path, name: str, filters: Filters) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Column names and rows of one report over the warehouse at ``root``."""
    con = connect()
    for level, statement in sql.VIEWS.items():
        if any((root / level).rglob("*.parquet")):
            con.execute(statement.format(root=root.as_posix().replace("'", "''")))
        else:
            con.execute(_empty_view(level))
    since, until = filters.since, filters.until
    where = _where(filters, since=since, until=until)
    params = _params(filters, since, until)
    if name == "league":
        query = sql.LEAGUE.format(where=where, previous_where=_previous_where(filters, params))
    elif name == "heatmap":
        query = sql.HEATMAP.format(where=_where(filters, "a", since=since, until=until))
    elif name == "trend":
        group = "store_code" if filters.per_store else "'*'"
        query = sql.TREND.format(where=where, period=filters.period, group_store=group)
    elif name == "pareto":
        query = sql.PARETO.format(where=where)
    elif name == "repeats":
        query = sql.REPEATS.format(where=where)
    else:
        raise KeyError(name)
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
    params["prev_since"] = (filters.since - length).isoformat()
    params["prev_until"] = filters.since.isoformat()
    previous = Filters(filters.template_id, None, None, filters.stores)
    base = _where(previous, since=None, until=None)
    return f"{base} AND finished_at >= $prev_since AND finished_at < $prev_until"


def _empty_view(level: str) -> str:
    """A view with no rows, so a report over a warehouse without that level is empty."""
    from storeops.exporting import ACTION_COLUMNS, ANSWER_COLUMNS, RUN_COLUMNS

    columns = {"runs": RUN_COLUMNS, "answers": ANSWER_COLUMNS, "actions": ACTION_COLUMNS}[level]
    numeric = {"score", "raw_score", "points_possible", "points_earned", "points_before_cap"}
    cells = ", ".join(f'NULL::{"DOUBLE" if c in numeric else "VARCHAR"} AS "{c}"' for c in columns)
    return f"CREATE OR REPLACE VIEW {level} AS SELECT {cells}, NULL::VARCHAR AS month WHERE FALSE"


__all__ = ["LEVEL_DIRS", "REPORTS", "Filters", "run_report"]
