"""Answers as given: checked against their item, typed or imported as text.

One set of rules for every way an answer comes in (a key in the runner, a typed number,
an amendment, an import row), so a figure is never stored in a form the item cannot
score. Numbers are read strictly: what Python's ``float`` would guess at (``1_000``,
full-width digits, ``nan``) is refused with the reason.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from storeops.i18n import t
from storeops.scoring import Answer
from storeops.templates import Item, Template
from storeops.text_clean import clean_text


class RunError(ValueError):
    """An answer or action the run cannot take; the message is for the user."""


def check_answer(item: Item, answer: Answer) -> Answer:
    """The answer normalised for ``item``; raises :class:`RunError` if it does not fit."""
    if answer.na:
        if not item.allow_na:
            raise RunError(t("run.err.na_not_allowed"))
        return Answer(na=True)
    value = answer.value
    if item.type == "pass_fail":
        if not isinstance(value, bool):
            raise RunError(t("run.err.bad_answer", value=value, item=item.id, why="yes/no"))
        return Answer(value)
    if item.type == "choice":
        if not isinstance(value, str) or item.option(value) is None:
            keys = " / ".join(o.key for o in item.options)
            raise RunError(t("run.err.bad_answer", value=value, item=item.id, why=keys))
        return Answer(value)
    if item.type == "scale":
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not (item.min <= value <= item.max)
        ):
            raise RunError(
                t("run.err.bad_answer", value=value, item=item.id,
                  why=t("run.err.scale_range", min=item.min, max=item.max))
            )  # fmt: skip
        return Answer(value)
    if item.type == "number":
        if value is None:
            return Answer(None)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise RunError(
                t("run.err.bad_answer", value=value, item=item.id, why=t("run.err.number"))
            )
        if value < 0:  # counts, seconds, amounts: never below zero
            raise RunError(
                t("run.err.bad_answer", value=value, item=item.id, why=t("run.err.negative"))
            )
        # A whole number stays whole (a count of 40 is 40, not 40.0, in every export).
        return Answer(value if type(value) is int else float(value))
    return Answer("" if value is None else clean_text(str(value)))


_YES = {"y", "yes", "p", "pass", "true", "1", "是", "合格", "observed"}
_NO = {"n", "no", "f", "fail", "false", "0", "否", "不合格", "not observed"}
_NA = {"x", "na", "n/a", "不适用"}
_NEVER = {"never", "-", "未发生"}


def parse_answer_text(item: Item, text: str) -> Answer:
    """An answer typed or imported as text (y/n/x, a number, …), checked for ``item``."""
    raw = text.strip()
    low = raw.casefold()
    if low in _NA:
        return check_answer(item, Answer(na=True))
    if item.type == "pass_fail":
        if low in _YES:
            return Answer(True)
        if low in _NO:
            return Answer(False)
        raise RunError(t("run.err.bad_answer", value=raw, item=item.id, why="y / n / x"))
    if item.type == "choice":
        for option in item.options:  # the key, or the label in either language
            if low in {option.key.casefold(), option.text.en.casefold(), option.text.zh.casefold()}:
                return Answer(option.key)
        return check_answer(item, Answer(raw))
    if item.type == "number" and low in _NEVER:
        return Answer(None)
    if item.type in ("scale", "number"):
        try:
            number = parse_number(raw)
        except ValueError as exc:
            raise RunError(t("run.err.bad_answer", value=raw, item=item.id, why=exc)) from None
        if item.type == "scale":
            if isinstance(number, float) and not number.is_integer():
                raise RunError(
                    t("run.err.bad_answer", value=raw, item=item.id,
                      why=t("run.err.scale_range", min=item.min, max=item.max))
                )  # fmt: skip
            return check_answer(item, Answer(int(number)))
        return check_answer(item, Answer(number))
    return Answer(raw)


_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d{1,2}", re.ASCII)


def format_number(value: float | str) -> str:
    """A number as a person wrote it: ``40`` (not ``40.0``), ``2.5``, never an exponent."""
    if isinstance(value, str):
        return value
    if type(value) is int:
        return str(value)
    if value.is_integer():
        return str(int(value))
    text = repr(value)
    if "e" in text:
        from decimal import Decimal

        text = format(Decimal(text), "f")
    return text


def parse_number(text: str) -> int | float:
    """A number as typed or imported: ASCII digits, an optional sign, decimal point and
    exponent. ``2,5`` (one or two digits after a comma) is read as 2.5; ``1,000`` is
    refused as ambiguous, and so are ``1_000``, full-width or other scripts' digits, NaN
    and infinity, which Python's ``float`` would take silently. Raises ValueError with
    the reason for the user. A number without a point or exponent is an ``int``."""
    raw = text.strip()
    if _DECIMAL_COMMA.fullmatch(raw):
        raw = raw.replace(",", ".")
    if not _NUMBER.fullmatch(raw):
        if any(ch.isdigit() and not ch.isascii() for ch in raw):
            raise ValueError(t("run.err.digits"))
        if "," in raw:
            raise ValueError(t("run.err.comma"))
        raise ValueError(t("run.err.number"))
    if "." not in raw and "e" not in raw.lower():
        return int(raw)
    number = float(raw)
    if not math.isfinite(number):
        raise ValueError(t("run.err.number"))
    return number


def record_answer(record: Mapping[str, Any]) -> Answer:
    """A stored answer record as an :class:`Answer`."""
    return Answer(value=record.get("value"), na=bool(record.get("na")))


def relation_problems(
    template: Template, answers: Mapping[str, Answer], changed: Iterable[str] | None = None
) -> list[tuple[str, str]]:
    """Numbers that break a ``not_above`` rule (times done above opportunities seen), as
    (item id, message); only rules touching ``changed`` items when it is given."""
    touched = None if changed is None else set(changed)
    problems = []
    for item in template.items:
        if not item.not_above:
            continue
        if touched is not None and not touched & {item.id, item.not_above}:
            continue
        mine, other = answers.get(item.id), answers.get(item.not_above)
        if mine is None or other is None or mine.na or other.na:
            continue
        value, limit = mine.value, other.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        if isinstance(limit, bool) or not isinstance(limit, int | float):
            continue
        if value > limit:
            message = t(
                "run.err.not_above",
                value=format_number(value),
                other_item=item.not_above,
                other_value=format_number(limit),
            )
            problems.append((item.id, message))
    return problems


def checked_records(
    template: Template, answers: Mapping[str, Answer], stamp: str | None = None
) -> dict[str, dict[str, Any]]:
    """Answers as stored records, each checked for its item (all or none: the first one
    that does not fit raises :class:`RunError`). ``stamp``: when they were given."""
    records: dict[str, dict[str, Any]] = {}
    for item_id, answer in answers.items():
        try:
            item = template.item(item_id)
        except KeyError:
            raise RunError(t("run.err.unknown_item", item=item_id, template=template.id)) from None
        checked = check_answer(item, answer)
        record: dict[str, Any] = {} if stamp is None else {"at": stamp}
        if checked.na:
            record["na"] = True
        else:
            record["value"] = checked.value
        records[item_id] = record
    return records
