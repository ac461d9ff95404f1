"""Warnings for templates that are valid but probably not what their author meant.

``storeops templates validate`` prints them under a template that loads; they never stop a
template from loading (a store must not lose its checklist over a warning).
"""

from __future__ import annotations

from collections.abc import Iterator

from storeops.i18n import Msg
from storeops.templates import Item, Template, Text, answer_codes

LONG_TEXT = 10_000  # characters: a text this long was pasted by mistake, not written


def template_warnings(template: Template) -> list[Msg]:
    """What looks wrong in a template that loads."""
    found: list[Msg] = []
    if template.version < 0:
        found.append(Msg("tpl.warn.version", version=template.version))
    weights = [s.weight for s in template.sections if s.weight is not None]
    if weights and len(weights) == len(template.sections) and not any(weights):
        found.append(Msg("tpl.warn.weights"))
    for where, text in _texts(template):
        length = max(len(text.en), len(text.zh))
        if length > LONG_TEXT:
            found.append(Msg("tpl.warn.long_text", where=where, length=length))
    for item_id in sorted(never_shown(template)):
        found.append(Msg("tpl.warn.never_shown", item=item_id))
    for item in template.items:
        if item.type == "scale" and item.min > 0 and not item.score_from and item.points:
            found.append(Msg("tpl.warn.scale_min", item=item.id, min=item.min, max=item.max))
        if item.type == "choice" and item.points and all(o.score == 0 for o in item.options):
            found.append(Msg("tpl.warn.no_score", item=item.id))
    return found


def never_shown(template: Template) -> set[str]:
    """Items whose condition no answer can meet: it names answers the controlling item
    cannot be given (``x`` where N/A is not allowed), or a controlling item never shown."""
    never: set[str] = set()
    for item in template.items:
        condition = item.show_if
        if condition is None or not condition.item:
            continue
        target = template.item(condition.item)
        reachable = set(condition.values) & _possible(target, condition.values)
        if condition.item in never or not reachable:
            never.add(item.id)
    return never


def _possible(item: Item, wanted: tuple[str, ...]) -> set[str]:
    codes = answer_codes(item)
    if codes is None:  # a number or a text: any value may come
        return set(wanted)
    return codes if item.allow_na else codes - {"x"}


def _texts(template: Template) -> Iterator[tuple[str, Text]]:
    yield template.id, template.title
    yield template.id, template.description
    for section in template.sections:
        yield section.id, section.title
        yield section.id, section.help
        for item in section.items:
            yield item.id, item.text
            yield item.id, item.guidance
            for option in item.options:
                yield item.id, option.text
