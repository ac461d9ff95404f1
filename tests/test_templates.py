"""Template loading: the bundled 6S template, problem collection, catalogue, hashing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storeops.i18n import set_language
from storeops.locations import bundled_templates_dir
from storeops.storage import SourceFile
from storeops.templates import (
    TemplateCatalogue,
    TemplateError,
    TemplateProblem,
    load_catalogue,
    parse_template,
    template_from_data,
)

SIX_S = bundled_templates_dir() / "six-s.toml"

VALID = """\
id = "tiny"
version = 1
title = { en = "Tiny", zh = "小" }

[[sections]]
id = "A"
title = "Section A"

[[sections.items]]
id = "a1"
type = "pass_fail"
points = 2
text = { en = "Floor clean", zh = "地面清洁" }

[[sections.items]]
id = "a2"
type = "number"
threshold = 3
direction = "<="
text = "Greeting within 3 s"
"""


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")


def problems_of(toml: str, source: str = "bad.toml") -> list[TemplateProblem]:
    with pytest.raises(TemplateError) as info:
        parse_template(toml.encode("utf-8"), source)
    return info.value.problems


def with_item(extra: str) -> str:
    """VALID plus one more item in section A, given as TOML key lines."""
    return VALID + '\n[[sections.items]]\nid = "x1"\ntext = "extra"\n' + extra + "\n"


def messages(problems: list[TemplateProblem]) -> str:
    return "\n".join(str(p) for p in problems)


# --- the bundled template ---------------------------------------------------


@pytest.fixture(scope="module")
def six_s():
    return parse_template(SIX_S.read_bytes(), str(SIX_S))


def test_six_s_has_id_and_sections_in_order(six_s) -> None:
    assert six_s.id == "six-s"
    assert [s.id for s in six_s.sections] == ["SRT", "SIO", "SHN", "STD", "SUS", "SAF", "Z"]


def test_six_s_weights(six_s) -> None:
    weights = {s.id: s.weight for s in six_s.sections}
    assert weights == {"SRT": 15, "SIO": 15, "SHN": 20, "STD": 15, "SUS": 15, "SAF": 20, "Z": 0}
    assert sum(w for w in weights.values() if w) == 100


def test_six_s_summary_section_is_unscored_text(six_s) -> None:
    assert all(item.type == "text" and not item.scored for item in six_s.section("Z").items)


def test_six_s_safety_criticals_do_not_allow_na(six_s) -> None:
    for item_id in ("6S-SAF-01", "6S-SAF-02"):
        item = six_s.item(item_id)
        assert item.critical
        assert not item.allow_na
    assert {i.id for i in six_s.items if i.critical} == {"6S-SAF-01", "6S-SAF-02"}
    assert six_s.item("6S-SAF-03").allow_na  # template-level allow_na = true still applies


def test_six_s_search_time_is_a_stopwatch_number_item(six_s) -> None:
    item = six_s.item("6S-SIO-03")
    assert item.type == "number"
    assert item.threshold == 60
    assert item.direction == "<="
    assert item.stopwatch


def test_six_s_every_item_is_bilingual(six_s) -> None:
    assert six_s.items
    for item in six_s.items:
        assert item.text.en.strip(), item.id
        assert item.text.zh.strip(), item.id
        assert item.text.en != item.text.zh, item.id


# --- every problem in a file is collected -----------------------------------

THREE_MISTAKES = """\
id = "three"
version = 1
title = "Three mistakes"

[[sections]]
id = "A"
title = "A"

[[sections.items]]
id = "bad-type"
type = "checkbox"
text = "Unknown type"

[[sections.items]]
id = "bad-points"
type = "pass_fail"
points = "x"
text = "Points not a number"

[[sections.items]]
id = "twice"
type = "pass_fail"
text = "First"

