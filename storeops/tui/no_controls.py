"""A line filter that takes control characters out of everything the app draws.

Text from the data folder (a hand-edited file, an old template) could hold ESC or a C1
byte, which a terminal would run as an escape sequence (``\\x1b[2J`` clears the screen).
Names, notes and templates are cleaned on the way in; this is the last guard on the way
out. Rich counts control characters as zero width, so removing them moves nothing.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from storeops.text_clean import has_controls, without_controls


class NoControls(LineFilter):
    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        # Runs for every line of every frame: a line without control characters (all of
        # them, nearly always) is passed on as it is, with no new segments made.
        if not any(has_controls(s.text) for s in segments if not s.control):
            return segments
        return [
            segment if segment.control else Segment(without_controls(segment.text), segment.style)
            for segment in segments
        ]
