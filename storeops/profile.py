"""The store profile: which store this PC belongs to, who manages it, which language."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from storeops.i18n import LANGUAGES, t
from storeops.sanbao import AfterSales, after_sales_from
from storeops.storage import DataStore
from storeops.text_clean import clean_line

_CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]{0,31}$")
PROFILE_FILE = "profile.json"
_ATTRIBUTE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")  # as template ids


@dataclass(frozen=True)
class StoreProfile:
    store_code: str
    store_name: str
    manager: str
    language: str = "en"
    templates_dir: str = ""
    # What templates' conditions may ask of a store (``fitting_rooms = "yes"``); each run
    # records those its template reads when it starts.
    attributes: dict[str, str] = field(default_factory=dict)
    # 三包 windows, warranties, follow-up days and contact retention (storeops/sanbao.py);
    # a profile saved before they existed loads with the defaults. None: as saved (a setup
    # that does not show them keeps them, see save_profile).
    after_sales: AfterSales | None = None

    @property
    def rules(self) -> AfterSales:
        """The after-sales settings in force (the defaults until the store sets its own)."""
        return self.after_sales or AfterSales()

    def problems(self) -> list[str]:
        """What is wrong with this profile, as messages for the person typing it."""
        found = []
        for value, label in (
            (self.store_code, "profile.store_code"),
            (self.store_name, "profile.store_name"),
            (self.manager, "profile.manager"),
        ):
            if not value.strip():
                found.append(t("profile.err.required", field=t(label)))
        if self.store_code.strip() and not _CODE_RE.match(self.store_code.strip()):
            found.append(t("profile.err.code"))
        if self.language not in LANGUAGES:
            found.append(t("profile.err.lang"))
        for name in self.attributes:
            if not _ATTRIBUTE_RE.match(name):
                found.append(t("profile.err.attribute", name=name))
        if self.after_sales is not None:
            found.extend(self.after_sales.problems())
        return found

    def cleaned(self) -> StoreProfile:
        return replace(
            self,
            store_code=clean_line(self.store_code).strip(),
            store_name=clean_line(self.store_name).strip(),
            manager=clean_line(self.manager).strip(),
            templates_dir=self.templates_dir.strip(),
            attributes={
                clean_line(k).strip(): clean_line(v).strip() for k, v in self.attributes.items()
            },
        )


def load_profile(store: DataStore) -> StoreProfile | None:
    """The saved profile, or ``None`` before the first setup."""
    data: dict[str, Any] | None = store.read_json(PROFILE_FILE)
    if not data:
        return None
    return StoreProfile(
        store_code=str(data.get("store_code", "")),
        store_name=str(data.get("store_name", "")),
        manager=str(data.get("manager", "")),
        language=str(data.get("language", "en")) if data.get("language") in LANGUAGES else "en",
        templates_dir=str(data.get("templates_dir", "")),
        attributes=_attributes(data.get("attributes")),
        after_sales=after_sales_from(data.get("after_sales")),
    )


def _attributes(value: Any) -> dict[str, str]:
    """The store attributes as saved; anything that is not a name → text pair is left out
    (a hand-edited file must not stop the app)."""
    if not isinstance(value, dict):
        return {}
    return {str(k): str(v) for k, v in value.items() if isinstance(v, str | int | float)}


def parse_attribute(text: str) -> tuple[str, str]:
    """``name=value`` (as given to ``storeops setup --attribute``); raises ValueError."""
    name, sep, value = text.partition("=")
    name, value = name.strip(), value.strip()
    if not sep or not _ATTRIBUTE_RE.match(name):
        raise ValueError(t("profile.err.attribute", name=text))
    return name, value


def save_profile(store: DataStore, profile: StoreProfile) -> StoreProfile:
    """Validate and save; raises ``ValueError`` with every problem in one message."""
    profile = profile.cleaned()
    if profile.after_sales is None:  # kept as saved
        saved = load_profile(store)
        profile = replace(profile, after_sales=saved.after_sales if saved else None)
    problems = profile.problems()
    if problems:
        raise ValueError("\n".join(problems))
    store.write_json(PROFILE_FILE, asdict(profile))
    return profile
