"""Measure storeops against baselines taken in the same run, and print one table.

    python benchmarks/run.py [--history DIR] [--repeat 5]

Without --history a five-year history is generated first (about 20,000 runs, ~20 s).
Start-up figures are whole processes (interpreter, imports, first screen), timed as the
median of several runs; the rest is timed in-process. Nothing here is a pass/fail test:
the table says what was measured, the target and the ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.make_history import make  # noqa: E402

PY = sys.executable
BARE_APP = """
import asyncio
from textual.app import App
from textual.widgets import Footer, Header, Static
class Bare(App):
    def compose(self):
        yield Header(); yield Static("hello"); yield Footer()
async def main():
    async with Bare().run_test() as pilot:
        await pilot.pause()
asyncio.run(main())
"""
# The same widgets as the dashboard, with no data: what Textual alone costs for its layout.
BARE_DASHBOARD = """
import asyncio
from textual.app import App
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, OptionList, Static
class Bare(App):
    def compose(self):
        yield Header()
        with Vertical():
            yield Static("store"); yield Static("today")
        with Horizontal():
            with Vertical():
                yield OptionList(*[f"option {i}" for i in range(8)])
            with Vertical():
                for i in range(4): yield Static(f"panel {i}\\nline\\nline")
        yield Footer()
async def main():
    async with Bare().run_test() as pilot:
        await pilot.pause()
asyncio.run(main())
"""
STOREOPS_APP = """
import asyncio, sys
from storeops.context import open_context
from storeops.tui.app import StoreOpsApp
async def main():
    app = StoreOpsApp(open_context(sys.argv[1]))
    async with app.run_test() as pilot:
        await pilot.pause()
    app.ctx.close()
asyncio.run(main())
"""


def wall(cmd: list[str], repeat: int, env: dict[str, str] | None = None) -> float:
    """Median wall time of a whole command, in seconds, after one run to warm the disk
    cache and the template cache."""
    subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=ROOT)
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=ROOT)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def save_times(folder: Path, count: int) -> list[float]:
    """Seconds per saved answer on one draft of the 6S audit."""
    from storeops.context import open_context
    from storeops.scoring import Answer

    ctx = open_context(folder)
    template = ctx.catalogue.get("six-s")
    run = ctx.runs.start(template, store_code="B", header={"auditor": "Bench"})
    items = [i for i in template.items if i.type == "pass_fail"]
    times = []
    for n in range(count):
        item = items[n % len(items)]
        began = time.perf_counter()
        ctx.runs.answer(run, item.id, Answer(n % 3 != 0))
        times.append(time.perf_counter() - began)
    ctx.runs.discard(run)
    ctx.close()
    return times


def bare_write_times(folder: Path, count: int) -> list[float]:
    """The disk's floor: write 1 KB to a temp file, fsync, replace, fsync the folder."""
    payload = os.urandom(512).hex().encode()
    target = folder / "baseline.bin"
    times = []
    for _ in range(count):
        began = time.perf_counter()
        temp = folder / ".baseline.tmp"
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.write(fd, payload)
        os.fsync(fd)
        os.close(fd)
        os.replace(temp, target)
        dir_fd = os.open(folder, os.O_RDONLY)
        os.fsync(dir_fd)
        os.close(dir_fd)
        times.append(time.perf_counter() - began)
    target.unlink()
    return times


def export_times(history: Path, out: Path) -> tuple[float, float, int]:
    """Export five years at answer level, against writing the same rows with bare csv."""
    from storeops.context import open_context
    from storeops.exporting import ANSWER_COLUMNS, Selection, answer_rows, export_csv, selected_runs
    from storeops.storage import write_file

    ctx = open_context(history, readonly=True)
    began = time.perf_counter()
    payload, count = export_csv("answer", ctx.runs, [], Selection(), ctx.profile, ctx.clock.today())
    write_file(out, payload)
    ours = time.perf_counter() - began
    rows = answer_rows(selected_runs(ctx.runs, Selection()))  # the same rows, made beforehand
    began = time.perf_counter()
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(ANSWER_COLUMNS)
        writer.writerows(rows)
    baseline = time.perf_counter() - began
    return ours, baseline, count


