"""Clean text in, clean text out: control characters never reach the data or the terminal.

Text comes from people (names and notes, typed or pasted), from files (imports,
templates) and from the data folder itself, which a hand edit can change. Two rules:

* **In.** C0 control characters (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F)
  are removed from what is stored: names (:func:`clean_line`; a tab or a line break
  becomes a space) and notes or text answers (:func:`clean_text`; tab and line breaks
  stay, CR LF becomes LF). Where a person should fix the source instead (a template
  file), :func:`controls_in` names the characters so the problem can say which.
* **Out.** Whatever a file holds, text printed to a terminal goes through
  :func:`printable` first: ESC and every other control character is shown as a visible
  symbol (``\\x1b[2J`` prints as ``␛[2J`` and never clears the screen).
"""

from __future__ import annotations

import re

# Control characters but tab and line feed (which a note may hold).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Every control character, tab and line feed included.
_ANY_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
# What a single line turns into a space: tab, line breaks, vertical tab, form feed,
# the file/group/record/unit separators, NEL, line and paragraph separators.
_LINE_BREAKS = re.compile("[\t\n\x0b\x0c\r\x1c-\x1f\x85\u2028\u2029]")
# For output: every control character but the line feed.
_UNPRINTABLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """A multi-line text (a note, a text answer) without control characters: tab and
    line feed are kept, CR LF and a lone CR become a line feed, the rest is removed."""
    if not _CONTROL.search(text):
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def clean_line(text: str) -> str:
    """A one-line value (a name, a header value) without control characters: tab and
    line breaks become a space, the rest is removed."""
    if not _ANY_CONTROL.search(text) and "\u2028" not in text and "\u2029" not in text:
        return text
    return _ANY_CONTROL.sub("", _LINE_BREAKS.sub(" ", text))


def controls_in(text: str, *, allow: str = "\t\n") -> list[str]:
    """The control characters in ``text`` (each once, in order, as ``U+001B``), apart
    from those in ``allow``: for a message that says what to take out."""
    found: list[str] = []
    for char in _ANY_CONTROL.findall(text):
        name = f"U+{ord(char):04X}"
        if char not in allow and name not in found:
            found.append(name)
    return found


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code == 0x09:
        return " "  # a tab would break the columns of a table
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ … ␛ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"\\x{code:02x}"  # C1 has no pictures: shown as its escape


def printable(text: str) -> str:
    """``text`` safe to write to a terminal: every control character but the line feed
    shown as a visible symbol (ESC as ``␛``, a C1 byte as ``\\x9b``), a tab as a space."""
    if not _UNPRINTABLE.search(text):
        return text
    return _UNPRINTABLE.sub(_visible, text)


def has_controls(text: str) -> bool:
    return _ANY_CONTROL.search(text) is not None


def without_controls(text: str) -> str:
    """``text`` with every control character removed. For a screen drawn cell by cell
    (the app): a terminal draws none of them, so taking them out moves nothing, and
    ESC can never start an escape sequence."""
    if not _ANY_CONTROL.search(text):
        return text
    return _ANY_CONTROL.sub("", text)
