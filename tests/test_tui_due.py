"""What is due, in the app, by keys at 80×24 in both languages (issues 18 and 19): the
dashboard's due list (overdue first, re-audits marked, enter starts the checklist, at most
four lines, what is done collapsed, the month's runs on time) kept in the digest; and the
result screen's repeat findings, first and marked "again"."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import Static

from storeops.context import Context, open_context
from storeops.digest import dashboard_digest
from storeops.run_index import RunIndex
from storeops.scoring import Answer
from storeops.tui.app import StoreOpsApp
from storeops.tui.screens.dashboard import DashboardScreen, TemplateList
from storeops.tui.screens.history import HistoryScreen
from storeops.tui.screens.result import ResultScreen
from storeops.tui.screens.runner import RunnerScreen
from storeops.tui.widgets.due_list import DueList
from storeops.tui.widgets.form import FormScreen
from tests.tui_helpers import TODAY, make_app

SIZE = (80, 24)
LANGS = pytest.mark.parametrize("lang", ["en", "zh"])
CST = timezone(timedelta(hours=8))
WORDS = {
    "en": {"overdue": "! overdue", "due": "• due", "reaudit": "↻ re-audit", "schedule": "schedule",
           "missed0": "missed 0", "title": "What is due today: 1 overdue, 3 due",
           "csas": "Customer Service Assessment Scale", "six_s": "6S audit",
           "done": "Done: 6S audit", "on_time": "On time this month: 6S audit 3/4",
           "more": "+3 more (enter shows all)", "again": "again · "},
    "zh": {"overdue": "! 已逾期", "due": "• 待完成", "reaudit": "↻ 复查", "schedule": "计划",
           "missed0": "漏做 0 次", "title": "今日待办：1 项逾期，3 项待完成",
           "csas": "顾客服务评估表", "six_s": "6S 审核",
           "done": "已完成：6S 审核", "on_time": "本月按时完成：6S 审核 3/4",
           "more": "还有 3 项（按 enter 全部显示）", "again": "再次 · "},
}  # fmt: skip


def _audit(ctx: Context, day: date, failed: frozenset[str] = frozenset()) -> None:
    """A finished 6S audit at 9:00 on ``day``: ``failed`` items failed, the rest met."""
    template = ctx.catalogue.get("six-s")
    when = datetime(day.year, day.month, day.day, 9, tzinfo=CST)
    run = ctx.runs.start(template, store_code="SH-021", header={"auditor": "Li"}, now=when)
    ctx.runs.answer_many(run, {
        i.id: Answer(i.id not in failed) if i.type == "pass_fail" else Answer(0)
        for i in template.items if i.type != "text"
    }, now=when)  # fmt: skip
    ctx.runs.finish(run, "Li", now=when)


def _prepared(data_dir: Path) -> Context:
    """A store with its profile (the app opens on the dashboard)."""
    make_app(data_dir).ctx.close()
    return open_context(data_dir)


def _text(app: StoreOpsApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def _lines(due: DueList) -> list[str]:
    """The due list's lines as the terminal shows them."""
    return [due.render_line(y).text.rstrip() for y in range(due.size.height)]


async def _dashboard(pilot: Pilot[None]) -> DashboardScreen:
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, DashboardScreen)
    return screen


@LANGS
async def test_the_due_list_is_at_the_top_overdue_first_and_enter_starts_a_checklist(
    data_dir: Path, lang: str
) -> None:
    """A failed 6S audit on Friday: on Monday the CSAS (monthly, due the 1st, within 6
    days) is overdue and comes first; the 6S audit is due again (re-audit), then the week's
    sales observations and today's check-in. Shift+tab reaches the list, enter on the 6S
    line opens its header form, and ctrl+s the runner."""
    ctx = _prepared(data_dir)
    _audit(ctx, TODAY - timedelta(days=3), failed=frozenset({"6S-SAF-01"}))
    ctx.close()
    words = WORDS[lang]
    app = make_app(data_dir, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        dashboard = await _dashboard(pilot)
        assert _text(app, "#due-title") == words["title"]
        due = dashboard.query_one(DueList)
        prompts = [str(due.get_option_at_index(i).prompt) for i in range(due.option_count)]
        assert len(prompts) == 4
        first = prompts[0].split("\n")[0]  # a long title wraps (at a space) below its line
        assert first.startswith(words["overdue"])
        assert words["csas"].split()[0] in first and "2026-11-01" in first
        assert words["missed0"] in first and first.endswith(words["schedule"])
        six_s = next(prompt for prompt in prompts if words["six_s"] in prompt)
        assert six_s.startswith(words["due"]) and "2026-11-23" in six_s
        assert six_s.endswith(words["reaudit"])
        # Everything fits: every line within the screen, the checklists still in sight.
        shown = _lines(due)
        assert all(cell_len(line) <= SIZE[0] for line in shown)
        assert first in shown[0]  # drawn whole, not cut at the edge
        assert due.region.right <= SIZE[0] and due.region.bottom < SIZE[1]
        templates = dashboard.query_one(TemplateList)
        assert templates.has_focus and templates.region.height >= 8
        # The morning: shift+tab to the due list, down to the 6S audit, enter, ctrl+s.
        await pilot.press("shift+tab")
        assert due.has_focus
        await pilot.press("down")
        assert due.highlighted_option is not None
        assert due.highlighted_option.id == "due:six-s"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RunnerScreen)
        assert app.screen.draft.template_id == "six-s"
    app.ctx.close()


