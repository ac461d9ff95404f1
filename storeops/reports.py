"""Reports over finished runs (pure): score trend by week, Pareto of failed items, a
league of stores from a merged export, and one run as a printable HTML page."""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from storeops.actions import PRIORITIES, CorrectiveAction, evidence_of
from storeops.actions import STATUSES as ACTION_STATUSES
from storeops.answers import format_number
from storeops.header_values import is_own
from storeops.i18n import current_language, t
from storeops.records import REVIEW_STATUSES
from storeops.rounding import one_decimal
from storeops.runs import Run, RunSummary
from storeops.scoring import Answer, RunScore, round1
from storeops.templates import OWN, Item, Template


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


def week_days(week: str) -> tuple[date, date]:
    """The Monday and the Sunday of an ISO week named as :func:`iso_week` names it."""
    year, number = week.split("-W")
    return (date.fromisocalendar(int(year), int(number), 1),
            date.fromisocalendar(int(year), int(number), 7))  # fmt: skip


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
    counted = count_failures(scored, counts, texts)
    return pareto_rows(counts, texts, counted)


def count_failures(
    scored: Sequence[tuple[Run, Template, RunScore]], counts: Counter[str], texts: dict[str, str]
) -> int:
    """Add the store's own runs' failed items to ``counts`` (and their text to ``texts``);
    returns how many runs were counted."""
    counted = 0
    for run, template, result in scored:
        if not is_own(template, run.header):
            continue
        counted += 1
        for item_id, item_result in result.items.items():
            if item_result.status == "fail":
                counts[item_id] += 1
                texts.setdefault(item_id, str(template.item(item_id).text))
    return counted


def pareto_rows(
    counts: Counter[str], texts: dict[str, str], counted: int
) -> tuple[list[ParetoRow], int, int]:
    """The Pareto's rows from each item's failures (see :func:`pareto`)."""
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


def answer_text(item: Item, answer: Answer | None) -> str:
    """An answer as the manager gave it, in the current language: the pass / fail (or
    observed / not observed) word, a number with its unit, a scale value with its label,
    the option chosen, N/A, or the text typed."""
    if answer is None:
        return t("runner.answer.none")
    if answer.na:
        return t("runner.answer.na")
    value = answer.value
    if item.type == "pass_fail":
        if item.negative:
            return t("runner.answer.observed") if value else t("runner.answer.not_observed")
        return t("runner.answer.pass") if value else t("runner.answer.fail")
    if item.type == "choice":
        option = item.option(str(value))
        return str(option.text) if option is not None else str(value)
    if item.type == "scale":
        if isinstance(value, bool) or not isinstance(value, int):
            return str(value)
        at = value - item.min
        label = f" {item.labels[at]}" if 0 <= at < len(item.labels) else ""
        return f"{value}/{item.max}{label}"
    if item.type == "number":
        if value is None:
            return t("runner.answer.never")
        if isinstance(value, bool) or not isinstance(value, int | float):
            return str(value)
        return f"{format_number(value)} {item.unit}".strip()
    return "" if value is None else str(value)


def header_facts(template: Template, run: Run) -> list[tuple[str, str]]:
    """The run's header as (label, value) in the current language, in the template's
    order, empty ones left out; a field the template no longer has keeps its id."""
    from storeops.header_values import shown_value

    facts, known = [], set()
    for header_field in template.header:
        known.add(header_field.id)
        value = run.header.get(header_field.id, "")
        if value:
            facts.append((str(header_field.text), shown_value(header_field, value)))
    facts += [(key, value) for key, value in run.header.items() if key not in known and value]
    return facts


def written_notes(template: Template, run: Run) -> list[tuple[str, list[tuple[str, str]]]]:
    """What was written in the run's text items (the See / Hear / Develop of a coaching,
    a visit's narrative), by section: [(section title, [(item text, what was written)])]."""
    notes = []
    for section in template.sections:
        written = []
        for item in section.items:
            answer = run.answer_for(item.id) if item.type == "text" else None
            if answer is not None and not answer.na and str(answer.value or "").strip():
                written.append((str(item.text), str(answer.value).strip()))
        if written:
            notes.append((str(section.title), written))
    return notes


def _stamp(iso: str | None) -> str:
    """An ISO time as ``YYYY-MM-DD HH:MM`` (the time zone is the store's)."""
    return (iso or "")[:16].replace("T", " ")


def _points(value: float) -> str:
    return format_number(round(value, 2))


