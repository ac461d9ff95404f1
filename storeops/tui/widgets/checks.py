"""Checks shared by the forms that choose a template and a period."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from textual.screen import Screen

from storeops.i18n import t
from storeops.templates import TemplateCatalogue
from storeops.tui.widgets.form import FormField, FormScreen, Values


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


def ask_period(
    screen: Screen, filters: Values, catalogue: TemplateCatalogue, done: Callable[[Values], None]
) -> None:
    """The filter dialog of lists and reports: template, from, to (and the person observed
    when ``filters`` has a ``subject``); ``done`` gets the new filters."""
    day = "YYYY-MM-DD"
    fields = [
        # chosen from the list, labelled in the current language (never typed)
        FormField("template", t("hist.filter.template"), filters.get("template", ""),
                  choices=(("", "export.all_templates"),
                           *((lt.template.id, lt.template.title) for lt in catalogue.sorted()))),
        FormField("since", t("hist.filter.since"), filters.get("since", ""), placeholder=day),
        FormField("until", t("hist.filter.until"), filters.get("until", ""), placeholder=day),
    ]  # fmt: skip
    if "subject" in filters:
        fields.append(FormField("subject", t("hist.filter.subject"), filters["subject"]))

    def finished(values: Values | None) -> None:
        if values is not None:
            done(values)

    def validate(values: Values) -> list[str]:
        return period_problems(values, catalogue)

    screen.app.push_screen(FormScreen(t("key.filter"), fields, validate=validate), finished)
