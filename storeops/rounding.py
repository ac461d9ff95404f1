"""The one rounding rule of every figure storeops shows or exports: one decimal, half up.

Kept apart from the scoring so a command that only prints a figure does not import it.
"""

from __future__ import annotations

import math


def round1(value: float) -> float:
    """Round half up to one decimal (87.25 → 87.3), as people expect on a report."""
    return math.floor(value * 10 + 0.5 + 1e-9) / 10


def one_decimal(value: float | None, none: str = "—") -> str:
    """A score, share or mean as shown anywhere: one decimal, half up (:func:`round1`, as
    every export writes it; ``f"{x:.1f}"`` would round 87.25 down)."""
    return none if value is None else f"{round1(value):.1f}"