[[sections.items]]
id = "twice"
type = "pass_fail"
text = "Second"
"""


def test_three_mistakes_give_exactly_three_problems() -> None:
    problems = problems_of(THREE_MISTAKES, "hq/three.toml")
    assert len(problems) == 3
    assert all(p.source == "hq/three.toml" for p in problems)
    for problem, item_id in zip(problems, ["bad-type", "bad-points", "twice"], strict=True):
        assert item_id in problem.where
        assert item_id in str(problem)
        assert "hq/three.toml" in str(problem)


def test_three_mistakes_messages_say_what_is_wrong() -> None:
    bad_type, bad_points, twice = problems_of(THREE_MISTAKES)
    assert "checkbox" in bad_type.message
    assert "points" in bad_points.message
    assert "twice" in twice.message


def test_valid_template_parses() -> None:
    template = parse_template(VALID.encode(), "ok.toml")
    assert [i.id for i in template.items] == ["a1", "a2"]
    assert template.source == "ok.toml"


def test_invalid_toml_is_one_problem_mentioning_toml() -> None:
    problems = problems_of('id = "x"\nversion = [1,\n')
    assert len(problems) == 1
    assert "TOML" in problems[0].message


def test_non_utf8_bytes_are_a_problem() -> None:
    with pytest.raises(TemplateError) as info:
        parse_template(b'id = "caf\xe9"\n', "latin1.toml")
    assert len(info.value.problems) == 1
    assert info.value.problems[0].source == "latin1.toml"


def test_utf8_bom_is_accepted() -> None:
    assert parse_template(b"\xef\xbb\xbf" + VALID.encode(), "bom.toml").id == "tiny"


def test_unknown_key_typo_is_reported() -> None:
    problems = problems_of(with_item('type = "pass_fail"\ncritcal = true'))
    assert len(problems) == 1
    assert "critcal" in problems[0].message
    assert "x1" in problems[0].where


def test_unknown_template_key_is_reported() -> None:
    problems = problems_of('titel = "oops"\n' + VALID)
    assert ["titel" in p.message for p in problems] == [True]


def test_negative_on_scale_item_is_reported() -> None:
    problems = problems_of(with_item('type = "scale"\nmax = 4\nnegative = true'))
    assert len(problems) == 1
    assert "negative" in problems[0].message
    assert "x1" in problems[0].where


def test_scale_label_count_mismatch_is_reported() -> None:
    problems = problems_of(with_item('type = "scale"\nmax = 2\nlabels = ["bad", "good"]'))
    assert len(problems) == 1
    assert "2 labels" in problems[0].message
    assert "3 values" in problems[0].message


def test_scale_with_matching_labels_loads() -> None:
    template = parse_template(
        with_item('type = "scale"\nmax = 2\nlabels = ["bad", "ok", "good"]').encode(), "s.toml"
    )
    assert len(template.item("x1").labels) == 3


BANDS = """
[[bands]]
key = "good"
min = {first}
label = "Good"

[[bands]]
key = "fair"
min = {second}
label = "Fair"

