"""What is due: schedules, closed days, missed periods, re-audits, on-time completion, and
``storeops due`` / ``storeops schedule``, all against a pinned clock."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storeops.cli import build_app
from storeops.context import open_context
from storeops.due import completion, due_list, on_time, period_of
from storeops.run_record import RunSummary
from storeops.schedules import StoreSchedules
from storeops.templates import Reaudit, Schedule, Template, load_catalogue

TODAY = date(2026, 11, 23)  # a Monday; conftest pins the clock at 2026-11-23T10:00+08:00


def _summary(template_id: str, day: date, band: str = "good", kind: str = "own") -> RunSummary:
    stamp = datetime(day.year, day.month, day.day, 18).isoformat() + "+08:00"
    return RunSummary(f"{template_id}-{day}", template_id, day.isoformat()[:7], stamp, "Wang",
                      "", 90.0, band, ("", ""), (), None, "", kind)  # fmt: skip


@pytest.fixture(scope="module")
def catalogue() -> dict[str, Template]:
    return {lt.template.id: lt.template for lt in load_catalogue().sorted()}


def _one(
    template: Template, runs: list[RunSummary], today: date, schedules: StoreSchedules | None = None
):  # type: ignore[no-untyped-def]
    [found] = due_list([template], schedules or StoreSchedules(), runs, today)
    return found


def test_a_daily_schedule_over_two_weeks(catalogue: dict[str, Template]) -> None:
    check_in = catalogue["daily-service-check"]
    start = date(2026, 11, 9)
    done_days = {start + timedelta(days=n) for n in (0, 1, 2, 4, 5, 7, 8, 9, 10, 11, 12, 13)}
    closed = {start + timedelta(days=6)}  # a Sunday the store was shut
    schedules = StoreSchedules(closed=closed)
    expected_missed = 0
    for n in range(14):
        day = start + timedelta(days=n)
        runs = [_summary(check_in.id, d) for d in done_days if d <= day]
        found = _one(check_in, runs, day, schedules)
        if day in closed:
            assert found.status == "not_scheduled" and found.closed, day
        elif day in done_days:
            assert (found.status, found.due_on) == ("done", day), day
        else:
            assert (found.status, found.due_on) == ("due", day), day
        assert found.missed == expected_missed, day
        # at the end of the day: a day without a check-in that was open is missed from then on
        if day not in done_days and day not in closed:
            expected_missed += 1
    # days 3 (11-12) and 6 (11-15… closed) → only 11-12 is missed; 11-15 is the closed Sunday
    assert expected_missed == 1


def test_a_new_store_has_missed_nothing(catalogue: dict[str, Template]) -> None:
    assert _one(catalogue["daily-service-check"], [], TODAY).missed == 0


def test_a_failed_6s_audit_is_due_again_within_3_days_and_a_passing_one_clears_it(
    catalogue: dict[str, Template],
) -> None:
    six_s = catalogue["six-s"]
    failed = _summary("six-s", TODAY - timedelta(days=1), band="fail")  # Sunday
    found = _one(six_s, [failed], TODAY)
    assert (found.status, found.reason, found.due_on) == ("due", "re-audit", date(2026, 11, 25))
    assert _one(six_s, [failed], date(2026, 11, 26)).status == "overdue"
    passed = _summary("six-s", TODAY, band="good")
    cleared = _one(six_s, [failed, passed], TODAY)
    assert (cleared.status, cleared.reason) == ("done", "schedule")
    # a competitor's visit never counts as the store's run
    other = _one(six_s, [failed, _summary("six-s", TODAY, kind="competitor")], TODAY)
    assert other.reason == "re-audit"


def test_weekly_window_and_times(catalogue: dict[str, Template]) -> None:
    six_s = catalogue["six-s"]  # weekly, due Monday, within 2 days
    assert _one(six_s, [], TODAY).status == "due"
    assert _one(six_s, [], date(2026, 11, 25)).status == "due"
    assert _one(six_s, [], date(2026, 11, 26)).status == "overdue"
    seven = catalogue["sales-seven-step"]  # three a week, by Sunday
    two = [_summary(seven.id, TODAY), _summary(seven.id, TODAY + timedelta(days=1))]
    found = _one(seven, two, date(2026, 11, 27))
    assert (found.status, found.done, found.needed) == ("due", 2, 3)
    assert (
        _one(seven, [*two, _summary(seven.id, date(2026, 11, 27))], date(2026, 11, 27)).status
        == "done"
    )


def test_months_and_on_time() -> None:
    monthly = Schedule("month", day=31, within_days=2)
    period = period_of(monthly, date(2026, 2, 10))
    assert period.due_on == date(2026, 2, 28) and period.window_end == date(2026, 3, 2)
    assert on_time(Schedule("week", on="mon", within_days=2), date(2026, 11, 25)) == (TODAY, True)
    assert on_time(Schedule("week", on="mon", within_days=2), date(2026, 11, 26)) == (TODAY, False)
    daily = Schedule("day")
    days = [date(2026, 11, d) for d in (2, 3, 5)]
    assert completion(daily, days, {date(2026, 11, 1)}, date(2026, 11, 1), date(2026, 11, 7)) == (
        3,
        6,
    )


def test_reaudit_validation() -> None:
    from storeops.templates import TemplateError, template_from_data

    data = {"id": "r", "version": 1, "title": "R", "reaudit": {"band": "awful", "within_days": 3},
            "schedule": {"every": "fortnight"},
            "sections": [{"id": "A", "title": "A", "items": [
                {"id": "I", "type": "pass_fail", "text": "I"}]}]}  # fmt: skip
    with pytest.raises(TemplateError) as caught:
        template_from_data(data, "t")
    text = str(caught.value)
    assert "awful" in text and "fortnight" in text
    data["reaudit"] = {"band": "fail", "within_days": 3}
    data["schedule"] = {"every": "week", "on": "fri", "times": 2}
    template = template_from_data(data, "t")
    assert template.reaudit == Reaudit("fail", 3)
    assert template.schedule == Schedule("week", on="fri", times=2)


def _cli(data: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(build_app(), ["--data-dir", str(data), *args])


def test_due_and_schedule_commands(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert (
        _cli(data, "setup", "--store-code", "A1", "--store-name", "A", "--manager", "M").exit_code
        == 0
    )
    shown = _cli(data, "due", "--format", "json")
    assert shown.exit_code == 0, shown.output
    entries = {e["template_id"]: e for e in json.loads(shown.output)}
    assert entries["six-s"]["status"] == "due" and entries["six-s"]["due_on"] == "2026-11-23"
    assert entries["mystery-shopper"]["status"] == "not_scheduled"
    moved = _cli(data, "schedule", "set", "six-s", "--every", "week", "--on", "fri",
                 "--within-days", "0")  # fmt: skip
    assert moved.exit_code == 0 and "Friday" in moved.output
    assert json.loads(_cli(data, "due", "--format", "json").output)[0]["template_id"] == "csas"
    # the CSAS (monthly, due on the 1st within 6 days) is overdue: exit 1 for a task scheduler
    assert _cli(data, "due", "--fail-on-overdue").exit_code == 1
    bad = _cli(data, "schedule", "set", "six-s", "--every", "week", "--day", "3")
    assert bad.exit_code == 2 and "'day'" in bad.output
    assert _cli(data, "schedule", "off", "csas").exit_code == 0
    assert _cli(data, "due", "--fail-on-overdue").exit_code == 0
    assert _cli(data, "schedule", "closed", "2026-12-25").exit_code == 0
    listed = json.loads(_cli(data, "schedule", "list", "--format", "json").output)
    sources = {e["template_id"]: (e["source"], e["schedule"]) for e in listed["templates"]}
    assert sources["csas"] == ("store", None)
    assert sources["six-s"] == ("store", {"every": "week", "on": "fri", "within_days": 0})
    assert sources["daily-service-check"] == ("template", {"every": "day"})
    assert listed["closed"] == ["2026-12-25"]
    assert _cli(data, "schedule", "reset", "six-s").exit_code == 0
    ctx = open_context(data, readonly=True)
    assert "six-s" not in ctx.schedules.read().changed
    ctx.close()


def test_a_hand_edited_schedules_file_is_named_and_never_written_over(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _cli(data, "setup", "--store-code", "A1", "--store-name", "A", "--manager", "M")
    original = '{"templates": {"six-s": {"every": "sometimes"}}, "closed": ["not a day"]}'
    (data / "schedules.json").write_text(original, "utf-8")
    shown = _cli(data, "due")
    assert shown.exit_code == 0 and "could not be read" in shown.output
    refused = _cli(data, "schedule", "off", "csas")
    assert refused.exit_code == 1 and "not written over" in refused.output
    assert (data / "schedules.json").read_text("utf-8") == original
