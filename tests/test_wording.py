"""Wording a store manager understands: no source jargon on any screen, self-assessments
without a "Fail" band, sample weeks that keep their recognition and say whose they are, and
counts whose nouns agree with them ("1 action", "2 actions")."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from storeops.goals import parse_examples
from storeops.i18n import CATALOGUE, set_language, t
from storeops.locations import bundled_templates_dir
from storeops.storage import read_sources
from storeops.templates import load_catalogue

# Where a text came from is kept in `source = "…"` fields and TOML comments, never on screen.
JARGON = re.compile(r"seed|种子", re.IGNORECASE)
NOT_SHOWN = {"source"}
BUNDLED = sorted(path.stem for path in bundled_templates_dir().glob("*.toml"))
SELF_ASSESSMENTS = ("csas", "training-eval")


def _shown(value: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """Every string of a template's data with where it is, but for the source fields."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, Mapping):
        for key, inner in value.items():
            if key not in NOT_SHOWN:
                yield from _shown(inner, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for n, inner in enumerate(value):
            label = inner.get("id", n) if isinstance(inner, Mapping) else n
            yield from _shown(inner, f"{where}[{label}]")


def _examples():  # type: ignore[no-untyped-def]
    [source] = read_sources([bundled_templates_dir() / "samples" / "goal-examples.toml"])
    return parse_examples(source)


@pytest.mark.parametrize("template_id", BUNDLED)
def test_no_template_text_on_screen_names_a_seed(template_id: str) -> None:
    template = load_catalogue(None).get(template_id)
    found = [f"{where}: {text}" for where, text in _shown(template.data) if JARGON.search(text)]
    assert not found, "\n".join(found)


def test_the_shown_texts_walk_reaches_items_and_leaves_out_sources() -> None:
    template = load_catalogue(None).get("daily-service-check")
    shown = dict(_shown(template.data))
    assert "sections[T].items[DG-11].guidance.en" in shown
    assert not any(where.endswith("source") for where in shown)


def test_no_catalogue_string_names_a_seed() -> None:
    found = [
        f"{key}: {text}" for key, pair in CATALOGUE.items() for text in pair if JARGON.search(text)
    ]
    assert not found, "\n".join(found)


def test_no_sample_week_names_a_seed() -> None:
    for example in _examples():
        texts = (example.title, example.goal, example.behaviours, example.measure,
                 example.actions, example.follow_up)  # fmt: skip
        assert not any(JARGON.search(text) for pair in texts for text in pair), example.id


@pytest.mark.parametrize("template_id", SELF_ASSESSMENTS)
def test_a_self_assessment_has_no_fail_band(template_id: str) -> None:
    template = load_catalogue(None).get(template_id)
    assert template.bands and template.bands[-1].min == 0
    assert not any(band.fail for band in template.bands)
    labels = {band.label.en for band in template.bands} | {band.label.zh for band in template.bands}
    assert not labels & {"Fail", "不合格"}, labels


def test_the_training_evaluation_says_its_cut_off_is_its_own() -> None:
    template = load_catalogue(None).get("training-eval")
    assert "this checklist" in template.description.en and "本表" in template.description.zh


def test_sample_weeks_keep_their_recognition_and_say_whose_they_are() -> None:
    examples = _examples()
    assert {e.id: e.ours for e in examples} == {
        "smile-greeting": False, "floor-atmosphere": False,  # the training material's weeks 1-2
        "greet-3s": True, "greeting-script": True,  # ours: its weeks 3-4 are blank
    }  # fmt: skip
    for example in examples:
        assert example.follow_up[0] and example.follow_up[1]
        assert example.as_week(1, "en").follow_up == example.follow_up[0]
        assert example.as_week(2, "zh").follow_up == example.follow_up[1]
        assert example.as_week(1, "en").achieved is None  # the verdict stays the manager's


# --- numbers and their nouns ------------------------------------------------------------------

PLURAL_SPEC = re.compile(r"\{(\w+):[^{}|]*\|[^{}|]*\}")
# Fields that hold a count: "count", and every field some text writes a plural for.
COUNT_FIELDS = {"count"} | {
    match.group(1) for en, _ in CATALOGUE.values() for match in PLURAL_SPEC.finditer(en)
}
# Words that read the same after 1 and after 2 ("1 finished", "3 more", "it is").
SAME_AFTER_ANY_NUMBER = {"finished", "more", "on", "is", "shown", "open", "overdue", "awaiting"}


def _count_texts() -> Iterator[tuple[str, str, str]]:
    """(key, English, Chinese) of every catalogue text that shows a count."""
    for key, (en, zh) in CATALOGUE.items():
        if any(name in COUNT_FIELDS for _, name, _, _ in string.Formatter().parse(en) if name):
            yield key, en, zh


def _filled(key: str, count: int) -> str:
    """The text of ``key`` with every count ``count`` and every other field "X"."""
    names = {name for _, name, _, _ in string.Formatter().parse(CATALOGUE[key][0]) if name}
    return t(key, **{name: count if name in COUNT_FIELDS else "X" for name in names})


def test_no_text_writes_a_plural_in_brackets() -> None:
    """ "1 row(s)" reads as a form, not a sentence: every count's noun agrees with it."""
    found = [f"{key}: {en}" for key, (en, _) in CATALOGUE.items() if "(s)" in en]
    assert found == []


def test_every_count_is_followed_by_a_noun_that_agrees_with_it() -> None:
    """A count followed by a word either writes that word's two forms (``{count:row|rows}``)
    or the word reads the same after any number ("3 finished")."""
    found = []
    for key, en, _ in _count_texts():
        with_plural = {match.group(1) for match in PLURAL_SPEC.finditer(en)}
        for match in re.finditer(r"\{(\w+)\} ([a-z][\w'-]*)", en):
            name, word = match.groups()
            agrees = name in with_plural or word in SAME_AFTER_ANY_NUMBER
            if name in COUNT_FIELDS and not agrees:
                found.append(f"{key}: {match.group(0)}")
    assert found == []


@pytest.mark.parametrize("key", sorted(key for key, _, _ in _count_texts()))
def test_a_count_message_reads_right_with_1_and_with_2(key: str) -> None:
    """Every count message, rendered with 1 and with 2: English changes its nouns, Chinese
    (no plural) only the number; no format syntax is left over."""
    one, two = _filled(key, 1), _filled(key, 2)
    for text in (one, two):
        assert "{" not in text and "|" not in text and "(s)" not in text, text
    if PLURAL_SPEC.search(CATALOGUE[key][0]):
        assert one.replace("1", "2") != two, (one, two)
    set_language("zh")
    assert _filled(key, 1).replace("1", "2") == _filled(key, 2)


@pytest.mark.parametrize(
    ("key", "fields", "one", "two"),
    [
        ("action.count", {}, "1 action", "2 actions"),
        ("export.done", {"path": "a.csv"}, "1 row written to a.csv", "2 rows written to a.csv"),
        ("team.summary", {"title": "Sales"}, "Sales: 1 person observed",
         "Sales: 2 people observed"),
        ("doctor.unhealthy", {}, "1 problem found.", "2 problems found."),
        ("run.err.open_items", {}, "1 required item still unanswered",
         "2 required items still unanswered"),
    ],
)  # fmt: skip
def test_known_count_messages_in_english(key: str, fields: dict[str, str], one: str,
                                         two: str) -> None:  # fmt: skip
    assert t(key, count=1, **fields) == one
    assert t(key, count=2, **fields) == two
    assert t(key, count=0, **fields) == two.replace("2", "0")
