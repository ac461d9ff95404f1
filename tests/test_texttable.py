"""CLI tables: columns line up in terminal cells, Chinese included, and fit the width."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storeops.texttable import cell_width, fold, render


def test_cell_width_counts_chinese_as_two() -> None:
    assert cell_width("6S") == 2
    assert cell_width("审核") == 4
    assert cell_width("e\u0301") == 1  # a combining accent takes no cell


def test_columns_line_up_with_chinese() -> None:
    text = render(["编号", "内容"], [("a1", "地面清洁"), ("long-id", "ok")], width=80)
    lines = text.splitlines()
    assert lines == ["编号     内容", "a1       地面清洁", "long-id  ok"]


def test_a_wide_table_is_folded_to_the_width() -> None:
    long = "word " * 30
    text = render(["id", "text"], [("a1", long.strip())], width=40)
    lines = text.splitlines()
    assert len(lines) > 2
    assert all(cell_width(line) <= 40 for line in lines)
    assert " ".join(line[4:].strip() for line in lines[1:]) == long.strip()


def test_fold_breaks_at_spaces_and_cuts_a_long_word() -> None:
    assert fold("one two three", 7) == ["one two", "three"]
    assert fold("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    assert fold("地面清洁干净", 4) == ["地面", "清洁", "干净"]
    assert fold("", 5) == [""]


def test_a_column_is_not_cut_mid_word_while_another_can_fold_at_a_space() -> None:
    text = render(["received", "still open"], [("2", "3")], width=16)
    # "received" whole (it was cut to "receive" over "d"); "still open" folds at its space
    assert text.splitlines() == ["received  still", "          open", "2         3"]
    assert all(cell_width(line) <= 16 for line in text.splitlines())


def test_a_snake_case_name_folds_after_an_underscore_not_mid_word() -> None:
    # hq reports name their columns so: `mean_days_to_close` read "mean_da / ys_to_c / lose"
    assert fold("mean_days_to_close", 12) == ["mean_days_", "to_close"]
    assert fold("calls_on_time_share", 8) == ["calls_", "on_time_", "share"]
    assert fold("not_scheduled", 20) == ["not_scheduled"]  # whole when it fits


@given(st.text(alphabet=st.sampled_from("ab_ 地面\n"), max_size=60), st.integers(2, 20))
def test_fold_keeps_every_character_and_the_width(text: str, width: int) -> None:
    lines = fold(text, width)
    assert all(cell_width(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "").replace("\n", "")
