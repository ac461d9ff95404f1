"""Wording a store manager understands: no source jargon on any screen, self-assessments
without a "Fail" band, and sample weeks that keep their recognition and say whose they are."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from storeops.goals import parse_examples
from storeops.i18n import CATALOGUE
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