def export_after_template_change(history: Path) -> tuple[float, float, int]:
    """A year at answer level with the templates the runs were made with, then again after
    head office changed every template (each old run then needs its archived template)."""
    from dataclasses import replace

    from storeops.context import open_context
    from storeops.exporting import Selection, export_csv
    from storeops.templates import LoadedTemplate, TemplateCatalogue, Text

    ctx = open_context(history, readonly=True)
    today = ctx.clock.today()
    newest = ctx.runs.summaries()[0].finished_at[:10]
    last_year = Selection(since=date.fromisoformat(newest) - timedelta(days=365))

    def timed() -> tuple[float, int]:
        began = time.perf_counter()
        _payload, count = export_csv("answer", ctx.runs, [], last_year, ctx.profile, today)
        return time.perf_counter() - began, count

    timed()  # warm: the index and the months are read once, as in a session
    before, count = timed()
    changed = {
        key: LoadedTemplate(
            replace(loaded.template, title=Text("v+1", "v+1"), hash=loaded.template.hash[::-1]),
            loaded.bundled,
        )
        for key, loaded in ctx.catalogue.templates.items()
    }
    ctx.runs.catalogue = TemplateCatalogue(changed)
    after, _ = timed()
    ctx.close()
    return after, before, count


async def key_latency_during_export(history: Path, out: Path) -> tuple[float, float, int]:
    """Key presses on the dashboard while a five-year export runs in the app's worker:
    press → next painted frame (max and median), and the number of presses."""
    from storeops.context import open_context
    from storeops.export_service import ExportRequest
    from storeops.tui.app import StoreOpsApp

    out.mkdir(exist_ok=True)
    app = StoreOpsApp(open_context(history))
    latencies: list[float] = []
    with frame_clock() as frames:
        async with app.run_test() as pilot:
            await pilot.pause()
            app.export_in_background(ExportRequest("answer", "csv"), out)
            await pilot.pause()
            worker = next(iter(app.workers))
            while worker.is_running and len(latencies) < 200:
                for key in ("down", "up"):
                    frames.clear()
                    began = time.perf_counter()
                    await pilot.press(key)
                    while not [f for f in frames if f > began] and time.perf_counter() - began < 2:
                        await asyncio.sleep(0.001)
                    painted = [f for f in frames if f > began]
                    latencies.append(painted[0] - began if painted else float("inf"))
                await asyncio.sleep(0.05)
            await app.workers.wait_for_complete()
    app.ctx.close()
    return max(latencies), statistics.median(latencies), len(latencies)


async def tui_figures(history: Path) -> dict[str, float]:
    """First screen of history and Pareto over years; keys for a 6S audit; key latency."""
    from storeops.context import open_context
    from storeops.tui.app import StoreOpsApp
    from storeops.tui.screens.runner import RunnerScreen

    figures: dict[str, float] = {}
    app = StoreOpsApp(open_context(history))
    async with app.run_test() as pilot:
        await pilot.pause()
        for name, keys in (("history", ["h"]), ("pareto", ["r", "down", "enter"]),
                           ("trend", ["r", "enter"])):  # fmt: skip
            began = time.perf_counter()
            await pilot.press(*keys)
            await pilot.pause()
            await app.workers.wait_for_complete()  # trend and Pareto work in a thread
            await pilot.pause()
            figures[name] = time.perf_counter() - began
            await pilot.press("escape")
            await pilot.pause()
    app.ctx.close()

    folder = Path(tempfile.mkdtemp())
    ctx = open_context(folder)
    from storeops.profile import StoreProfile

    ctx.save_profile(StoreProfile("B1", "Bench", "Bench"))
    app = StoreOpsApp(ctx)
    latencies: list[float] = []
    with frame_clock() as frames:
        async with app.run_test() as pilot:
            await pilot.pause()
            # From the dashboard, as a manager does it: enter on the 6S audit (first in the
            # list), ctrl+s to accept the header (the auditor is filled in).
            await pilot.press("enter", "ctrl+s")
            await pilot.pause()
            keys = 2
            runner = app.screen
            assert isinstance(runner, RunnerScreen)
            items = len(runner.template.items)
            while runner.result.open_required:
                item = runner.current_item
                assert item is not None
                if item.stopwatch:
                    await pilot.press("t", "t")
                    keys += 2
                elif item.type == "number":
                    await pilot.press("0", "enter")
                    keys += 2
                else:
                    frames.clear()
                    began = time.perf_counter()
                    await pilot.press("y")
                    painted = [f for f in frames if f > began]
                    latencies.append(painted[0] - began if painted else float("inf"))
                    keys += 1
                await pilot.pause()
            await pilot.pause()
            # The last required answer opens the finish review; enter signs it off as
            # the auditor. The two optional notes at the end are left empty.
            assert type(app.screen).__name__ == "ReviewScreen"
            await pilot.press("enter")
            await pilot.pause()
            keys += 1
            assert type(app.screen).__name__ == "ResultScreen"
    ctx.close()
    shutil.rmtree(folder, ignore_errors=True)
    figures.update(keys=keys, items=items, latency_p95=percentile(latencies, 95))
    figures["latency_median"] = statistics.median(latencies)
    figures["latency_max"] = max(latencies)
    return figures


