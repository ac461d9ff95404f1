"""A small TOML writer for template data (the standard library reads TOML but cannot write it).

It writes what a template holds, readably, in the layout of the bundled templates: the top
level's plain values first, then each ``[[header]]``, ``[[bands]]`` and ``[[sections]]`` table
with its ``[[sections.items]]``; a bilingual text and any other small table inline
(``title = { en = "…", zh = "…" }``); a list of inline tables (``options``, ``choices``) one
entry a line. Keys keep the order of the data. Strings are basic strings (Chinese kept as it is,
quotes, backslashes and control characters escaped), so what :mod:`tomllib` reads back is the
data written: ints stay ints and floats floats (``1.0`` is written ``1.0``), which keeps a
template's :func:`~storeops.templates.content_hash`.

Values TOML cannot hold (``None``, a date, any other object) raise :class:`TomlValueError`
naming the key. No file I/O: it returns text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

# Lists of tables written as [[arrays of tables]]; every other table is inline.
TEMPLATE_TABLES: frozenset[str] = frozenset({"header", "bands", "sections", "sections.items"})
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f",
            "\r": "\\r"}  # fmt: skip
_NEEDS_ESCAPE = re.compile('["\\\\\x00-\x1f\x7f]')
_COMMENT_BREAKS = re.compile("[\x00-\x08\x0a-\x1f\x7f]")
_LONG_LIST = 80  # a list of inline tables longer than this on one line gets a line each


class TomlValueError(ValueError):
    """A value TOML cannot hold; ``path`` names it (``sections[0].items[2].points``)."""

    def __init__(self, path: str, value: object) -> None:
        super().__init__(f"{path}: {type(value).__name__}")
        self.path = path
        self.value = value


def dumps(
    data: Mapping[str, Any],
    *,
    tables: Iterable[str] = TEMPLATE_TABLES,
    comment: Sequence[str] = (),
) -> str:
    """``data`` as TOML text; ``tables``: the dotted paths of lists of tables to write as
    ``[[…]]`` (when every entry is a table); ``comment``: lines to put first, as comments."""
    # A comment is one line each: a line break (or another control character) in a comment
    # would turn the rest of it into TOML.
    lines = [
        f"# {_COMMENT_BREAKS.sub(' ', part)}".rstrip()
        for line in comment
        for part in (line.splitlines() or [""])
    ]
    if lines:
        lines.append("")
    _table(lines, data, "", "", frozenset(tables))
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def _table(
    lines: list[str], data: Mapping[str, Any], path: str, shape: str, tables: frozenset[str]
) -> None:
    """The plain values of one table, then its arrays of tables (TOML needs that order).
    ``path`` names a value in errors (``sections[2].items[0]``); ``shape`` is the same without
    the indices (``sections.items``), as ``tables`` names them."""
    later: list[tuple[str, list[Mapping[str, Any]]]] = []
    for key, value in data.items():
        if not isinstance(key, str):
            raise TomlValueError(_join(path, str(key)), key)
        if _is_array_of_tables(value) and _join(shape, key) in tables:
            later.append((key, value))
        else:
            lines.append(f"{_key(key)} = {_value(value, _join(path, key))}")
    for key, entries in later:
        header = ".".join(_key(part) for part in _join(shape, key).split("."))
        for n, entry in enumerate(entries):
            if lines and lines[-1]:
                lines.append("")
            lines.append(f"[[{header}]]")
            _table(lines, entry, f"{_join(path, key)}[{n}]", _join(shape, key), tables)


def _is_array_of_tables(value: object) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(entry, Mapping) for entry in value)
    )


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _string(key)


def _value(value: object, path: str) -> str:
    """One value as an inline TOML value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, Mapping):
        return _inline_table(value, path)
    if isinstance(value, list | tuple):
        items = [_value(entry, f"{path}[{n}]") for n, entry in enumerate(value)]
        one_line = "[" + ", ".join(items) + "]"
        tables = bool(value) and all(isinstance(entry, Mapping) for entry in value)
        if tables and (len(items) > 1 and len(one_line) > _LONG_LIST):
            return "[\n" + "".join(f"    {item},\n" for item in items) + "]"
        return one_line
    raise TomlValueError(path, value)


def _inline_table(value: Mapping[str, Any], path: str) -> str:
    if not value:
        return "{}"
    parts = []
    for key, entry in value.items():
        if not isinstance(key, str):
            raise TomlValueError(_join(path, str(key)), key)
        parts.append(f"{_key(key)} = {_value(entry, _join(path, key))}")
    return "{ " + ", ".join(parts) + " }"


def _float(value: float) -> str:
    """``repr`` is the shortest text that reads back as the same float, and it is valid
    TOML (``2.5``, ``1.0``, ``1e-05``, ``1e+16``) but for the specials."""
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return repr(value)


def _string(value: str) -> str:
    if not _NEEDS_ESCAPE.search(value):
        return f'"{value}"'
    return '"' + _NEEDS_ESCAPE.sub(_escape, value) + '"'


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04x}"
