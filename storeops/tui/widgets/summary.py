"""Pieces shared by the finish review and the result screen."""

from __future__ import annotations

from collections.abc import Iterator

from textual.widgets import Static

from storeops.i18n import t
from storeops.scoring import RunScore
from storeops.templates import Template


def critical_failures(template: Template, result: RunScore) -> Iterator[Static]:
    """One red line per failed critical item, naming it."""
    for item_id in result.critical_failures:
        text = f"{item_id} {template.item(item_id).text}"
        yield Static(t("score.critical_failed", item=text), classes="critical", markup=False)
