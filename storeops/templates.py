"""Checklist templates: TOML data turned into frozen dataclasses.

A template is data a head office can edit, so the loader is strict and kind: it
collects *every* problem in a file (each naming the file, the section or item and
what is wrong) instead of stopping at the first, and a bad file never stops the
good ones from loading. The format is documented in README ("Template format").

This module does no file I/O itself: :mod:`storeops.storage` reads the files.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from storeops.i18n import Msg, pick, t
from storeops.locations import bundled_templates_dir, cache_dir
from storeops.storage import SourceFile, read_cache, read_sources, write_cache
from storeops.text_clean import controls_in, printable

ItemType = Literal["pass_fail", "scale", "number", "text", "choice"]
ITEM_TYPES: tuple[str, ...] = ("pass_fail", "scale", "number", "text", "choice")
# A scale earns points × value ÷ max ("zero"), or (value − min) ÷ (max − min) ("min").
SCORE_FROM: tuple[str, ...] = ("zero", "min")
DIRECTIONS: tuple[str, ...] = ("<=", ">=", "<", ">", "==")
# ``subject_kind``: the field that says whose result a run is (own store, competitor …).
ROLES: tuple[str, ...] = ("auditor", "subject", "subject_kind", "other")
HEADER_TYPES: tuple[str, ...] = ("text", "date", "time", "choice")
OWN = "own"  # the subject-kind choice that makes a run the store's own result
_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")


@dataclass(frozen=True)
class Text:
    """A text in both languages; either may be empty, never both."""

    en: str = ""
    zh: str = ""

    def __str__(self) -> str:
        return pick(self.en, self.zh)

    def both(self) -> str:
        """``English / 中文`` when both exist, for places that show both."""
        if self.en and self.zh and self.en != self.zh:
            return f"{self.en} / {self.zh}"
        return self.en or self.zh


EMPTY = Text()


@dataclass(frozen=True)
class Band:
    """A grade band: runs scoring at least ``min`` get it."""

    key: str
    min: float
    label: Text
    fail: bool = False


@dataclass(frozen=True)
class HeaderChoice:
    """One answer of a ``choice`` header field: the key stored, the label shown."""

    key: str
    text: Text


@dataclass(frozen=True)
class HeaderField:
    """A field asked before the checklist starts (auditor, associate observed, …)."""

    id: str
    text: Text
    role: str = "other"
    required: bool = False
    staff: bool = False  # a staff member's name: offered from and added to the staff list
    type: str = "text"  # text | date (YYYY-MM-DD) | time (HH:MM) | choice
    choices: tuple[HeaderChoice, ...] = ()
    future: bool = False  # date: may be after today
    after: str = ""  # time: not earlier than this other time field (time out after time in)

    def choice(self, key: str) -> HeaderChoice | None:
        return next((c for c in self.choices if c.key == key), None)


@dataclass(frozen=True)
class Option:
    """One answer of a ``choice`` item: the key stored, its label, the share of the item's
    points it earns (may be negative: a deduction), and whether it counts as a failure."""

    key: str
    text: Text
    score: float
    fail: bool = False


@dataclass(frozen=True)
class Condition:
    """When an item is shown: another (earlier) item's answer, written as import writes
    answers (``y``/``n``/``x``, an option key, a scale value), or a store attribute from the
    profile, is one of ``values``."""

    values: tuple[str, ...]
    item: str = ""
    store: str = ""


@dataclass(frozen=True)
class OnFail:
    """What the auditor must give when the item fails."""

    note: bool = False
    action: bool = False
    evidence: bool = False

    def __bool__(self) -> bool:
        return self.note or self.action or self.evidence


NO_FOLLOW_UP = OnFail()


WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EVERY: tuple[str, ...] = ("day", "week", "month")


@dataclass(frozen=True)
class Schedule:
    """How often a checklist is due: ``times`` runs every day, week (due on ``on``) or
    month (due on ``day``), each within ``within_days`` of its due day (None: by the end
    of the period)."""

    every: str
    on: str = "mon"
    day: int = 1
    times: int = 1
    within_days: int | None = None


@dataclass(frozen=True)
class Reaudit:
    """A run finished in band ``band`` makes the checklist due again within ``within_days``."""

    band: str
    within_days: int


@dataclass(frozen=True)
class Item:
    """One checklist point."""

    id: str
    text: Text
    type: ItemType
    points: float
    section_id: str
    guidance: Text = EMPTY
    critical: bool = False
    negative: bool = False
    allow_na: bool = False
    required: bool = True
    bonus: bool = False
    # scale
    min: int = 0
    max: int = 0
    labels: tuple[Text, ...] = ()
    # number
    threshold: float | None = None
    direction: str | None = None
    critical_threshold: float | None = None
    unit: Text = EMPTY
    stopwatch: bool = False
    not_above: str = ""  # number: never more than this other number item (done ≤ seen)
    source: str = ""
    # choice
    options: tuple[Option, ...] = ()
    # every type: shown only when this holds; what a failure must come with
    show_if: Condition | None = None
    on_fail: OnFail = NO_FOLLOW_UP
    score_from: str = ""  # scale: "min" scores (value − min) ÷ (max − min); "zero" or "" ÷ max

    def option(self, key: str) -> Option | None:
        return next((o for o in self.options if o.key == key), None)

    @property
    def best_score(self) -> float:
        """The highest option score of a choice item, never below 0 (a deduction-only item
        can earn nothing)."""
        return max([0.0, *(o.score for o in self.options)])

    @property
    def scored(self) -> bool:
        return self.type != "text" and (self.points > 0 or self.critical)


@dataclass(frozen=True)
class Section:
    id: str
    title: Text
    items: tuple[Item, ...]
    weight: float | None = None
    help: Text = EMPTY


DEFAULT_BANDS: tuple[Band, ...] = (
    Band("excellent", 90, Text("Excellent", "优秀")),
    Band("good", 75, Text("Good", "良好")),
    Band("improve", 60, Text("Needs improvement", "待改进")),
    Band("fail", 0, Text("Fail", "不合格"), fail=True),
)


@dataclass(frozen=True)
class Template:
    id: str
    version: int
    title: Text
    sections: tuple[Section, ...]
    bands: tuple[Band, ...] = DEFAULT_BANDS
    header: tuple[HeaderField, ...] = ()
    description: Text = EMPTY
    hash: str = ""
    source: str = ""
    order: int = 100  # where lists show it: lower first, then by id
    review: bool = False  # finished runs are Submitted until a manager accepts or returns them
    schedule: Schedule | None = None  # the template's default cadence (a store may change it)
    reaudit: Reaudit | None = None
    data: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def items(self) -> tuple[Item, ...]:
        # cached_property writes the instance __dict__ directly, so it works on a frozen
        # dataclass; scoring and exports ask for this once per run, millions of times.
        return tuple(item for section in self.sections for item in section.items)

    @cached_property
    def _by_id(self) -> dict[str, Item]:
        return {item.id: item for item in self.items}

    def item(self, item_id: str) -> Item:
        return self._by_id[item_id]

    @cached_property
    def conditional(self) -> bool:
        """Whether any item is shown only when a condition holds."""
        return any(item.show_if is not None for item in self.items)

    @cached_property
    def store_attributes(self) -> tuple[str, ...]:
        """The store attributes this template's conditions read (recorded on each run)."""
        names = {i.show_if.store for i in self.items if i.show_if and i.show_if.store}
        return tuple(sorted(names))

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    @cached_property
    def kind_field(self) -> HeaderField | None:
        """The header field that says whose result a run is (``role = "subject_kind"``)."""
        return next((f for f in self.header if f.role == "subject_kind"), None)

    def header_field(self, field_id: str) -> HeaderField:
        for header_field in self.header:
            if header_field.id == field_id:
                return header_field
        raise KeyError(field_id)

    @property
    def fail_band(self) -> Band:
        for band in self.bands:
            if band.fail:
                return band
        return self.bands[-1]


