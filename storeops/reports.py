"""Reports over finished runs (pure): score trend by week, Pareto of failed items, a
league of stores from a merged export, and one run as printable HTML."""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from storeops.header_values import is_own
from storeops.i18n import t
from storeops.runs import Run, RunSummary
from storeops.scoring import RunScore, round1
from storeops.templates import OWN, Template


@dataclass(frozen=True)
class TrendPoint:
    week: str  # ISO week, e.g. 2026-W47
    count: int
    mean: float | None
    low: float | None
    high: float | None


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def score_trend(summaries: Sequence[RunSummary]) -> list[TrendPoint]:
    """Mean, lowest and highest score per ISO week of finishing, oldest week first."""
    by_week: dict[str, list[float]] = defaultdict(list)
    counts: Counter[str] = Counter()
    for summary in summaries:
        week = iso_week(date.fromisoformat(summary.finished_at[:10]))
        counts[week] += 1
        if summary.score is not None:
            by_week[week].append(summary.score)
    points = []
    for week in sorted(counts):
        values = by_week.get(week, [])
        points.append(TrendPoint(
            week, counts[week], round1(sum(values) / len(values)) if values else None,
            min(values) if values else None, max(values) if values else None,
        ))  # fmt: skip
    return points


@dataclass(frozen=True)
class ParetoRow:
    item_id: str
    text: str
    count: int
    percent: float
    cumulative: float


def pareto(
    scored: Sequence[tuple[Run, Template, RunScore]],
) -> tuple[list[ParetoRow], int, int]:
    """Failed items over the store's own runs, most failed first, with % and cumulative %
    of all failures (seed 003's 排列图); ties by item id. A mystery visit to a competitor
    is not the store's failure and is left out. Returns the rows, the total of failures
    and the number of runs counted."""
    counts: Counter[str] = Counter()
    texts: dict[str, str] = {}
    counted = 0
    for run, template, result in scored:
        if not is_own(template, run.header):
            continue
        counted += 1
        for item_id, item_result in result.items.items():
            if item_result.status == "fail":
                counts[item_id] += 1
                texts.setdefault(item_id, str(template.item(item_id).text))
    total = sum(counts.values())
    rows, running = [], 0
    for item_id, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        running += count
        rows.append(ParetoRow(item_id, texts[item_id], count, round1(100 * count / total),
                              round1(100 * running / total)))  # fmt: skip
    return rows, total, counted


@dataclass(frozen=True)
class StoreRow:
    store_code: str
    template_id: str
    runs: int
    mean: float | None
    critical: int


def merged_league(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> list[StoreRow]:
    """Per store and template, from a merged run-level export: runs, mean score, criticals.

    Only the stores' own results count: a row whose ``target_kind`` is not ``own`` (a
    mystery visit to a competitor) is left out (exports before version 2 have no such
    column; all their rows count)."""
    index = {name: n for n, name in enumerate(columns)}
    kind_at = index.get("target_kind")
    groups: dict[tuple[str, str], list[Sequence[str]]] = defaultdict(list)
    for row in rows:
        if kind_at is not None and row[kind_at] not in ("", OWN):
            continue
        groups[(row[index["store_code"]], row[index["template_id"]])].append(row)
    league = []
    for (store, template_id), members in groups.items():
        scores = [float(r[index["score"]]) for r in members if r[index["score"]] not in ("", None)]
        critical = sum(1 for r in members if r[index["critical_failed"]] == "Y")
        mean = round1(sum(scores) / len(scores)) if scores else None
        league.append(StoreRow(store, template_id, len(members), mean, critical))
    return sorted(
        league, key=lambda s: (s.template_id, s.mean is None, -(s.mean or 0), s.store_code)
    )


_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse;width:100%}}
td,th{{border:1px solid #999;padding:4px;text-align:left;vertical-align:top}}
tr.section th{{background:#eee}}tr.fail td{{background:#fdd}}tr.na td{{color:#888}}
@media print{{body{{margin:0}}}}</style></head><body>
<h1>{title}</h1>
<p>{facts}</p>
<h2>{score_line}</h2>
{critical}
<table><tr><th>ID</th><th>{item}</th><th>{answer}</th><th>{result}</th></tr>
{rows}
</table>
{amendments}
<p><small>{footer}</small></p>
</body></html>
"""


def _listing(heading: str, entries: list[str]) -> str:
    if not entries:
        return ""
    items = "".join(f"<li>{entry}</li>" for entry in entries)
    return f"<h3>{html.escape(heading)}</h3><ul>{items}</ul>"


def run_html(run: Run, template: Template, result: RunScore, store_name: str) -> str:
    """One run as a self-contained printable page: scores, critical failures, then answers."""
    e = html.escape
    rows = []
    for section, section_score in zip(template.sections, result.sections, strict=True):
        pct = "—" if section_score.percent is None else f"{section_score.percent:.1f}%"
        title = f"{section.id} {section.title}"
        rows.append(f"<tr class='section'><th colspan='3'>{e(title)}</th><th>{pct}</th></tr>")
        for item in section.items:
            status = result.items[item.id].status
            answer = run.answer_for(item.id)
            shown = "" if answer is None else ("N/A" if answer.na else str(answer.value))
            note = run.notes.get(item.id, "")
            text = e(item.text.both()) + (f"<br><i>{e(note)}</i>" if note else "")
            rows.append(
                f"<tr class='{status}'><td>{e(item.id)}</td><td>{text}</td>"
                f"<td>{e(shown)}</td><td>{e(status)}</td></tr>"
            )
    facts = [
        f"{t('html.store')}: {run.store_code} {store_name}",
        f"{t('html.finished')}: {(run.finished_at or '')[:16].replace('T', ' ')}",
        f"{t('html.by')}: {run.signed_off_by or ''}",
    ]
    if run.subject:
        facts.append(f"{t('html.subject')}: {run.subject}")
    score = "—" if result.score is None else f"{result.score:.1f}"
    band = str(result.band.label) if result.band else ""
    critical = [e(f"{i} {template.item(i).text}") for i in result.critical_failures]
    amendments = [
        e(f"{str(a.get('at', ''))[:16]} · {a.get('by', '')} · {a.get('why', '')} · "
          f"{', '.join(a.get('answers', {}))}")
        for a in run.amendments
    ]  # fmt: skip
    return _PAGE.format(
        title=e(template.title.both()),
        facts=e(" · ".join(facts)),
        score_line=e(f"{t('html.score')}: {score} · {band}"),
        critical=_listing(t("html.critical"), critical),
        item=e(t("html.item")),
        answer=e(t("html.answer")),
        result=e(t("html.result")),
        rows="\n".join(rows),
        amendments=_listing(t("html.amendments"), amendments),
        footer=e(f"run {run.id} · {template.id} v{template.version} · {run.template_hash}"),
    )