@contextmanager
def frame_clock() -> Iterator[list[float]]:
    """Times at which Textual painted a frame that changed something on screen.

    Key latency is measured from the press to the first such frame: what the manager
    sees. Textual paints at most 60 frames a second, so that wait is included.
    """
    from textual._compositor import Compositor

    painted: list[float] = []
    original = Compositor.render_update

    def timed(self: Compositor, *args: Any, **kwargs: Any) -> Any:
        update = original(self, *args, **kwargs)
        if update is not None:
            painted.append(time.perf_counter())
        return update

    Compositor.render_update = timed  # type: ignore[method-assign]
    try:
        yield painted
    finally:
        Compositor.render_update = original  # type: ignore[method-assign]


def row(what: str, value: str, baseline: str, ratio: str, target: str) -> str:
    return f"| {what} | {value} | {baseline} | {ratio} | {target} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--history", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="storeops-bench-"))
    history = args.history
    if history is None:
        history = work / "history"
        print(f"making five years of history in {history} …", file=sys.stderr)
        count = make(history, 5)
        print(f"{count} runs", file=sys.stderr)
    empty = work / "empty"
    empty.mkdir()
    # A store that has set up but done nothing yet: the app opens on the dashboard, not on
    # the first-launch setup (which is a form, and only ever shown once).
    from storeops.context import open_context
    from storeops.profile import StoreProfile

    ctx = open_context(empty)
    ctx.save_profile(StoreProfile("B1", "Bench", "Bench"))
    ctx.close()
    # As on a user's machine: the package compiled to .pyc (pip does it when installing;
    # an editable install writes them on first import, unless PYTHONDONTWRITEBYTECODE is
    # set, as on some CI machines, which would charge storeops a compile on every start).
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "storeops")], check=True)
    os.environ["STOREOPS_CACHE_DIR"] = str(work / "cache")
    env = {**os.environ, "STOREOPS_DATA_DIR": str(empty)}
    r = args.repeat
    lines = ["| what | storeops | baseline (same run) | ratio | target |", "|---|---|---|---|---|"]

    bare_tui = wall([PY, "-c", BARE_APP], r, env)
    bare_dashboard = wall([PY, "-c", BARE_DASHBOARD], r, env)
    lines.append(row("bare Textual app with the dashboard's widgets, no data",
                     f"{bare_dashboard * 1000:.0f} ms", f"{bare_tui * 1000:.0f} ms bare Textual app",
                     f"{bare_dashboard / bare_tui:.2f}×", "(context)"))  # fmt: skip
    for label, folder in (("empty", empty), ("5 years", history)):
        ours = wall([PY, "-c", STOREOPS_APP, str(folder)], r, env)
        lines.append(row(f"TUI start to dashboard ({label})", f"{ours * 1000:.0f} ms",
                         f"{bare_tui * 1000:.0f} ms bare Textual app", f"{ours / bare_tui:.2f}×",
                         "≤ 1.2×"))  # fmt: skip

    typer_only = wall([PY, "-c", "import typer"], r, env)
    for label, cmd in (
        ("storeops --help", ["--help"]),
        ("storeops templates list", ["templates", "list"]),
        ("storeops export (empty folder)", ["export", "-o", str(work / "e.csv")]),
    ):
        ours = wall([PY, "-m", "storeops", *cmd], r, env)
        lines.append(row(label, f"{ours * 1000:.0f} ms", f"{typer_only * 1000:.0f} ms import typer",
                         f"{ours / typer_only:.2f}×", "≤ 2×, no Textual"))  # fmt: skip
    probe = subprocess.run(
        [PY, "-c", "import sys; from storeops.cli import main\n"
                   "try: main(['templates', 'list'])\nexcept SystemExit: pass\n"
                   "print('textual' in sys.modules, file=sys.stderr)"],
        capture_output=True, text=True, env=env, cwd=ROOT,
    )  # fmt: skip
    lines.append(row("Textual imported by the CLI", probe.stderr.strip().splitlines()[-1],
                     "—", "—", "False"))  # fmt: skip

    floor = bare_write_times(empty, 200)
    for label, folder in (("empty folder", empty), ("5 years of history", history)):
        times = save_times(folder, 200)
        lines.append(row(
            f"save one answer, {label}",
            f"median {statistics.median(times) * 1000:.1f} ms, p95 {percentile(times, 95) * 1000:.1f} ms",
            f"median {statistics.median(floor) * 1000:.1f} ms 1 KB write+fsync+replace",
            f"{statistics.median(times) / statistics.median(floor):.2f}×", "≤ 3×",
        ))  # fmt: skip
        if label == "empty folder":
            empty_median = statistics.median(times)
        else:
            lines.append(row("save one answer, 5 years ÷ empty",
                             f"{statistics.median(times) / empty_median:.2f}×", "—", "—", "≤ 1.2×"))  # fmt: skip

    ours, baseline, count = export_times(history, work / "answers.csv")
    lines.append(row(f"export 5 years at answer level ({count:,} rows)", f"{ours:.1f} s",
                     f"{baseline:.1f} s bare csv.writer", f"{ours / baseline:.2f}×", "≤ 3×"))  # fmt: skip

    after, before, count = export_after_template_change(history)
    lines.append(row(f"export a year at answer level after every template changed ({count:,} rows)",
                     f"{after:.2f} s", f"{before:.2f} s the same export before the change",
                     f"{after / before:.2f}×", "≤ 1.1×"))  # fmt: skip
    worst, median, presses = asyncio.run(key_latency_during_export(history, work / "exports"))
    lines.append(row(f"key press during a five-year export in the app ({presses} presses)",
                     f"max {worst * 1000:.0f} ms, median {median * 1000:.0f} ms", "—", "—",
                     "≤ 100 ms"))  # fmt: skip

    figures = asyncio.run(tui_figures(history))
    for name in ("history", "trend", "pareto"):
        lines.append(row(f"open {name} over 5 years", f"{figures[name] * 1000:.0f} ms", "—", "—",
                         "≤ 1 s"))  # fmt: skip
    items = int(figures["items"])
    lines.append(row("keys for a whole 6S audit, from the dashboard", f"{int(figures['keys'])} keys",
                     f"{items} items on paper", "—", f"≤ {items + 3}; 1 per pass/fail"))  # fmt: skip
    lines.append(row(f"key press → next frame painted (runner, {items} items)",
                     f"median {figures['latency_median'] * 1000:.1f} ms, "
                     f"p95 {figures['latency_p95'] * 1000:.1f} ms, "
                     f"max {figures['latency_max'] * 1000:.1f} ms",
                     "—", "—", "≤ 20 ms p95"))  # fmt: skip
    print("\n".join(lines))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