Where = Msg | str  # a place or message in a template, kept untranslated until shown


@dataclass(frozen=True)
class TemplateProblem:
    """One thing wrong in a template file: where and what, translated when shown (so a
    problem listed on the dashboard follows a language switch)."""

    source: str
    at: Where
    what: Where

    # Shown through printable(): a problem may quote what the file holds (an id, a path),
    # and a file's ESC must never reach the terminal as an escape sequence.
    @property
    def where(self) -> str:
        return printable(str(self.at))

    @property
    def message(self) -> str:
        return printable(str(self.what))

    def __str__(self) -> str:
        where, source = self.where, printable(self.source)
        return f"{source}: {where}: {self.message}" if where else f"{source}: {self.message}"


class TemplateError(Exception):
    """A template file with one or more problems."""

    def __init__(self, problems: list[TemplateProblem]) -> None:
        super().__init__(problems)
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


def content_hash(data: Mapping[str, Any]) -> str:
    """A hash of the template's content, unchanged by comments or key order."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


# --- parsing ----------------------------------------------------------------

_TEMPLATE_KEYS = {
    "id", "version", "title", "description", "allow_na", "header", "bands", "sections", "order",
    "review", "schedule", "reaudit",
}  # fmt: skip
_SCHEDULE_KEYS = {"every", "on", "day", "times", "within_days"}
_REAUDIT_KEYS = {"band", "within_days"}
_SECTION_KEYS = {"id", "title", "weight", "help", "allow_na", "items"}
_HEADER_KEYS = {"id", "text", "role", "required", "staff", "type", "choices", "future", "after"}
_CHOICE_KEYS = {"key", "text"}
_BAND_KEYS = {"key", "min", "label", "fail"}
_ITEM_KEYS = {
    "id", "text", "type", "points", "guidance", "critical", "negative", "allow_na", "required",
    "bonus", "min", "max", "labels", "threshold", "direction", "critical_threshold", "unit",
    "stopwatch", "not_above", "source", "options", "show_if", "on_fail", "score_from",
}  # fmt: skip
_OPTION_KEYS = {"key", "text", "score", "fail"}
_SHOW_IF_KEYS = {"item", "store", "in"}
_ON_FAIL_KEYS = {"note", "action", "evidence"}
_TYPE_ONLY = {
    "min": "scale",
    "max": "scale",
    "labels": "scale",
    "threshold": "number",
    "direction": "number",
    "critical_threshold": "number",
    "unit": "number",
    "stopwatch": "number",
    "not_above": "number",
    "negative": "pass_fail",
    "options": "choice",
    "score_from": "scale",
}


class _Parser:
    """Walks one template's data, collecting problems instead of raising."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[TemplateProblem] = []

    def problem(self, where: Where, key: str, **fields: object) -> None:
        self.problems.append(TemplateProblem(self.source, where, Msg(key, **fields)))

    # small typed getters: each returns a usable default after recording a problem
    def _type_problem(self, where: Where, name: str, expected: str, value: object) -> None:
        self.problem(where, "tpl.err.type", field=name, expected=Msg(expected), found=_show(value))

    def text(self, where: Where, data: Mapping[str, Any], name: str, *, required: bool) -> Text:
        value = data.get(name)
        if value is None:
            if required:
                self.problem(where, "tpl.err.missing", field=name)
            return EMPTY
        if isinstance(value, str):
            self.no_controls(where, name, value)
            return Text(value, value)
        if not isinstance(value, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            self._type_problem(where, name, "tpl.expected.bilingual", value)
            return EMPTY
        unknown = set(value) - {"en", "zh"}
        if unknown:
            self.problem(
                where, "tpl.err.unknown", field=f"{name}.{sorted(unknown)[0]}", known="en, zh"
            )
        en, zh = value.get("en", "").strip(), value.get("zh", "").strip()
        self.no_controls(where, f"{name}.en", en)
        self.no_controls(where, f"{name}.zh", zh)
        if required and not (en or zh):
            self.problem(where, "tpl.err.text_lang", field=name)
        return Text(en, zh)

    def number(
        self, where: Where, data: Mapping[str, Any], name: str, default: float | None
    ) -> float | None:
        value = data.get(name)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            self._type_problem(where, name, "tpl.expected.number", value)
            return default
        try:
            number = float(value)
        except OverflowError:
            number = float("inf")
        if not math.isfinite(number):
            self._type_problem(where, name, "tpl.expected.number", value)
            return default
        return number

    def integer(self, where: Where, data: Mapping[str, Any], name: str, default: int) -> int:
        value = data.get(name)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self._type_problem(where, name, "tpl.expected.integer", value)
            return default
        return value

    def boolean(self, where: Where, data: Mapping[str, Any], name: str, default: bool) -> bool:
        value = data.get(name)
        if value is None:
            return default
        if not isinstance(value, bool):
            self._type_problem(where, name, "tpl.expected.bool", value)
            return default
        return value

    def string(self, where: Where, data: Mapping[str, Any], name: str, default: str = "") -> str:
        value = data.get(name)
        if value is None:
            return default
        if not isinstance(value, str):
            self._type_problem(where, name, "tpl.expected.text", value)
            return default
        self.no_controls(where, name, value)
        return value

    def no_controls(self, where: Where, name: str, value: str) -> None:
        """A text shown to people holds no control character (ESC would reach the
        terminal; NUL or BEL are never meant): tab and line feed are fine."""
        found = controls_in(value)
        if found:
            self.problem(where, "tpl.err.control", field=name, chars=", ".join(found))

    def table_list(
        self, where: Where, data: Mapping[str, Any], name: str
    ) -> list[Mapping[str, Any]]:
        value = data.get(name)
        if value is None:
            return []
        if not isinstance(value, list):
            self._type_problem(where, name, "tpl.expected.list", value)
            return []
        tables = []
        for entry in value:
            if isinstance(entry, Mapping):
                tables.append(entry)
            else:
                self._type_problem(where, name, "tpl.expected.table", entry)
        return tables

    def identifier(self, where: Where, data: Mapping[str, Any], name: str = "id") -> str:
        value = data.get(name)
        if value is None:
            self.problem(where, "tpl.err.missing", field=name)
            return ""
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self._type_problem(where, name, "tpl.expected.text", value)
            return ""
        if not _ID_RE.fullmatch(value):
            self.problem(where, "tpl.err.id_chars", id=value)
        return value

    def unknown_keys(self, where: Where, data: Mapping[str, Any], known: set[str]) -> None:
        for key in data:
            if key not in known:
                self.problem(where, "tpl.err.unknown", field=key, known=", ".join(sorted(known)))

    # structure
    def template(self, data: Mapping[str, Any]) -> Template | None:
        where = Msg("tpl.where.template")
        self.unknown_keys(where, data, _TEMPLATE_KEYS)
        template_id = self.identifier(where, data)
        version = self.integer(where, data, "version", 0)
        if "version" not in data:
            self.problem(where, "tpl.err.missing", field="version")
        title = self.text(where, data, "title", required=True)
        description = self.text(where, data, "description", required=False)
        allow_na = self.boolean(where, data, "allow_na", False)
        order = self.integer(where, data, "order", 100)
        review = self.boolean(where, data, "review", False)
        header = self.headers(data)
        bands = self.bands(data)
        sections = self.sections(data, allow_na)
        if not any(section.items for section in sections) and not self.problems:
            self.problem(where, "tpl.err.no_items")
        self.conditions([item for section in sections for item in section.items])
        numbers = {i.id for s in sections for i in s.items if i.type == "number"}
        for section in sections:
            for item in section.items:
                if item.not_above and (item.not_above not in numbers or item.not_above == item.id):
                    self.problem(Msg("tpl.where.item", id=item.id), "tpl.err.not_above",
                                 other=item.not_above)  # fmt: skip
        schedule = self.schedule(data.get("schedule"))
        reaudit = self.reaudit(data.get("reaudit"), bands)
        if self.problems:
            return None
        return Template(
            id=template_id,
            version=version,
            title=title,
            sections=tuple(sections),
            bands=bands,
            header=tuple(header),
            description=description,
            hash=content_hash(data),
            source=self.source,
            order=order,
            review=review,
            schedule=schedule,
            reaudit=reaudit,
            data=data,
        )

    def schedule(self, value: Any) -> Schedule | None:
        where = Msg("tpl.where.schedule")
        if value is None:
            return None
        if not isinstance(value, Mapping):
            self._type_problem(where, "schedule", "tpl.expected.table", value)
            return None
        schedule, problems = schedule_from(value)
        for key, fields in problems:
            self.problem(where, key, **fields)
        return schedule

    def reaudit(self, value: Any, bands: tuple[Band, ...]) -> Reaudit | None:
        where = Msg("tpl.where.reaudit")
        if value is None:
            return None
        if not isinstance(value, Mapping):
            self._type_problem(where, "reaudit", "tpl.expected.table", value)
            return None
        self.unknown_keys(where, value, _REAUDIT_KEYS)
        band = self.string(where, value, "band", "")
        if band not in {b.key for b in bands}:
            self.problem(where, "tpl.err.choice", field="band",
                         choices=", ".join(b.key for b in bands), found=band)  # fmt: skip
        days = self.integer(where, value, "within_days", 0)
        if days < 0 or "within_days" not in value:
            self.problem(where, "tpl.err.missing", field="within_days")
        return Reaudit(band, max(days, 0))

    def conditions(self, items: list[Item]) -> None:
        """A condition names an earlier item (so no cycle can form) and values its answers
        can take; an item that controls others may itself be conditional."""
        earlier: dict[str, Item] = {}
        for item in items:
            condition = item.show_if
            if condition is not None and condition.item:
                where = Msg("tpl.where.item", id=item.id)
                target = earlier.get(condition.item)
                if condition.item == item.id:
                    self.problem(where, "tpl.err.show_if_cycle", other=condition.item)
                elif target is None:
                    later = any(i.id == condition.item for i in items)
                    key = "tpl.err.show_if_later" if later else "tpl.err.show_if_unknown"
                    self.problem(where, key, other=condition.item)
                else:
                    possible = answer_codes(target)
                    wrong = [v for v in condition.values if possible and v not in possible]
                    if wrong:
                        self.problem(
                            where, "tpl.err.show_if_value", other=target.id,
                            found=", ".join(wrong), choices=", ".join(sorted(possible or ())),
                        )  # fmt: skip
            earlier[item.id] = item

    def headers(self, data: Mapping[str, Any]) -> list[HeaderField]:
        fields: list[HeaderField] = []
        seen: set[str] = set()
        for entry in self.table_list(Msg("tpl.where.template"), data, "header"):
            field_id = self.identifier(Msg("tpl.where.header", id="?"), entry)
            where = Msg("tpl.where.header", id=field_id or "?")
            self.unknown_keys(where, entry, _HEADER_KEYS)
            if field_id in seen:
                self.problem(where, "tpl.err.duplicate", what=Msg("tpl.what.header"), id=field_id)
            seen.add(field_id)
            role = self.string(where, entry, "role", "other")
            if role not in ROLES:
                self.problem(
                    where, "tpl.err.choice", field="role", choices=", ".join(ROLES), found=role
                )
            kind = self.string(where, entry, "type", "text")
            if kind not in HEADER_TYPES:
                self.problem(
                    where, "tpl.err.choice", field="type", choices=", ".join(HEADER_TYPES),
                    found=kind,
                )  # fmt: skip
            choices = self.header_choices(where, entry)
            if kind == "choice" and not choices:
                self.problem(where, "tpl.err.missing", field="choices")
            if choices and kind != "choice":
                self.problem(where, "tpl.err.not_for_type", field="choices", type=kind)
            has_own = any(c.key == OWN for c in choices)
            if role == "subject_kind" and (kind != "choice" or not has_own):
                self.problem(where, "tpl.err.kind_field", own=OWN)
            for name, only in (("future", "date"), ("after", "time")):
                if name in entry and kind != only:
                    self.problem(where, "tpl.err.not_for_type", field=name, type=kind)
            fields.append(
                HeaderField(
                    id=field_id,
                    text=self.text(where, entry, "text", required=True),
                    role=role,
                    required=self.boolean(where, entry, "required", False),
                    staff=self.boolean(where, entry, "staff", False),
                    type=kind,
                    choices=choices,
                    future=self.boolean(where, entry, "future", False),
                    after=self.string(where, entry, "after", ""),
                )
            )
        if sum(f.role == "subject_kind" for f in fields) > 1:
            self.problem(Msg("tpl.where.template"), "tpl.err.kind_twice")
        times = {f.id for f in fields if f.type == "time"}
        for f in fields:
            if f.after and f.after not in times:
                self.problem(Msg("tpl.where.header", id=f.id), "tpl.err.after", other=f.after)
        return fields

    def header_choices(self, where: Where, entry: Mapping[str, Any]) -> tuple[HeaderChoice, ...]:
        choices: list[HeaderChoice] = []
        for choice in self.table_list(where, entry, "choices"):
            key = self.identifier(where, choice, "key")
            self.unknown_keys(where, choice, _CHOICE_KEYS)
            if any(c.key == key for c in choices):
                self.problem(where, "tpl.err.duplicate", what=Msg("tpl.what.choice"), id=key)
            choices.append(HeaderChoice(key, self.text(where, choice, "text", required=True)))
        return tuple(choices)

    def bands(self, data: Mapping[str, Any]) -> tuple[Band, ...]:
        entries = self.table_list(Msg("tpl.where.template"), data, "bands")
        if not entries:
            return DEFAULT_BANDS
        bands: list[Band] = []
        for entry in entries:
            key = self.identifier(Msg("tpl.where.band", id="?"), entry, "key")
            where = Msg("tpl.where.band", id=key or "?")
            self.unknown_keys(where, entry, _BAND_KEYS)
            minimum = self.number(where, entry, "min", None)
            if minimum is None:
                if "min" not in entry:
                    self.problem(where, "tpl.err.missing", field="min")
                minimum = 0.0
            bands.append(
                Band(
                    key=key,
                    min=minimum,
                    label=self.text(where, entry, "label", required=True),
                    fail=self.boolean(where, entry, "fail", False),
                )
            )
        minimums = [band.min for band in bands]
        if minimums != sorted(minimums, reverse=True) or minimums[-1] != 0:
            self.problem(Msg("tpl.where.template"), "tpl.err.bands_order")
        return tuple(bands)

    def sections(self, data: Mapping[str, Any], allow_na: bool) -> list[Section]:
        sections: list[Section] = []
        section_ids: set[str] = set()
        item_ids: set[str] = set()
        entries = self.table_list(Msg("tpl.where.template"), data, "sections")
        if "sections" not in data:
            self.problem(Msg("tpl.where.template"), "tpl.err.missing", field="sections")
        for entry in entries:
            section_id = self.identifier(Msg("tpl.where.section", id="?"), entry)
            where = Msg("tpl.where.section", id=section_id or "?")
            self.unknown_keys(where, entry, _SECTION_KEYS)
            if section_id and section_id in section_ids:
                self.problem(
                    where, "tpl.err.duplicate", what=Msg("tpl.what.section"), id=section_id
                )
            section_ids.add(section_id)
            weight = self.number(where, entry, "weight", None)
            if weight is not None and weight < 0:
                self.problem(where, "tpl.err.negative", field="weight")
            section_na = self.boolean(where, entry, "allow_na", allow_na)
            items = [
                self.item(item, section_id, section_na, item_ids)
                for item in self.table_list(where, entry, "items")
            ]
            if not items:
                self.problem(where, "tpl.err.empty", field="items")
            sections.append(
                Section(
                    id=section_id,
                    title=self.text(where, entry, "title", required=True),
                    items=tuple(items),
                    weight=weight,
                    help=self.text(where, entry, "help", required=False),
                )
            )
        weighted = [section.weight is not None for section in sections]
        if any(weighted) and not all(weighted):
            self.problem(Msg("tpl.where.template"), "tpl.err.weights")
        return sections

    def item(
        self, data: Mapping[str, Any], section_id: str, allow_na: bool, seen: set[str]
    ) -> Item:
        item_id = self.identifier(Msg("tpl.where.item", id="?"), data)
        where = Msg("tpl.where.item", id=item_id or "?")
        self.unknown_keys(where, data, _ITEM_KEYS)
        if item_id and item_id in seen:
            self.problem(where, "tpl.err.duplicate", what=Msg("tpl.what.item"), id=item_id)
        seen.add(item_id)
        item_type = self.string(where, data, "type", "")
        known_type = item_type in ITEM_TYPES
        if "type" not in data:
            self.problem(where, "tpl.err.missing", field="type")
        elif not known_type and isinstance(data["type"], str):
            self.problem(
                where, "tpl.err.choice", field="type", choices=", ".join(ITEM_TYPES),
                found=_show(data["type"]),
            )  # fmt: skip
        # Fields that belong to another type are only reported when the type is known:
        # a misspelt type is one problem, not a cascade about a type nobody wrote.
        if known_type:
            for name, only in _TYPE_ONLY.items():
                if name in data and item_type != only:
                    self.problem(where, "tpl.err.not_for_type", field=name, type=item_type)
            if "critical" in data and item_type in ("scale", "text"):
                self.problem(where, "tpl.err.not_for_type", field="critical", type=item_type)

        default_points = 0.0 if item_type == "text" else 1.0
        points = self.number(where, data, "points", default_points) or 0.0
        if points < 0:
            self.problem(where, "tpl.err.negative", field="points")
        if item_type == "text" and "points" in data and points:  # only a known "text" type
            self.problem(where, "tpl.err.not_for_type", field="points", type=item_type)

        low = self.integer(where, data, "min", 0)
        high = self.integer(where, data, "max", 0)
        labels: tuple[Text, ...] = ()
        if item_type == "scale":
            if "max" not in data:
                self.problem(where, "tpl.err.missing", field="max")
            elif low < 0 or low >= high:
                self.problem(where, "tpl.err.range", min=low, max=high)
            raw_labels = data.get("labels", [])
            if not isinstance(raw_labels, list):
                self._type_problem(where, "labels", "tpl.expected.list", raw_labels)
                raw_labels = []
            labels = tuple(
                self.text(where, {"labels": label}, "labels", required=True) for label in raw_labels
            )
            if labels and high > low and len(labels) != high - low + 1:
                self.problem(
                    where, "tpl.err.labels", count=len(labels), needed=high - low + 1,
                    min=low, max=high,
                )  # fmt: skip

        score_from = self.string(where, data, "score_from", "")  # "": not said (as "zero")
        if score_from and score_from not in SCORE_FROM:
            self.problem(where, "tpl.err.choice", field="score_from", choices=", ".join(SCORE_FROM),
                         found=score_from)  # fmt: skip
            score_from = ""
        options = self.options(where, data) if item_type == "choice" else ()
        if item_type == "choice" and not options and "options" in data:
            self.problem(where, "tpl.err.empty", field="options")
        elif item_type == "choice" and "options" not in data:
            self.problem(where, "tpl.err.missing", field="options")
        critical_choice = item_type == "choice" and data.get("critical") is True
        if critical_choice and options and not any(o.fail for o in options):
            self.problem(where, "tpl.err.critical_no_fail")

        threshold = self.number(where, data, "threshold", None)
        direction = self.string(where, data, "direction", "") or None
        critical_threshold = self.number(where, data, "critical_threshold", None)
        if item_type == "number":
            if direction is not None and direction not in DIRECTIONS:
                self.problem(
                    where, "tpl.err.choice", field="direction", choices=" ".join(DIRECTIONS),
                    found=direction,
                )  # fmt: skip
            if ("threshold" in data) != ("direction" in data):
                missing = "threshold" if "threshold" not in data else "direction"
                self.problem(where, "tpl.err.missing", field=missing)
            if critical_threshold is not None and (threshold is None or direction is None):
                self.problem(where, "tpl.err.critical_threshold")

        return Item(
            id=item_id,
            text=self.text(where, data, "text", required=True),
            type=item_type if item_type in ITEM_TYPES else "text",  # type: ignore[arg-type]
            points=points,
            section_id=section_id,
            guidance=self.text(where, data, "guidance", required=False),
            critical=self.boolean(where, data, "critical", False),
            negative=self.boolean(where, data, "negative", False),
            allow_na=self.boolean(where, data, "allow_na", allow_na),
            required=self.boolean(
                where, data, "required", item_type != "text" and not data.get("bonus", False)
            ),
            bonus=self.boolean(where, data, "bonus", False),
            min=low,
            max=high,
            labels=labels,
            threshold=threshold,
            direction=direction,
            critical_threshold=critical_threshold,
            unit=self.text(where, data, "unit", required=False),
            stopwatch=self.boolean(where, data, "stopwatch", False),
            not_above=self.string(where, data, "not_above"),
            source=self.string(where, data, "source"),
            options=options,
            show_if=self.condition(where, data),
            on_fail=self.on_fail(where, data, item_type),
            score_from=score_from,
        )

    def options(self, where: Where, data: Mapping[str, Any]) -> tuple[Option, ...]:
        options: list[Option] = []
        for entry in self.table_list(where, data, "options"):
            key = self.identifier(where, entry, "key")
            self.unknown_keys(where, entry, _OPTION_KEYS)
            if any(o.key == key for o in options):
                self.problem(where, "tpl.err.duplicate", what=Msg("tpl.what.option"), id=key)
            if key in ("x", "hidden"):  # "x" is N/A and "hidden" a hidden item, in imports
                self.problem(where, "tpl.err.option_key", id=key)
            score = self.number(where, entry, "score", None)
            if score is None:
                if "score" not in entry:
                    self.problem(where, "tpl.err.missing", field="score")
                score = 0.0
            options.append(
                Option(key, self.text(where, entry, "text", required=True), score,
                       self.boolean(where, entry, "fail", False))
            )  # fmt: skip
        if len(options) > 9:  # one number key each in the runner
            self.problem(where, "tpl.err.too_many_options", count=len(options))
        return tuple(options)

    def condition(self, where: Where, data: Mapping[str, Any]) -> Condition | None:
        value = data.get("show_if")
        if value is None:
            return None
        if not isinstance(value, Mapping):
            self._type_problem(where, "show_if", "tpl.expected.table", value)
            return None
        self.unknown_keys(where, value, _SHOW_IF_KEYS)
        item = self.string(where, value, "item", "")
        store = self.string(where, value, "store", "")
        if bool(item) == bool(store):
            self.problem(where, "tpl.err.show_if_target")
        raw = value.get("in")
        if not isinstance(raw, list) or not raw:
            self.problem(where, "tpl.err.show_if_in")
            raw = []
        values: list[str] = []
        for entry in raw:
            if isinstance(entry, bool) or not isinstance(entry, str | int):
                self._type_problem(where, "show_if.in", "tpl.expected.text", entry)
                continue
            values.append(str(entry))
        if store and not _ID_RE.fullmatch(store):
            self.problem(where, "tpl.err.id_chars", id=store)
        return Condition(tuple(values), item=item, store=store)

    def on_fail(self, where: Where, data: Mapping[str, Any], item_type: str) -> OnFail:
        value = data.get("on_fail")
        if value is None:
            return NO_FOLLOW_UP
        if not isinstance(value, Mapping):
            self._type_problem(where, "on_fail", "tpl.expected.table", value)
            return NO_FOLLOW_UP
        self.unknown_keys(where, value, _ON_FAIL_KEYS)
        if item_type == "text":
            self.problem(where, "tpl.err.not_for_type", field="on_fail", type=item_type)
        return OnFail(
            note=self.boolean(where, value, "note", False),
            action=self.boolean(where, value, "action", False),
            evidence=self.boolean(where, value, "evidence", False),
        )


def schedule_from(
    value: Mapping[str, Any],
) -> tuple[Schedule | None, list[tuple[str, dict[str, Any]]]]:
    """A schedule from a template's ``schedule`` table or a store's own setting, with the
    problems found (catalogue key, fields); used by the parser and by ``storeops schedule``."""
    problems: list[tuple[str, dict[str, Any]]] = []
    unknown = sorted(set(value) - _SCHEDULE_KEYS)
    for key in unknown:
        problems.append(
            ("tpl.err.unknown", {"field": key, "known": ", ".join(sorted(_SCHEDULE_KEYS))})
        )
    every = value.get("every")
    if every not in EVERY:
        problems.append(
            (
                "tpl.err.choice",
                {"field": "every", "choices": ", ".join(EVERY), "found": _show(every)},
            )
        )
    on = value.get("on", "mon")
    if on not in WEEKDAYS or (every != "week" and "on" in value):
        problems.append(("tpl.err.schedule_on", {"choices": ", ".join(WEEKDAYS)}))
    day = value.get("day", 1)
    if type(day) is not int or not 1 <= day <= 31 or (every != "month" and "day" in value):
        problems.append(("tpl.err.schedule_day", {}))
    times = value.get("times", 1)
    if type(times) is not int or not 1 <= times <= 50:
        problems.append(("tpl.err.schedule_times", {}))
    within = value.get("within_days")
    if within is not None and (type(within) is not int or not 0 <= within <= 366):
        problems.append(("tpl.err.schedule_within", {}))
    if problems:
        return None, problems
    return Schedule(str(every), str(on), int(day), int(times), within), problems


def answer_codes(item: Item) -> set[str] | None:
    """The codes an answer to ``item`` is written as (in imports and conditions), or None
    where any value may come (a number, a text)."""
    if item.type == "pass_fail":
        return {"y", "n", "x"}
    if item.type == "choice":
        return {o.key for o in item.options} | {"x"}
    if item.type == "scale":
        return {str(v) for v in range(item.min, item.max + 1)} | {"x"}
    return None


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def template_from_data(data: Mapping[str, Any], source: str) -> Template:
    """Build a template from already-parsed data; raises :class:`TemplateError`."""
    parser = _Parser(source)
    template = parser.template(data)
    if template is None:
        raise TemplateError(parser.problems)
    return template


def parse_template(raw: bytes, source: str, cache: TomlCache | None = None) -> Template:
    """Parse one TOML file's bytes; raises :class:`TemplateError` with every problem."""
    data = cache.get(raw) if cache is not None else None
    if data is None:
        data = _parse_toml(raw, source)
        if cache is not None:
            cache.put(raw, data)
    return template_from_data(data, source)


def _parse_toml(raw: bytes, source: str) -> dict[str, Any]:
    import tomllib  # only when the cache misses: importing it costs 4 ms

    try:
        return tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise TemplateError([TemplateProblem(source, "", Msg("tpl.err.read", error=exc))]) from None
    except (tomllib.TOMLDecodeError, ValueError, RecursionError) as exc:
        # tomllib also raises ValueError (an integer over Python's digit limit) and
        # RecursionError (absurdly nested arrays): both are a bad file, not a crash.
        message = str(exc) or type(exc).__name__
        raise TemplateError(
            [TemplateProblem(source, "", Msg("tpl.err.toml", error=message))]
        ) from None


class TomlCache:
    """Parsed TOML kept as JSON, keyed by a hash of the file's bytes.

    tomllib is pure Python: the six bundled templates take about 35 ms to parse, a
    third of a CLI command's start. JSON loads in C. The key is the content, so an
    edited file is parsed afresh; a file whose data JSON cannot hold (a TOML date) is
    simply not cached. Validation always runs on the cached data, so a new storeops
    never trusts what an old one checked.
    """

    FORMAT = 1

    def __init__(self, path: Path | None) -> None:
        self.path = path
        found = read_cache(path) if path is not None else None
        valid = isinstance(found, dict) and found.get("format") == self.FORMAT
        entries = found.get("entries") if valid and isinstance(found, dict) else None
        self._old: dict[str, Any] = entries if isinstance(entries, dict) else {}
        self._used: dict[str, Any] = {}

    @staticmethod
    def key(raw: bytes) -> str:
        return hashlib.sha256(raw).hexdigest()

    def get(self, raw: bytes) -> dict[str, Any] | None:
        key = self.key(raw)
        data = self._old.get(key)
        if not isinstance(data, dict):
            return None
        self._used[key] = data
        return data

    def put(self, raw: bytes, data: dict[str, Any]) -> None:
        try:
            json.dumps(data)
        except (TypeError, ValueError):
            return
        self._used[self.key(raw)] = data

    def save(self) -> None:
        """Write the entries used this time (so deleted files drop out), if any changed."""
        if self.path is not None and self._used.keys() != self._old.keys():
            write_cache(self.path, {"format": self.FORMAT, "entries": self._used})


def parse_source(file: SourceFile, cache: TomlCache | None = None) -> Template:
    """Parse a file read by storage, reporting an unreadable one as a problem."""
    if file.error is not None:
        raise TemplateError([TemplateProblem(file.path, "", Msg("tpl.err.read", error=file.error))])
    return parse_template(file.data, file.path, cache)


def load_catalogue(extra_dir: str | Path | None = None) -> TemplateCatalogue:
    """The bundled templates plus those in head office's folder (``extra_dir``)."""
    bundled = read_sources([bundled_templates_dir()])
    custom = read_sources([Path(extra_dir)]) if extra_dir else []
    if extra_dir and not Path(extra_dir).expanduser().is_dir():
        custom = [SourceFile(str(extra_dir), b"", t("tpl.err.no_folder"))]
    cache = TomlCache(cache_dir() / "templates.json")
    catalogue = TemplateCatalogue.from_sources(bundled, custom, cache=cache)
    cache.save()
    return catalogue


@dataclass(frozen=True)
class LoadedTemplate:
    template: Template
    bundled: bool


@dataclass
class TemplateCatalogue:
    """Every template that loaded, and every problem met on the way."""

    templates: dict[str, LoadedTemplate] = field(default_factory=dict)
    problems: list[TemplateProblem] = field(default_factory=list)

    def get(self, template_id: str) -> Template:
        return self.templates[template_id].template

    def __contains__(self, template_id: object) -> bool:
        return template_id in self.templates

    def sorted(self) -> list[LoadedTemplate]:
        return sorted(self.templates.values(), key=lambda lt: (lt.template.order, lt.template.id))

    @classmethod
    def from_sources(
        cls,
        bundled: Iterable[SourceFile],
        custom: Iterable[SourceFile] = (),
        *,
        cache: TomlCache | None = None,
    ) -> TemplateCatalogue:
        """Load bundled then custom sources; a custom template may replace a bundled one."""
        catalogue = cls()
        for is_bundled, sources in ((True, bundled), (False, custom)):
            loaded_here: dict[str, str] = {}
            for file in sources:
                source = file.path
                try:
                    template = parse_source(file, cache)
                except TemplateError as exc:
                    catalogue.problems.extend(exc.problems)
                    continue
                if template.id in loaded_here:
                    catalogue.problems.append(
                        TemplateProblem(
                            source, "", Msg("tpl.err.dup_file", id=template.id,
                                          other=loaded_here[template.id]),
                        )
                    )  # fmt: skip
                    continue
                loaded_here[template.id] = source
                catalogue.templates[template.id] = LoadedTemplate(template, is_bundled)
        return catalogue
