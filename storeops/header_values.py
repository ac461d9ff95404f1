"""Header values (visit date, time in / out, own store or competitor …), checked by type.

One set of rules for every way a value comes in: the header form in the app, ``storeops
run --auditor …``, and ``import visits``. A value is stored normalised: a date as
``YYYY-MM-DD``, a time as ``HH:MM``, a choice as its key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from storeops.i18n import t
from storeops.templates import OWN, HeaderField, Template
from storeops.text_clean import clean_line

_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# What older runs (a free-text "own / competitor" field) may hold, read as the choice.
_LEGACY_KINDS = {
    "own": OWN, "own store": OWN, "ours": OWN, "本店": OWN, "本品牌": OWN, "本品牌门店": OWN,
    "自有": OWN, "competitor": "competitor", "comp": "competitor", "竞争对手": "competitor",
    "竞品": "competitor", "对手": "competitor",
}  # fmt: skip


class HeaderError(ValueError):
    """A header value that does not fit its field; the message is for the user."""


def check_value(field: HeaderField, raw: str, today: date) -> str:
    """``raw`` normalised for ``field`` ("" for an empty value); raises :class:`HeaderError`.
    A header value is one line: control characters are taken out (:func:`clean_line`)."""
    text = clean_line(raw).strip()
    if not text:
        return ""
    if field.type == "date":
        return _check_date(field, text, today)
    if field.type == "time":
        return _check_time(text)
    if field.type == "choice":
        return _check_choice(field, text)
    return text


def _check_date(field: HeaderField, text: str, today: date) -> str:
    try:
        if not _DATE.fullmatch(text):
            raise ValueError(text)
        day = date.fromisoformat(text)
    except ValueError:
        raise HeaderError(t("header.err.date", value=text)) from None
    if day > today and not field.future:
        raise HeaderError(t("header.err.future", value=text, today=today.isoformat()))
    return day.isoformat()


def _check_time(text: str) -> str:
    match = _TIME.fullmatch(text)
    if match is None:
        raise HeaderError(t("header.err.time", value=text))
    hours, minutes, seconds = int(match[1]), int(match[2]), int(match[3] or 0)
    if hours > 23 or minutes > 59 or seconds > 59:
        raise HeaderError(t("header.err.time", value=text))
    return f"{hours:02d}:{minutes:02d}"


def _check_choice(field: HeaderField, text: str) -> str:
    wanted = text.casefold()
    for choice in field.choices:
        if wanted in {choice.key.casefold(), choice.text.en.casefold(), choice.text.zh.casefold()}:
            return choice.key
    raise HeaderError(t("header.err.choice", value=text, choices=choice_list(field)))


def choice_list(field: HeaderField) -> str:
    """The choices as the user may type them: ``own (Own store) / competitor (…)``."""
    return " / ".join(f"{c.key} ({c.text})" for c in field.choices)


def check_header(
    template: Template,
    values: Mapping[str, str],
    today: date,
    *,
    existing: Mapping[str, str] | None = None,
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Every value checked: (normalised values, [(field id, problem), …]).

    Unknown field ids are kept as given (a template may have dropped a field an older
    run still holds). A time with ``after`` must not be earlier than that field's time
    (looked up in ``values``, else in ``existing``: the run's values so far).
    """
    clean: dict[str, str] = {}
    problems: list[tuple[str, str]] = []
    fields = {f.id: f for f in template.header}
    for key, raw in values.items():
        header_field = fields.get(key)
        if header_field is None:
            clean[key] = clean_line(raw or "").strip()
            continue
        try:
            clean[key] = check_value(header_field, raw or "", today)
        except HeaderError as exc:
            problems.append((key, str(exc)))
    combined = {**(existing or {}), **clean}
    for header_field in template.header:
        if header_field.id not in clean and header_field.after not in clean:
            continue
        later, earlier = combined.get(header_field.id), combined.get(header_field.after)
        if header_field.after and later and earlier and later < earlier:
            other = fields[header_field.after]
            message = t("header.err.after", value=later, other=str(other.text), earlier=earlier)
            problems.append((header_field.id, message))
    return clean, problems


def subject_kind(template: Template, header: Mapping[str, str]) -> str:
    """Whose result a run is: ``own`` (the store's), or the kind field's other choice
    (``competitor``). Templates without a kind field are always the store's own."""
    kind_field = template.kind_field
    if kind_field is None:
        return OWN
    value = (header.get(kind_field.id) or "").strip()
    if not value:
        return OWN
    if kind_field.choice(value) is not None:
        return value
    return _LEGACY_KINDS.get(value.casefold(), _by_label(kind_field, value))


def _by_label(kind_field: HeaderField, value: str) -> str:
    try:
        return _check_choice(kind_field, value)
    except HeaderError:
        return "other"  # an unreadable kind is never counted as the store's own


def is_own(template: Template, header: Mapping[str, str]) -> bool:
    return subject_kind(template, header) == OWN


def shown_value(field: HeaderField, value: str) -> str:
    """A stored value as the user reads it (a choice's label in the current language)."""
    choice = field.choice(value) if field.type == "choice" else None
    return str(choice.text) if choice is not None else value