@LANGS
async def test_done_is_collapsed_with_the_months_on_time_runs_and_long_lists_are_capped(
    data_dir: Path, lang: str
) -> None:
    """6S audits on the 2nd, the 10th (within the week's window), the 19th (the Thursday:
    late) and today: 3 of 4 on time, today's collapsed into "Done". With the other three
    checklists scheduled daily, six are to do: three lines and "+3 more", which enter
    unfolds."""
    ctx = _prepared(data_dir)
    for day in (2, 10, 19, 23):
        _audit(ctx, date(2026, 11, day))
    for template_id in ("mystery-shopper", "training-eval", "customer-satisfaction"):
        ctx.schedules.set(template_id, {"every": "day"})
    ctx.close()
    words = WORDS[lang]
    app = make_app(data_dir, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        dashboard = await _dashboard(pilot)
        below = _text(app, "#due-summary").replace("\n", " ")
        assert words["done"] in below and words["on_time"] in below
        due = dashboard.query_one(DueList)
        assert all(words["six_s"] not in line for line in _lines(due))
        prompts = [str(due.get_option_at_index(i).prompt) for i in range(due.option_count)]
        assert len(prompts) == 4 and prompts[-1] == words["more"]
        assert due.region.bottom < SIZE[1] - 8  # the checklists keep the rest
        await pilot.press("shift+tab", "end", "enter")
        await pilot.pause()
        assert due.option_count == 6
        assert due.highlighted == 3 and due.has_focus
    app.ctx.close()


async def test_the_due_list_comes_from_the_digest_and_follows_the_schedules(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app opens without reading the index (the due list is in the digest); switching
    a checklist off (or a closed day) is seen at once."""
    ctx = _prepared(data_dir)
    _audit(ctx, TODAY - timedelta(days=3))
    first = dashboard_digest(ctx, TODAY)
    assert [d.template_id for d in first.due[:2]] == ["csas", "six-s"]
    ctx.close()
    reopened = open_context(data_dir)

    def no_index(self: RunIndex) -> None:
        raise AssertionError("the index was read")

    with monkeypatch.context() as patched:
        patched.setattr(RunIndex, "entries", no_index)
        assert dashboard_digest(reopened, TODAY) == first
    reopened.schedules.switch_off("csas")
    reopened.schedules.set_closed([TODAY])
    after = {d.template_id: d for d in dashboard_digest(reopened, TODAY).due}
    assert after["csas"].status == "not_scheduled"
    assert after["daily-service-check"].closed
    reopened.close()


async def test_a_schedule_that_cannot_be_read_is_named_under_the_due_list(
    data_dir: Path,
) -> None:
    """A hand edit gives the 6S audit a cadence storeops does not know: the rest is used
    (the 6S audit falls back to its template's), and the dashboard names the entry."""
    _prepared(data_dir).close()
    (data_dir / "schedules.json").write_text(
        json.dumps({"templates": {"six-s": {"every": "fortnight"}, "csas": {"off": True}}}),
        "utf-8",
    )
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        dashboard = await _dashboard(pilot)
        assert "'six-s' could not be read" in _text(app, "#due-problems")
        due = {d.template_id for d in dashboard.query_one(DueList).entries}
        assert "six-s" in due and "csas" not in due
        assert app.screen.query_one("#due-problems").region.bottom < SIZE[1] - 1
    app.ctx.close()


# --- the result screen: repeat findings first -----------------------------------------


@LANGS
async def test_the_result_lists_the_repeat_findings_first_marked_again(
    data_dir: Path, lang: str
) -> None:
    """Sort-01 and Shine-01 failed on the 16th and again on the 20th, with Set-in-order-02
    failing for the first time: the 20th's result lists the two repeats first (though
    Set in order comes before Shine in the checklist), each marked, then the new one."""
    ctx = _prepared(data_dir)
    _audit(ctx, date(2026, 11, 16), frozenset({"6S-SRT-01", "6S-SHN-01", "6S-SIO-05"}))
    _audit(ctx, date(2026, 11, 20), frozenset({"6S-SRT-01", "6S-SIO-02", "6S-SHN-01"}))
    ctx.close()
    again = WORDS[lang]["again"]
    app = make_app(data_dir, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await _dashboard(pilot)
        await pilot.press("h")  # history: the latest first
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        failed = [line.strip() for line in _text(app, "#result-failed").split("\n")]
        items = [line for line in failed if line.startswith("✗")]
        ids = [re.findall(r"6S-[A-Z]+-\d+", line)[0] for line in items]
        assert ids == ["6S-SRT-01", "6S-SHN-01", "6S-SIO-02"]
        assert [line.startswith(f"✗ {again}") for line in items] == [True, True, False]
        assert "3" in failed[0] and "2" in failed[0]  # the heading counts the repeats
    app.ctx.close()


def test_the_digest_reads_only_the_runs_the_due_list_needs(data_dir: Path) -> None:
    """Over five months of a busy store, for days across them: the due list and the
    on-time counts from the recent runs (and the first, and each checklist's latest) are
    those from every run."""
    from storeops.demo import make_demo
    from storeops.digest import on_time, recent
    from storeops.due import due_list

    ctx = _prepared(data_dir)
    make_demo(ctx, today=TODAY, months=5)
    ctx.schedules.set("mystery-shopper", {"every": "month", "day": 15})
    templates = [loaded.template for loaded in ctx.catalogue.sorted()]
    schedules = ctx.schedules.read()
    everything = ctx.runs.summaries()
    assert len(recent(everything, TODAY)) < len(everything) * 0.7  # the last 90 days of 150
    for back in range(0, 150, 6):
        day = TODAY - timedelta(days=back)
        runs = [s for s in everything if s.finished_at[:10] <= day.isoformat()]
        assert due_list(templates, schedules, recent(runs, day), day) == due_list(
            templates, schedules, runs, day
        ), day
        assert on_time(templates, schedules, recent(runs, day), day) == on_time(
            templates, schedules, runs, day
        ), day
    ctx.close()
