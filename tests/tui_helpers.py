"""Helpers for Pilot tests: an app on a temp data folder with a fixed date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from storeops.clock import Clock
from storeops.context import Context, open_context
from storeops.profile import StoreProfile
from storeops.tui.app import StoreOpsApp
from storeops.tui.screens.review import ReviewScreen

TODAY = date(2026, 11, 23)


def make_app(data_dir: Path, *, profile: bool = True, lang: str | None = None) -> StoreOpsApp:
    """A headless-ready app; with ``profile`` the first-launch setup is already done."""
    ctx: Context = open_context(data_dir, lang=lang, clock=Clock.pinned(TODAY, running=True))
    if profile and ctx.profile is None:
        ctx.save_profile(StoreProfile("SH-021", "Nanjing Rd", "Wang Fang", lang or "en"))
    return StoreOpsApp(ctx)


async def back_from_early_review(pilot) -> bool:  # type: ignore[no-untyped-def]
    """The last required answer opens the finish review by itself; escape goes back to
    the optional items (notes). True if it was open."""
    if not isinstance(pilot.app.screen, ReviewScreen):
        return False
    await pilot.press("escape")
    await pilot.pause()
    return True
