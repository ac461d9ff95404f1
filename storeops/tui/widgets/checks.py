"""Checks shared by the forms that choose a template and a period."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from storeops.i18n import t
from storeops.templates import TemplateCatalogue
from storeops.tui.widgets.form import Values


def period_problems(
    values: Values, catalogue: TemplateCatalogue, dates: Iterable[str] = ("since", "until")
) -> list[str]:
    """An unknown template id or a day that is not YYYY-MM-DD, as messages."""
    problems = []
    template_id = values.get("template", "")
    if template_id and template_id not in catalogue:
        known = ", ".join(sorted(catalogue.templates))
        problems.append(t("cli.templates.unknown", id=template_id, known=known))
    for key in dates:
        try:
            if values.get(key):
                date.fromisoformat(values[key])
        except ValueError:
            problems.append(t("hist.err.date", value=values[key]))
    return problems
