"""三包 (the "three guarantees": return, exchange, repair) and the store's after-sales settings.

The rules, each with where it comes from:

* Seed ``000_b4f64cfc84409828.txt`` (三包): "使用时间的长短来判定是否符合三包政策，不是人为造成" —
  eligibility is decided by how long the product has been used, and only for a fault not
  caused by the user. "1至7天用户可以选择退货，维修，换机" (days 1–7: return, repair or a
  replacement), "7-15天…只能选择换货或维修服务，不能退货" (days 7–15: exchange or repair, no
  return), "15天后…只能选择维修服务" (after day 15: repair only).
* Seed ``000_b4f64cfc84409828.txt``: "整机保修一年" (the whole unit has a one-year warranty): after
  it, not even a repair is owed. The seed is about appliances; the one year is the default for
  every product category, and the store sets its own per category (ours: the seed has no
  apparel figure).
* Seed ``004_1e8b5316b9fe23cf.txt``: "告知顾客修改过的裤子不能再换" — altered trousers cannot be
  exchanged (the customer is told when measured). The seed says nothing of returning them;
  a return, where the days allow one, stays.

Ours, where the seeds leave it open (``DESIGN.md``, "Product decisions"): the seed's ranges
overlap at day 7 and day 15, so we settle them as 1–7 return, 8–15 exchange, 16 and after
repair; a day is counted in days after the purchase date (bought on the 20th, the 27th is day 7),
the purchase day itself being day 0, within the return window. Counted up to the day the
complaint was received, not the day it is looked at. All of it is configurable per store
(:class:`AfterSales`), as are the days to the follow-up call (ours: 3) and how long a closed
complaint keeps the customer's name and phone (ours: 24 months).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from storeops.i18n import t

RETURN, EXCHANGE, REPAIR = "return", "exchange", "repair"
REMEDIES: tuple[str, ...] = (RETURN, EXCHANGE, REPAIR)
# Why a complaint is owed what it is owed (the rule shown beside the remedies).
RULE_RETURN, RULE_EXCHANGE, RULE_REPAIR = "return", "exchange", "repair"
RULE_EXPIRED, RULE_USER, RULE_NO_PURCHASE = "expired", "user_caused", "no_purchase"
RULES: tuple[str, ...] = (RULE_RETURN, RULE_EXCHANGE, RULE_REPAIR, RULE_EXPIRED, RULE_USER,
                          RULE_NO_PURCHASE)  # fmt: skip
_MOST_DAYS = 36500  # a setting beyond a hundred years is a typing mistake
_CATEGORY_CHARS = 32


@dataclass(frozen=True)
class AfterSales:
    """The store's after-sales settings (part of the store profile; every value has a default,
    so a profile saved before they existed loads as it was)."""

    return_days: int = 7  # seed 000 "1至7天", settled as ours at the overlap
    exchange_days: int = 15  # seed 000 "7-15天", likewise
    warranty_days: int = 365  # seed 000 "整机保修一年"; per category below (ours)
    category_warranty: dict[str, int] = field(default_factory=dict)  # by product category
    follow_up_days: int = 3  # ours: the call back (seed 000 step 10, seed 003 回访) after closing
    retention_months: int = 24  # ours: contact details kept this long after closing

    def warranty_for(self, category: str) -> int:
        """Days a product of ``category`` is repaired for (the default when not listed)."""
        return self.category_warranty.get(category.strip(), self.warranty_days)

    def problems(self) -> list[str]:
        """What is wrong with these settings, as messages."""
        found = []
        for name in ("return_days", "exchange_days", "warranty_days", "follow_up_days",
                     "retention_months"):  # fmt: skip
            value = getattr(self, name)
            if not 0 <= value <= _MOST_DAYS:
                found.append(t("sanbao.err.range", field=t(f"sanbao.setting.{name}"),
                               value=value))  # fmt: skip
        if self.exchange_days < self.return_days:
            found.append(t("sanbao.err.order", exchange=self.exchange_days,
                           ret=self.return_days))  # fmt: skip
        for category, days in self.category_warranty.items():
            if not category.strip() or len(category) > _CATEGORY_CHARS:
                found.append(t("sanbao.err.category", category=category))
            elif not 0 <= days <= _MOST_DAYS:
                found.append(t("sanbao.err.range", field=category, value=days))
        return found

    def to_doc(self) -> dict[str, Any]:
        return {
            "return_days": self.return_days, "exchange_days": self.exchange_days,
            "warranty_days": self.warranty_days,
            "category_warranty": dict(self.category_warranty),
            "follow_up_days": self.follow_up_days, "retention_months": self.retention_months,
        }  # fmt: skip


def after_sales_from(value: object) -> AfterSales:
    """The settings as a profile saved them; a value that is missing or not a whole number
    (a hand edit) keeps its default, so a bad profile never stops the app."""
    if not isinstance(value, Mapping):
        return AfterSales()
    default = AfterSales()
    found: dict[str, Any] = {}
    for name in ("return_days", "exchange_days", "warranty_days", "follow_up_days",
                 "retention_months"):  # fmt: skip
        number = value.get(name)
        found[name] = number if type(number) is int else getattr(default, name)
    categories = value.get("category_warranty")
    if isinstance(categories, Mapping):
        found["category_warranty"] = {
            str(k): v for k, v in categories.items() if type(v) is int and str(k).strip()
        }
    return AfterSales(**found)


@dataclass(frozen=True)
class Entitlement:
    """What 三包 owes a complaint: the remedies the customer may choose from (in the order
    of :data:`REMEDIES`), the rule that says so, and the day after purchase it was counted at
    (``None`` with no purchase date)."""

    remedies: tuple[str, ...]
    rule: str
    day: int | None = None
    altered: bool = False  # exchange left out: altered trousers (seed 004)
    limit: int = 0  # the window's last day the rule names (7, 15, the warranty's days)

    def to_doc(self) -> dict[str, Any]:
        return {"remedies": list(self.remedies), "rule": self.rule, "day": self.day,
                "altered": self.altered, "limit": self.limit}  # fmt: skip

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Entitlement:
        """As stored with a complaint (checked by :func:`storeops.complaints.complaint_fields`)."""
        day, limit, rule = doc.get("day"), doc.get("limit"), doc.get("rule")
        return cls(
            tuple(r for r in doc.get("remedies") or () if r in REMEDIES),
            rule if isinstance(rule, str) and rule in RULES else RULE_NO_PURCHASE,
            day if type(day) is int else None,
            doc.get("altered") is True,
            limit if type(limit) is int else 0,
        )

    def remedies_text(self) -> str:
        """``Return · Exchange · Repair`` in the current language, ``none`` when none."""
        if not self.remedies:
            return t("sanbao.none")
        return " · ".join(t(f"sanbao.remedy.{r}") for r in self.remedies)

    def rule_text(self) -> str:
        """Why, in the current language: the day counted and the window it falls in."""
        text = t(f"sanbao.rule.{self.rule}", day=self.day if self.day is not None else "—",
                 limit=self.limit)  # fmt: skip
        return f"{text} {t('sanbao.rule.altered')}" if self.altered else text


def days_after(purchased: date, on: date) -> int:
    """Days after the purchase date (the purchase day is day 0; bought on the 20th, the 27th
    is day 7)."""
    return (on - purchased).days


def entitlement(
    purchased: date | None,
    on: date,
    *,
    user_caused: bool,
    category: str = "",
    altered: bool = False,
    rules: AfterSales | None = None,
) -> Entitlement:
    """The remedies 三包 owes a fault found on ``on`` of a product bought on ``purchased``
    (``None``: nothing was bought, a service complaint). ``user_caused``: the fault was
    caused by the user (使用不当), so nothing is owed; ``altered``: altered trousers, never
    exchanged. Raises ``ValueError`` for a purchase after ``on``."""
    rules = rules or AfterSales()
    if purchased is None:
        return Entitlement((), RULE_NO_PURCHASE)
    day = days_after(purchased, on)
    if day < 0:
        raise ValueError(t("sanbao.err.future", purchased=purchased.isoformat(),
                           on=on.isoformat()))  # fmt: skip
    if user_caused:
        return Entitlement((), RULE_USER, day)
    warranty = rules.warranty_for(category)
    if day <= rules.return_days:
        remedies, rule, limit = REMEDIES, RULE_RETURN, rules.return_days
    elif day <= rules.exchange_days:
        remedies, rule, limit = (EXCHANGE, REPAIR), RULE_EXCHANGE, rules.exchange_days
    elif day <= warranty:
        remedies, rule, limit = (REPAIR,), RULE_REPAIR, warranty
    else:
        return Entitlement((), RULE_EXPIRED, day, limit=warranty)
    if day > warranty:  # a warranty shorter than the windows ends them too
        return Entitlement((), RULE_EXPIRED, day, limit=warranty)
    cut = altered and EXCHANGE in remedies
    if cut:
        remedies = tuple(r for r in remedies if r != EXCHANGE)
    return Entitlement(remedies, rule, day, altered=cut, limit=limit)
