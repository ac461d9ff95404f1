"""A store's JSON export (``storeops export --format json``) as the CSV exports it stands for.

The JSON carries each run as stored (answers, notes, amendments, review, the template by
its content hash) with its score, and the corrective actions. Head office turns it into
the same run, answer and action rows a CSV export of that store would hold — made by the
export's own code, so the columns and their meaning cannot drift — and ingests those.

A run's answer rows need its template (the sections, items, points), found by the content
hash the run records among the bundled templates and the folders named with
``--templates`` (template files, and templates archived by a store, ``templates/*.json``).
A run whose template is not among them is left out, and said so. What the JSON does not
carry is left empty, as in an export of version 2: ``due_on`` and ``on_time`` (the store's
schedule) and ``repeat_failure`` (the store's earlier runs).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from storeops.complaint_export import COMPLAINT_COLUMNS
from storeops.exporting import (
    ACTION_COLUMNS,
    ANSWER_COLUMNS,
    EXPORT_VERSION,
    action_rows,
    answer_rows,
    run_rows,
    safe_cell,
    to_csv,
)
from storeops.i18n import t
from storeops.profile import StoreProfile
from storeops.records import BadRecord
from storeops.run_record import Run
from storeops.scoring import RunScore, score_run
from storeops.templates import Template, TemplateError, bundled_templates_dir, template_from_data

MAX_JSON_BYTES = 2_000_000_000  # a JSON export is read whole: refuse a file beyond this


class TemplateIndex:
    """Templates by content hash: the bundled ones and those in the folders named."""

    def __init__(self, folders: Iterable[Path] = ()) -> None:
        self.by_hash: dict[str, Template] = {}
        self.problems: list[str] = []
        self._add_folder(bundled_templates_dir())
        for folder in folders:
            self._add_folder(Path(folder).expanduser())

    def _add_folder(self, folder: Path) -> None:
        from storeops.file_kinds import read_regular
        from storeops.templates import parse_template

        if not folder.is_dir():
            self.problems.append(t("hq.err.templates_folder", path=folder))
            return
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".toml", ".json") or not path.is_file():
                continue
            try:
                raw = read_regular(path)
                if path.suffix == ".toml":
                    template = parse_template(raw, str(path))
                else:
                    template = template_from_data(json.loads(raw), str(path))
            except (OSError, ValueError, TemplateError):
                continue  # not a template (or a broken one): `templates validate` says why
            self.by_hash.setdefault(template.hash, template)

    def get(self, template_hash: str) -> Template | None:
        return self.by_hash.get(template_hash)


@dataclass
class Converted:
    """The CSV exports a JSON export stands for (level → CSV bytes), and what was left out."""

    store_code: str
    exports: dict[str, bytes] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)  # one line per checklist not known


def convert(raw: bytes, templates: TemplateIndex) -> Converted:
    """The run, answer, action and complaint CSV exports of a JSON export; raises
    ValueError with the reason when it is not one storeops can read."""
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValueError(t("hq.err.read", error=exc)) from None
    if not isinstance(doc, dict) or not (
        isinstance(doc.get("runs"), list) or isinstance(doc.get("complaints"), list)
    ):
        raise ValueError(t("hq.err.not_json_export"))
    version = doc.get("export_version", 1)
    if not isinstance(version, int) or isinstance(version, bool):
        raise ValueError(t("hq.err.version_cell"))
    if version > EXPORT_VERSION:
        raise ValueError(t("hq.err.future", found=version, known=EXPORT_VERSION))
    found_store = doc.get("store")
    store: dict[str, Any] = found_store if isinstance(found_store, dict) else {}
    runs = [_run(n, item) for n, item in enumerate(doc.get("runs") or [])]
    actions = [_action(n, item) for n, item in enumerate(doc.get("actions") or [])]
    complaints = [_complaint(n, item) for n, item in enumerate(doc.get("complaints") or [])]
    codes = {r.store_code for r in runs} | {a.store_code for a in actions}
    codes |= {str(c["store_code"]) for c in complaints}
    if store.get("code"):
        codes.add(str(store["code"]))
    if len(codes) > 1:
        raise ValueError(t("hq.err.stores", count=len(codes)))
    code = codes.pop() if codes else ""
    profile = StoreProfile(code, str(store.get("name") or ""), str(store.get("manager") or ""))
    chosen: list[tuple[Run, Template, RunScore]] = []
    missing: dict[tuple[str, str], int] = {}
    for run in runs:
        template = templates.get(run.template_hash)
        if template is None:
            key = (run.template_id, run.template_hash)
            missing[key] = missing.get(key, 0) + 1
            continue
        chosen.append((run, template, score_run(template, run.scoring_answers(),
                                                run.attributes())))  # fmt: skip
    converted = Converted(code)
    for (template_id, template_hash), count in sorted(missing.items()):
        converted.left_out.append(
            t("hq.json.left_out", count=count, template=template_id, hash=template_hash[:12])
        )
    chosen.sort(key=lambda c: c[0].finished_at or "")
    columns, rows = run_rows(chosen, profile)
    _add(converted, "run", columns, rows)
    _add(converted, "answer", ANSWER_COLUMNS, answer_rows(chosen, safe_cell, None), safe=True)
    _add(converted, "action", ACTION_COLUMNS, action_rows(actions, _exported_on(doc)))
    _add(converted, "complaint", COMPLAINT_COLUMNS,
         [[c.get(column) for column in COMPLAINT_COLUMNS] for c in complaints])  # fmt: skip
    return converted


def _add(
    converted: Converted,
    level: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    safe: bool = False,
) -> None:
    if rows:
        converted.exports[level] = to_csv(columns, rows, safe=safe)
        converted.rows[level] = len(rows)


def _run(n: int, doc: object) -> Run:
    try:
        return Run.from_doc(doc if isinstance(doc, dict) else {}, finished=True)
    except BadRecord as exc:
        raise ValueError(t("hq.err.json_record", record=f"runs[{n}]", why=exc)) from None


def _action(n: int, doc: object) -> Any:
    from storeops.actions import CorrectiveAction

    try:
        return CorrectiveAction.from_doc(doc if isinstance(doc, dict) else {})
    except BadRecord as exc:
        raise ValueError(t("hq.err.json_record", record=f"actions[{n}]", why=exc)) from None


def _complaint(n: int, doc: object) -> dict[str, Any]:
    """A complaint's row as its JSON export wrote it, with the history list as the CSV
    export's text; a row without a complaint id or store code is refused."""
    from storeops.complaints import entries_text

    where = f"complaints[{n}]"
    if not isinstance(doc, dict):
        raise ValueError(t("hq.err.json_record", record=where, why=t("hq.err.not_object")))
    for key in ("complaint_id", "store_code", "received_on"):
        if not isinstance(doc.get(key), str) or not doc[key]:
            raise ValueError(t("hq.err.json_record", record=where, why=t("hq.err.no_field",
                                                                      field=key)))  # fmt: skip
    row = dict(doc)
    history = row.get("history")
    if isinstance(history, list):
        row["history"] = entries_text([e for e in history if isinstance(e, dict)])
    for key, value in row.items():
        if isinstance(value, dict | list):  # nothing else is nested; never a Python repr
            row[key] = json.dumps(value, ensure_ascii=False)
    return row


def _exported_on(doc: dict[str, Any]) -> date:
    """The day the export was made (an action's ``overdue`` is as of then)."""
    try:
        return date.fromisoformat(str(doc.get("exported_at") or "")[:10])
    except ValueError:
        return date.min
