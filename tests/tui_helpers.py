"""Helpers for Pilot tests: an app on a temp data folder with a fixed date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from storeops.context import Context, open_context
from storeops.profile import StoreProfile
from storeops.tui.app import StoreOpsApp

TODAY = date(2026, 11, 23)


def make_app(data_dir: Path, *, profile: bool = True, lang: str | None = None) -> StoreOpsApp:
    """A headless-ready app; with ``profile`` the first-launch setup is already done."""
    ctx: Context = open_context(data_dir, lang=lang)
    if profile and ctx.profile is None:
        ctx.save_profile(StoreProfile("SH-021", "Nanjing Rd", "Wang Fang", lang or "en"))
    return StoreOpsApp(ctx, today=lambda: TODAY)
