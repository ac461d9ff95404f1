"""三包 (return, exchange, repair) from the purchase date, who caused the fault and the
product's category, under the default windows (1–7 / 8–15 / 16+ days, a year's warranty)
and under a store's own; altered trousers are never exchanged; the settings live in the
store profile and an old profile loads with the defaults."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from storeops.i18n import set_language
from storeops.profile import StoreProfile, load_profile, save_profile
from storeops.sanbao import AfterSales, Entitlement, after_sales_from, entitlement
from storeops.storage import DataStore

TODAY = date(2026, 11, 23)  # the pinned clock's day (tests/conftest.py)


def _owed(
    days_ago: int,
    *,
    user_caused: bool = False,
    category: str = "",
    altered: bool = False,
    rules: AfterSales | None = None,
) -> Entitlement:
    """What is owed on the pinned day for a purchase ``days_ago`` days before it."""
    return entitlement(TODAY - timedelta(days=days_ago), TODAY, user_caused=user_caused,
                       category=category, altered=altered, rules=rules)  # fmt: skip


@pytest.mark.parametrize(
    ("days_ago", "remedies", "rule"),
    [
        (0, ("return", "exchange", "repair"), "return"),  # bought today: day 0
        (1, ("return", "exchange", "repair"), "return"),
        (7, ("return", "exchange", "repair"), "return"),  # the seed's overlap, settled: return
        (8, ("exchange", "repair"), "exchange"),
        (15, ("exchange", "repair"), "exchange"),  # the second overlap: still exchange
        (16, ("repair",), "repair"),
        (365, ("repair",), "repair"),  # the last day of a year's warranty
        (366, (), "expired"),
        (400, (), "expired"),
    ],
)
def test_remedies_by_days_since_purchase(days_ago: int, remedies: tuple[str, ...],
                                         rule: str) -> None:  # fmt: skip
    owed = _owed(days_ago)
    assert owed.remedies == remedies and owed.rule == rule and owed.day == days_ago


@pytest.mark.parametrize("days_ago", [1, 7, 8, 15, 16, 400])
def test_a_fault_the_user_caused_is_owed_nothing(days_ago: int) -> None:
    owed = _owed(days_ago, user_caused=True)
    assert owed.remedies == () and owed.rule == "user_caused"


@pytest.mark.parametrize(
    ("days_ago", "remedies"),
    [(3, ("return", "exchange", "repair")), (4, ("exchange", "repair")),
     (10, ("exchange", "repair")), (11, ("repair",)), (90, ("repair",)), (91, ())],
)  # fmt: skip
def test_configured_windows_and_a_category_warranty(days_ago: int,
                                                    remedies: tuple[str, ...]) -> None:  # fmt: skip
    rules = AfterSales(return_days=3, exchange_days=10, category_warranty={"trousers": 90})
    assert _owed(days_ago, category="trousers", rules=rules).remedies == remedies


def test_a_category_without_its_own_warranty_takes_the_default() -> None:
    rules = AfterSales(warranty_days=30, category_warranty={"trousers": 90})
    assert _owed(60, category="coats", rules=rules).remedies == ()
    assert _owed(60, category="trousers", rules=rules).remedies == ("repair",)


@pytest.mark.parametrize(
    ("days_ago", "remedies"),
    [(2, ("return", "repair")), (10, ("repair",)), (20, ("repair",))],
)
def test_altered_trousers_are_never_exchanged(days_ago: int, remedies: tuple[str, ...]) -> None:
    owed = _owed(days_ago, altered=True)
    assert owed.remedies == remedies
    assert owed.altered == (days_ago <= 15)  # said only where an exchange was taken away


def test_the_rule_says_the_day_and_the_window_in_both_languages() -> None:
    owed = _owed(10, altered=True)
    assert "day 10" in owed.rule_text() and "15" in owed.rule_text()
    assert "Altered trousers cannot be exchanged" in owed.rule_text()
    assert owed.remedies_text() == "Repair"
    set_language("zh")
    assert "第10天" in owed.rule_text() and "修改过的裤子不能再换" in owed.rule_text()
    assert owed.remedies_text() == "维修"


def test_no_purchase_date_means_no_remedy_and_a_future_one_is_refused() -> None:
    assert entitlement(None, TODAY, user_caused=False).rule == "no_purchase"
    with pytest.raises(ValueError, match="2026-11-24"):
        entitlement(TODAY + timedelta(days=1), TODAY, user_caused=False)


def test_the_entitlement_reads_back_as_stored() -> None:
    owed = _owed(9)
    assert Entitlement.from_doc(owed.to_doc()) == owed


def test_bad_settings_are_named() -> None:
    problems = AfterSales(return_days=10, exchange_days=5, follow_up_days=-1).problems()
    assert len(problems) == 2
    assert any("-1" in p for p in problems) and any("5" in p and "10" in p for p in problems)


def test_settings_are_saved_in_the_profile_and_kept_by_a_setup_that_does_not_show_them(
    data_dir: Path,
) -> None:
    store = DataStore.open(data_dir)
    rules = AfterSales(return_days=3, follow_up_days=2, category_warranty={"trousers": 90})
    save_profile(store, StoreProfile("SH-1", "Store", "Wang", after_sales=rules))
    # The setup screen and `storeops setup` make a profile without them: they are kept.
    save_profile(store, StoreProfile("SH-1", "Store", "Li"))
    profile = load_profile(store)
    assert profile is not None and profile.manager == "Li" and profile.rules == rules
    with pytest.raises(ValueError, match="36500"):
        save_profile(store, StoreProfile("SH-1", "S", "W", after_sales=AfterSales(return_days=-3)))
    store.close()


def test_an_old_profile_loads_with_the_defaults_and_a_hand_edit_does_not_stop_it(
    data_dir: Path,
) -> None:
    (data_dir / "profile.json").write_text(
        json.dumps({"store_code": "SH-1", "store_name": "S", "manager": "W"}), "utf-8"
    )
    store = DataStore.open(data_dir)
    profile = load_profile(store)
    assert profile is not None and profile.rules == AfterSales()
    store.close()
    edited = after_sales_from({"return_days": "seven", "exchange_days": 12,
                               "category_warranty": {"trousers": 90, "coats": "x"}})  # fmt: skip
    assert edited == AfterSales(exchange_days=12, category_warranty={"trousers": 90})
