"""Walk a 6S audit in the real app (headless) until killed; used by the kill test.

Usage: ``python tui_audit.py DATA_DIR``. Prints ``answered N`` after each key press
has been handled (the answer is saved by then), pausing a little between keys.
"""

from __future__ import annotations

import asyncio
import sys

from storeops.context import open_context
from storeops.profile import StoreProfile
from storeops.tui.app import StoreOpsApp


async def main(data_dir: str) -> None:
    ctx = open_context(data_dir, lang="en")
    if ctx.profile is None:
        ctx.save_profile(StoreProfile("SH-021", "Nanjing Rd", "Wang Fang"))
    app = StoreOpsApp(ctx)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"Wang Fang", "enter", "enter", "enter")
        await pilot.pause()
        for n in range(1, 100):
            await pilot.press("y" if n % 4 else "n")
            await pilot.pause()
            print(f"answered {n}", flush=True)
            await asyncio.sleep(0.05)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