[[bands]]
key = "poor"
min = {third}
label = "Poor"
fail = true
"""


def test_bands_not_descending_are_reported() -> None:
    problems = problems_of(VALID + BANDS.format(first=50, second=80, third=0))
    assert len(problems) == 1
    assert "band" in problems[0].message


def test_bands_not_ending_at_zero_are_reported() -> None:
    problems = problems_of(VALID + BANDS.format(first=80, second=50, third=10))
    assert len(problems) == 1
    assert "0" in problems[0].message


def test_descending_bands_ending_at_zero_load() -> None:
    template = parse_template(
        (VALID + BANDS.format(first=80, second=50, third=0)).encode(), "b.toml"
    )
    assert [b.key for b in template.bands] == ["good", "fair", "poor"]
    assert template.fail_band.key == "poor"


def test_mixing_weighted_and_unweighted_sections_is_reported() -> None:
    toml = VALID.replace('title = "Section A"', 'title = "Section A"\nweight = 50')
    toml += '\n[[sections]]\nid = "B"\ntitle = "B"\n'
    toml += '[[sections.items]]\nid = "b1"\ntype = "pass_fail"\ntext = "b"\n'
    problems = problems_of(toml)
    assert len(problems) == 1
    assert "weight" in problems[0].message


def test_number_threshold_without_direction_is_reported() -> None:
    problems = problems_of(with_item('type = "number"\nthreshold = 5'))
    assert len(problems) == 1
    assert "direction" in problems[0].message
    assert "x1" in problems[0].where


def test_number_direction_must_be_known() -> None:
    problems = problems_of(with_item('type = "number"\nthreshold = 5\ndirection = "=<"'))
    assert len(problems) == 1
    assert "=<" in problems[0].message


def test_critical_threshold_needs_threshold_and_direction() -> None:
    problems = problems_of(with_item('type = "number"\ncritical_threshold = 30'))
    assert len(problems) == 1
    assert "critical_threshold" in problems[0].message


def test_missing_item_text_and_type_are_both_reported() -> None:
    problems = problems_of(VALID + '\n[[sections.items]]\nid = "x1"\n')
    assert len(problems) == 2
    assert all("x1" in p.where for p in problems)


def test_item_id_with_spaces_is_reported() -> None:
    problems = problems_of(VALID.replace('id = "a1"', 'id = "a 1"'))
    assert len(problems) == 1
    assert "a 1" in problems[0].message


def test_item_id_with_trailing_newline_is_reported() -> None:
    problems = problems_of(VALID.replace('id = "a1"', 'id = "a1\\n"'))
    assert len(problems) == 1


def test_misspelt_type_is_one_problem_not_a_cascade() -> None:
    problems = problems_of(with_item('type = "numbr"\npoints = 2\nthreshold = 3\ndirection = "<="'))
    assert len(problems) == 1
    assert "numbr" in problems[0].message


# --- crash-proofing: only TemplateError ever escapes ------------------------


def test_huge_integer_points_is_a_problem_not_a_crash() -> None:
    problems = problems_of(with_item('type = "pass_fail"\npoints = 1' + "0" * 400))
    assert len(problems) == 1


def test_integer_over_digit_limit_is_a_problem_not_a_crash() -> None:
    problems = problems_of(with_item('type = "pass_fail"\npoints = 1' + "0" * 5000))
    assert len(problems) == 1


def test_deeply_nested_toml_is_a_problem_not_a_crash() -> None:
    problems = problems_of("a = " + "[" * 5000 + "]" * 5000)
    assert len(problems) == 1


def parse_or_template_error(raw: bytes) -> None:
    try:
        parse_template(raw, "fuzz.toml")
    except TemplateError as exc:
        assert exc.problems
        assert all(p.source == "fuzz.toml" for p in exc.problems)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes_only_raise_template_error(raw: bytes) -> None:
    parse_or_template_error(raw)


TOML_CHARS = st.sampled_from([*"[]{}=\"'\n .,:#+-_01239eEinfatrux", "sections", "items"])


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), st.lists(TOML_CHARS, max_size=80).map("".join)))
def test_random_text_only_raises_template_error(text: str) -> None:
    parse_or_template_error(text.encode("utf-8"))


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_valid_template_with_random_text_appended_only_raises_template_error(text: str) -> None:
    parse_or_template_error((VALID + text).encode("utf-8"))


# Values tomllib can produce (integers kept to 64 bits: see the xfail above for larger).
TOML_VALUES = st.recursive(
    st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats()
    | st.text(max_size=10)
    | st.datetimes()
    | st.dates()
    | st.times(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)
FIELDS = st.sampled_from(
    ["id", "version", "title", "allow_na", "header", "bands", "sections", "description"]
)
ITEM_FIELDS = st.sampled_from(
    ["id", "text", "type", "points", "critical", "negative", "allow_na", "required", "bonus",
     "min", "max", "labels", "threshold", "direction", "critical_threshold", "unit",
     "stopwatch", "source", "guidance", "oops"]
)  # fmt: skip


def base_data() -> dict[str, Any]:
    import tomllib

    return tomllib.loads(VALID)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(FIELDS, TOML_VALUES), max_size=2),
    st.lists(st.tuples(st.integers(0, 1), ITEM_FIELDS, TOML_VALUES), max_size=3),
)
def test_random_field_values_only_raise_template_error(
    top: list[tuple[str, object]], items: list[tuple[int, str, object]]
) -> None:
    data = base_data()
    for index, name, value in items:
        data["sections"][0]["items"][index][name] = value
    for name, value in top:
        data[name] = value
    try:
        template_from_data(data, "fuzz.toml")
    except TemplateError as exc:
        assert exc.problems


# --- content hash -----------------------------------------------------------


def test_hash_ignores_comments_and_key_order() -> None:
    reordered = VALID.replace(
        'id = "a1"\ntype = "pass_fail"\npoints = 2\n',
        '# a comment\npoints = 2  # two points\ntype = "pass_fail"\nid = "a1"\n',
    )
    assert reordered != VALID
    first = parse_template(VALID.encode(), "a.toml")
    second = parse_template(reordered.encode(), "b.toml")
    assert first.hash == second.hash
    assert re.fullmatch(r"[0-9a-f]{16}", first.hash)


def test_hash_changes_when_points_change() -> None:
    changed = VALID.replace("points = 2", "points = 3")
    assert parse_template(VALID.encode(), "a").hash != parse_template(changed.encode(), "a").hash


# --- the catalogue ----------------------------------------------------------


def six_s_source() -> SourceFile:
    return SourceFile(str(SIX_S), SIX_S.read_bytes())


def test_bad_custom_file_does_not_stop_good_ones() -> None:
    catalogue = TemplateCatalogue.from_sources(
        [six_s_source()],
        [
            SourceFile("hq/a-bad.toml", b"id = [broken"),
            SourceFile("hq/b-good.toml", VALID.encode()),
            SourceFile("hq/c-unreadable.toml", b"", "permission denied"),
        ],
    )
    assert "six-s" in catalogue
    assert "tiny" in catalogue
    assert catalogue.templates["tiny"].bundled is False
    assert [p.source for p in catalogue.problems] == ["hq/a-bad.toml", "hq/c-unreadable.toml"]
    assert "permission denied" in catalogue.problems[1].message


def test_custom_template_replaces_bundled_one_with_same_id() -> None:
    custom = VALID.replace('id = "tiny"', 'id = "six-s"')
    catalogue = TemplateCatalogue.from_sources(
        [six_s_source()], [SourceFile("hq/six-s.toml", custom.encode())]
    )
    loaded = catalogue.templates["six-s"]
    assert loaded.bundled is False
    assert loaded.template.source == "hq/six-s.toml"
    assert [i.id for i in catalogue.get("six-s").items] == ["a1", "a2"]
    assert len(catalogue.templates) == 1


def test_same_id_twice_in_one_folder_reports_the_second() -> None:
    catalogue = TemplateCatalogue.from_sources(
        [],
        [SourceFile("hq/one.toml", VALID.encode()), SourceFile("hq/two.toml", VALID.encode())],
    )
    assert catalogue.get("tiny").source == "hq/one.toml"
    assert len(catalogue.problems) == 1
    problem = catalogue.problems[0]
    assert problem.source == "hq/two.toml"
    assert "tiny" in problem.message
    assert "hq/one.toml" in problem.message


def test_catalogue_sorted_by_order_then_id() -> None:
    other = VALID.replace('id = "tiny"', 'id = "aaa"')
    first = VALID.replace('id = "tiny"', 'id = "zzz"\norder = 1')
    catalogue = TemplateCatalogue.from_sources(
        [six_s_source()],
        [SourceFile("x.toml", VALID.encode()), SourceFile("y.toml", other.encode()),
         SourceFile("z.toml", first.encode())],
    )  # fmt: skip
    # six-s has order 10, the others the default 100.
    assert [lt.template.id for lt in catalogue.sorted()] == ["zzz", "six-s", "aaa", "tiny"]


def test_load_catalogue_with_missing_folder_still_loads_bundled(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    catalogue = load_catalogue(missing)
    assert "six-s" in catalogue
    assert catalogue.templates["six-s"].bundled is True
    assert len(catalogue.problems) == 1
    assert str(missing) in str(catalogue.problems[0])


def test_load_catalogue_reads_custom_folder(tmp_path: Path) -> None:
    (tmp_path / "tiny.toml").write_text(VALID, encoding="utf-8")
    (tmp_path / "broken.toml").write_text("id =", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a template", encoding="utf-8")
    catalogue = load_catalogue(tmp_path)
    assert {"six-s", "tiny"} <= set(catalogue.templates)
    assert [Path(p.source).name for p in catalogue.problems] == ["broken.toml"]


def test_load_catalogue_without_folder_has_no_problems() -> None:
    catalogue = load_catalogue(None)
    assert "six-s" in catalogue
    assert catalogue.problems == []


# --- language ---------------------------------------------------------------


def test_problems_are_in_chinese_after_set_language_zh() -> None:
    set_language("zh")
    problems = problems_of(THREE_MISTAKES)
    assert len(problems) == 3
    assert problems[2].where == "题目 twice"
    assert "重复" in problems[2].message
    assert all(re.search(r"[\u4e00-\u9fff]", str(p)) for p in problems)


def test_problems_are_in_english_by_default() -> None:
    problems = problems_of(THREE_MISTAKES)
    assert problems[2].where == "item twice"
    assert not any(re.search(r"[\u4e00-\u9fff]", str(p)) for p in problems)


def test_datetime_values_are_reported_not_crashed() -> None:
    data = base_data()
    data["title"] = datetime(2024, 1, 1)
    data["sections"][0]["items"][0]["points"] = date(2024, 1, 1)
    data["sections"][0]["items"][1]["threshold"] = time(1, 2)
    with pytest.raises(TemplateError) as info:
        template_from_data(data, "d.toml")
    found = messages(info.value.problems)
    assert "'title' must be" in found
    assert "'points' must be a number" in found
    assert "'threshold' must be a number" in found


def test_threshold_of_wrong_type_is_one_problem() -> None:
    problems = problems_of(VALID.replace("threshold = 3", 'threshold = "3"'))
    assert len(problems) == 1