# Printed on paper: black on white, no background colours (browsers leave them out of
# print by default, so nothing may depend on them), marks in words and symbols, a row
# never split across two pages, the table heading repeated on each page.
_STYLE = """
@page { size: A4; margin: 15mm 12mm; }
body { font-family: "Noto Sans", "Microsoft YaHei", "PingFang SC", sans-serif;
       font-size: 10.5pt; color: #000; background: #fff; margin: 2em; }
h1 { font-size: 16pt; margin: 0 0 .4em; }
h2 { font-size: 13pt; margin: 1.2em 0 .4em; }
h2, h3 { break-after: avoid; page-break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin-bottom: .8em; }
thead { display: table-header-group; }
tr, li { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #000; padding: 3px 5px; text-align: left; vertical-align: top; }
table.facts th { width: 28%; font-weight: normal; }
table.facts td, table.facts th { border: none; border-bottom: 1px solid #000; }
tr.section th { border-top: 2px solid #000; font-weight: bold; }
tr.fail td.result, li.critical { font-weight: bold; }
td.num { text-align: right; white-space: nowrap; }
.note { font-style: italic; }
.written, .note { white-space: pre-wrap; }
p.footer { font-size: 8.5pt; margin-top: 2em; }
@media print { body { margin: 0; } a { color: #000; text-decoration: none; } }
"""


def run_html(
    run: Run,
    template: Template,
    result: RunScore,
    *,
    store_name: str,
    actions: Sequence[CorrectiveAction] = (),
    today: date | None = None,
) -> str:
    """One run as a self-contained printable page (A4) in the current language: the
    store, the header, when and by whom it was signed off and how it was reviewed, what
    was written (coaching notes), the score, band and sections, strengths first, critical
    failures, the corrective actions raised on it (``today`` marks the overdue), every
    answer as given with its note, and any amendments. Every text from the data is
    HTML-escaped."""
    e = html.escape
    parts = [f"<h1>{e(str(template.title))}</h1>", _facts(run, template, store_name)]
    parts.append(_notes(template, run))
    score = "—" if result.score is None else one_decimal(result.score)
    band = str(result.band.label) if result.band else "—"
    parts.append(f"<h2>{e(t('html.score_line', score=score, band=band))}</h2>")
    parts.append(_sections(template, result))
    parts.append(_strengths(run, template, result))
    if result.critical_failures:
        failures = "".join(
            f"<li class='critical'>⚠ {e(i)} {e(str(template.item(i).text))}</li>"
            for i in result.critical_failures
        )
        parts.append(f"<h2>{e(t('html.critical'))}</h2><ul>{failures}</ul>")
    parts.append(_actions(template, actions, today))
    parts.append(_answers(run, template, result))
    parts.append(_amendments(run))
    footer = t("html.footer", id=run.id, template=template.title.both(), template_id=template.id,
               version=run.template_version, hash=run.template_hash)  # fmt: skip
    parts.append(f"<p class='footer'>{e(footer)}</p>")
    lang = "zh-CN" if current_language() == "zh" else "en"
    title = " · ".join(
        x for x in (str(template.title), run.store_code, _stamp(run.finished_at)) if x
    )
    return (
        f"<!doctype html>\n<html lang='{lang}'><head><meta charset='utf-8'>"
        f"<title>{e(title)}</title><style>{_STYLE}</style></head><body>\n"
        + "\n".join(part for part in parts if part)
        + "\n</body></html>\n"
    )


def _facts(run: Run, template: Template, store_name: str) -> str:
    """Store, the header fields as filled in, started, finished and signed off by whom,
    and the review decisions (a mystery visit's accept / return, with the reason)."""
    e = html.escape
    rows = [(t("html.store"), f"{run.store_code} {store_name}".strip())]
    rows += header_facts(template, run)
    rows.append((t("html.started"), _stamp(run.started_at)))
    rows.append((t("html.finished"), _stamp(run.finished_at)))
    rows.append((t("html.by"), run.signed_off_by or "—"))
    for entry in (run.review or {}).get("history", []):
        status = str(entry.get("status", ""))
        label = t(f"review.status.{status}") if status in REVIEW_STATUSES else status
        decision = t("html.review_entry", status=label, by=entry.get("by") or "—",
                     at=_stamp(str(entry.get("at", ""))))  # fmt: skip
        if entry.get("reason"):
            decision = t("html.with_reason", text=decision, reason=entry["reason"])
        rows.append((t("html.review"), decision))
    body = "".join(f"<tr><th>{e(label)}</th><td>{e(value)}</td></tr>" for label, value in rows)
    return f"<table class='facts'>{body}</table>"


def _notes(template: Template, run: Run) -> str:
    """What was written (coaching notes, a visit's narrative), near the top: it is what
    a reader wants first, and in the answer table it would be one cell among many."""
    e = html.escape
    blocks = []
    for title, written in written_notes(template, run):
        rows = "".join(
            f"<tr><th>{e(label)}</th><td class='written'>{e(text)}</td></tr>"
            for label, text in written
        )
        blocks.append(f"<h2>{e(title)}</h2><table class='facts'>{rows}</table>")
    return "".join(blocks)


