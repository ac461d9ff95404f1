"""Plain-text tables for the CLI, measured in terminal cells so Chinese lines up.

Rich draws tables well but importing it costs about 30 ms, a third of a CLI command's
start; these tables are plain columns (no borders, no colour), so this is all they need.
"""

from __future__ import annotations

import shutil
import unicodedata
from collections.abc import Sequence

from storeops.text_clean import printable

GAP = "  "
MIN_WIDTH = 6


def cell_width(text: str) -> int:
    """Terminal cells taken by ``text``: wide (CJK) characters take two, combining marks none."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return width


def fold(text: str, width: int) -> list[str]:
    """Split ``text`` into lines of at most ``width`` cells, at spaces where possible."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for word in _words(paragraph):
            size = cell_width(word)
            if used + size > width and line:
                lines.append(line.rstrip())
                line, used = "", 0
                word = word.lstrip()
                size = cell_width(word)
            while size > width:  # a word longer than the column is cut
                head, head_size = _take(word, width)
                lines.append(head)
                word, size = word[len(head) :], size - head_size
            line, used = line + word, used + size
        lines.append(line.rstrip())
    return lines


def _words(text: str) -> list[str]:
    """Words with their leading space; every CJK character is a word of its own, and a
    ``snake_case`` name breaks after each ``_`` (a column named ``mean_days_to_close``
    folds as ``mean_days_`` / ``to_close``, not mid-word)."""
    words: list[str] = []
    for char in text:
        wide = unicodedata.east_asian_width(char) in "WF"
        if (
            not words
            or char == " "
            or wide
            or unicodedata.east_asian_width(words[-1][-1]) in "WF"
            or words[-1].endswith("_")
        ):
            words.append(char)
        else:
            words[-1] += char
    return words


def _take(word: str, width: int) -> tuple[str, int]:
    taken, used = "", 0
    for char in word:
        size = cell_width(char)
        if used + size > width and taken:
            break
        taken, used = taken + char, used + size
    return taken, used


def _fit(widths: list[int], total: int, floors: Sequence[int] = ()) -> list[int]:
    """Narrow the widest columns until the row fits in ``total`` cells: first none below
    its floor (its longest word, so ``received`` is not cut to ``receive`` / ``d`` while
    another column can still fold at a space), then any down to :data:`MIN_WIDTH`."""
    widths = list(widths)
    budget = total - len(GAP) * (len(widths) - 1)
    for least in ([max(MIN_WIDTH, f) for f in floors], [MIN_WIDTH] * len(widths)):
        if len(least) != len(widths):
            continue
        while sum(widths) > budget:
            room = [n for n in range(len(widths)) if widths[n] > least[n]]
            if not room:
                break
            widest = max(room, key=widths.__getitem__)
            widths[widest] -= 1
    return widths


LONGEST_FLOOR = 12  # a column's floor is its longest word, up to this many cells


def _floors(table: Sequence[Sequence[str]]) -> list[int]:
    """Each column's longest word (in cells, at most :data:`LONGEST_FLOOR`)."""
    return [
        min(LONGEST_FLOOR, max(
            (cell_width(word.strip()) for row in table for line in row[column].split("\n")
             for word in _words(line)),
            default=0,
        ))
        for column in range(len(table[0]))
    ]  # fmt: skip


def render(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int | None = None) -> str:
    """The table as lines of text, fitted to ``width`` (default: the terminal's).

    Every cell goes through :func:`~storeops.text_clean.printable`: a value from a file
    (a name, a title) that holds ESC or another control character is shown, never run
    by the terminal."""
    total = width or shutil.get_terminal_size((100, 24)).columns
    table = [[printable(cell) for cell in headers], *[[printable(c) for c in row] for row in rows]]
    natural = [
        max(cell_width(line) for row in table for line in row[column].split("\n"))
        for column in range(len(headers))
    ]
    widths = _fit(natural, total, _floors(table))
    out: list[str] = []
    for row in table:
        cells = [fold(text, w) for text, w in zip(row, widths, strict=True)]
        for n in range(max(len(c) for c in cells)):
            parts = []
            for lines, w in zip(cells, widths, strict=True):
                text = lines[n] if n < len(lines) else ""
                parts.append(text + " " * (w - cell_width(text)))
            out.append(GAP.join(parts).rstrip())
    return "\n".join(out)