def _sections(template: Template, result: RunScore) -> str:
    e = html.escape
    rows = []
    for section, scored in zip(template.sections, result.sections, strict=True):
        if scored.percent is None:
            continue  # nothing scored in it (notes, or all N/A)
        rows.append(f"<tr><td>{e(str(section.title))}</td>"
                    f"<td class='num'>{one_decimal(scored.percent)}%</td></tr>")  # fmt: skip
    if not rows:
        return ""
    head = f"<thead><tr><th>{e(t('html.section'))}</th><th>{e(t('html.score'))}</th></tr></thead>"
    return f"<table>{head}<tbody>{''.join(rows)}</tbody></table>"


def _strengths(run: Run, template: Template, result: RunScore) -> str:
    """What went well, before what did not (the product's rule for every report)."""
    from storeops.history import strengths

    e = html.escape
    good = strengths(template, result, run.scoring_answers())
    entries = [str(template.section(s).title) for s in good.sections]
    entries += [f"{i} {template.item(i).text}" for i in good.items]
    if not entries:
        return ""
    listed = "".join(f"<li>✓ {e(entry)}</li>" for entry in entries)
    return f"<h2>{e(t('html.strengths'))}</h2><ul>{listed}</ul>"


def _actions(template: Template, actions: Sequence[CorrectiveAction], today: date | None) -> str:
    e = html.escape
    if not actions:
        return f"<h2>{e(t('html.actions'))}</h2><p>{e(t('html.no_actions'))}</p>"
    columns = ("action.col.item", "action.col.description", "action.col.owner", "action.col.due",
               "action.col.priority", "action.col.status")  # fmt: skip
    head = "".join(f"<th>{e(t(key))}</th>" for key in columns)
    rows = []
    for action in actions:
        try:
            item = f"{action.item_id} {template.item(action.item_id).text}"
        except KeyError:  # an item the template no longer has
            item = action.item_id
        due = action.due
        if today is not None and action.overdue(today):
            due = t("html.overdue", due=due)
        status = action.status_text() if action.status in ACTION_STATUSES else ""
        files = ", ".join(str(f.get("name", "")) for f in evidence_of(action))
        if files:
            status += " · " + t("action.hist.evidence", files=files)
        priority = t(f"action.priority.{action.priority}") if action.priority in PRIORITIES else ""
        cells = (item, action.description, action.owner, due, priority, status or action.status)
        rows.append("<tr>" + "".join(f"<td>{e(cell)}</td>" for cell in cells) + "</tr>")
    return (
        f"<h2>{e(t('html.actions'))}</h2><table><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _answers(run: Run, template: Template, result: RunScore) -> str:
    e = html.escape
    columns = ("cli.col.id", "html.item", "html.answer", "html.result", "html.points")
    head = "".join(f"<th>{e(t(key))}</th>" for key in columns)
    rows = []
    for section, scored in zip(template.sections, result.sections, strict=True):
        pct = "" if scored.percent is None else f"{one_decimal(scored.percent)}%"
        rows.append(f"<tr class='section'><th colspan='4'>{e(f'{section.id} {section.title}')}"
                    f"</th><th class='num'>{pct}</th></tr>")  # fmt: skip
        for item in section.items:
            scored_item = result.items[item.id]
            status = scored_item.status
            if status == "hidden":  # its condition did not hold: it was never asked
                continue
            note = run.notes.get(item.id, "")
            text = e(str(item.text)) + (
                f"<br><span class='note'>{e(t('html.note', note=note))}</span>" if note else ""
            )
            # "Not answered" is said once, in the answer column; a note, or a figure worth
            # no points (customers in store), has no verdict.
            judged = item.scored and status in ("pass", "fail", "na")
            verdict = t(f"html.status.{status}") if judged else ""
            if scored_item.critical_failed:
                verdict = f"{verdict} ⚠ {t('html.critical_mark')}"
            points = ""
            if item.points > 0 and status in ("pass", "fail"):
                earned = _points(scored_item.earned)
                if item.bonus or scored_item.possible <= 0:  # adds to (or takes from) the score
                    points = f"+{earned}" if scored_item.earned >= 0 else earned
                else:
                    points = f"{earned}/{_points(scored_item.possible)}"
            answer = answer_text(item, run.answer_for(item.id))
            written = " class='written'" if item.type == "text" else ""
            rows.append(
                f"<tr class='{status}'><td>{e(item.id)}</td><td>{text}</td>"
                f"<td{written}>{e(answer)}</td><td class='result'>{e(verdict)}</td>"
                f"<td class='num'>{e(points)}</td></tr>"
            )
    return (
        f"<h2>{e(t('html.answers'))}</h2><table><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _amendments(run: Run) -> str:
    e = html.escape
    if not run.amendments:
        return ""
    entries = []
    for amendment in run.amendments:
        changed = ", ".join(sorted(amendment.get("answers", {})))
        entries.append(t("result.amendment", at=_stamp(str(amendment.get("at", ""))),
                         by=amendment.get("by", ""), why=amendment.get("why", ""),
                         items=changed).strip())  # fmt: skip
    listed = "".join(f"<li>{e(entry)}</li>" for entry in entries)
    return f"<h2>{e(t('html.amendments'))}</h2><ul>{listed}</ul>"
