"""Damaged data never hides and never crashes.

Each damaged folder is made here by code, from one small healthy folder: a month of history
truncated, garbage or of the wrong shape; a run that is null, a string, without an id, with
answers of the wrong type, with a bad amendment or a review status nobody knows; wrong
records in the actions, the goal plans, the staff list and the drafts. Every read command
runs on each: no traceback, a message that names the file, exit code 4 for a list, report
or export that lacks something (1 for the doctor), and the good records still listed. The
app starts on each, to the dashboard, and its banner names the file. A record set aside is
never lost: the files are as they were after the app ran and after a save.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import typer.testing
from textual.widgets import Static
from typer.main import get_command
from typer.testing import CliRunner

from storeops import context
from storeops.backups import take_backup
from storeops.cli import EXIT_CRASH, EXIT_INCOMPLETE, EXIT_PROBLEM, EXIT_USAGE, build_app
from storeops.clock import ENV_NOW, Clock
from storeops.context import open_context
from storeops.demo import STAFF, HistoryMaker, Plan
from storeops.export_service import ExportRequest
from storeops.profile import StoreProfile
from storeops.scoring import Answer
from storeops.templates import load_catalogue
from storeops.tui.app import StoreOpsApp
from storeops.tui.screens.dashboard import DashboardScreen
from tests.conftest import PINNED_NOW

TODAY = date(2026, 11, 23)
CST = timezone(timedelta(hours=8))
MONTH = "runs/2026-11.json"
runner = CliRunner()


# --- one small healthy folder ----------------------------------------------------------


@dataclass(frozen=True)
class Base:
    root: Path
    runs: frozenset[str]  # ids of every finished run
    exported: frozenset[str]  # ids in a JSON export (accepted visits and the rest)
    actions: frozenset[str]
    staff: frozenset[str]


def _ids(path: Path) -> list[str]:
    return [doc["id"] for doc in json.loads(path.read_text("utf-8"))["_default"].values()]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Base]:
    """Two weeks of a store's history across two months (20 runs of every kind, two
    corrective actions, a goal plan, three staff, a draft) and a backup: doctor finds it
    healthy."""
    root = tmp_path_factory.mktemp("base") / "data"
    with pytest.MonkeyPatch.context() as env:
        env.setenv(ENV_NOW, PINNED_NOW)
        env.setenv("STOREOPS_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
        ctx = open_context(root, clock=Clock.pinned(TODAY))
        ctx.save_profile(StoreProfile("SH-1", "Nanjing Rd", "Wang Fang"))
        for name in STAFF[:3]:
            ctx.staff.remember(name)
        ctx.goals.new_plan("2026-11", examples=ctx.goal_examples())
        plan = Plan(
            six_s_per_week=1, observations_per_week=2, visits_per_month=10, action_share=0.3
        )
        HistoryMaker(ctx).make(date(2026, 10, 26), date(2026, 11, 6), plan)
        six_s = ctx.catalogue.get("six-s")
        draft = ctx.runs.start(six_s, store_code="SH-1", header={"auditor": "Li"})
        ctx.runs.answer(draft, "6S-SRT-01", Answer(True))
        take_backup(ctx.store)
        exported = json.loads(
            runner.invoke(
                build_app(), ["--data-dir", str(root), "export", "--format", "json"]
            ).stdout
        )["runs"]
        ctx.close()
    yield Base(
        root=root,
        runs=frozenset(_ids(root / "runs/2026-10.json") + _ids(root / MONTH)),
        exported=frozenset(run["id"] for run in exported),
        actions=frozenset(_ids(root / "actions.json")),
        staff=frozenset(STAFF[:3]),
    )


@pytest.fixture(scope="module", autouse=True)
def _made_once() -> Iterator[None]:
    """The CLI made a Click command, and the bundled templates loaded, once for the module
    rather than at each of a few hundred commands (no template is damaged here)."""
    command = get_command(build_app())
    catalogue = load_catalogue(None)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.testing, "_get_command", lambda _app: command)
        patch.setattr(context, "load_catalogue", lambda _folder=None: catalogue)
        yield


async def _settle(pilot: Any) -> None:
    """Until the app has drawn and read everything in the background."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


# --- the damage ------------------------------------------------------------------------


@dataclass(frozen=True)
class Damage:
    file: str  # the damaged file, in the data folder
    kind: str  # what it holds: runs, actions, goal_plans, staff, drafts
    template: str | None  # the damaged run's template where it can still be read
    apply: Callable[[Path], set[str]]  # damages the folder; returns the ids it takes away
    whole_file: bool = False


def _record(
    file: str, change: Callable[[dict[str, Any]], Any], pick: Callable[[dict[str, Any]], bool]
) -> Callable[[Path], set[str]]:
    """Replace one record (the first that ``pick`` likes) by ``change(record)``."""

    def apply(root: Path) -> set[str]:
        path = root / file
        data = json.loads(path.read_text("utf-8"))
        key = next(k for k, doc in data["_default"].items() if pick(doc))
        lost = data["_default"][key]["id"]
        data["_default"][key] = change(data["_default"][key])
        path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        return {lost}

    return apply


def _whole(change: Callable[[bytes], bytes]) -> Callable[[Path], set[str]]:
    def apply(root: Path) -> set[str]:
        path = root / MONTH
        lost = set(_ids(path))
        path.write_bytes(change(path.read_bytes()))
        return lost

    return apply


def _of(template: str) -> Callable[[Any], bool]:
    return lambda doc: isinstance(doc, dict) and doc.get("template_id") == template


def _any(doc: dict[str, Any]) -> bool:
    return True


def _without(doc: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != key}


BAD_AMENDMENT = {
    "at": "2026-11-03T10:00:00+08:00",
    "by": "Li",
    "why": "typo",
    "answers": {"6S-SRT-01": "yes"},
}
SIX_S, VISIT, CHECK_IN = "six-s", "mystery-shopper", "daily-service-check"

DAMAGES = {
    # a whole month of history
    "month-truncated": Damage(
        MONTH, "runs", None, _whole(lambda raw: raw[: len(raw) // 2]), whole_file=True
    ),
    "month-garbage": Damage(
        MONTH, "runs", None, _whole(lambda _: b"\x00\xffnot json at all"), whole_file=True
    ),
    "month-wrong-shape": Damage(
        MONTH,
        "runs",
        None,
        _whole(
            lambda raw: json.dumps(
                {"_default": list(json.loads(raw)["_default"].values())}
            ).encode()
        ),
        whole_file=True,
    ),
    # one run of it
    "run-null": Damage(MONTH, "runs", None, _record(MONTH, lambda _: None, _of(SIX_S))),
    "run-string": Damage(MONTH, "runs", None, _record(MONTH, lambda _: "six-s", _of(SIX_S))),
    "run-no-id": Damage(
        MONTH, "runs", SIX_S, _record(MONTH, lambda d: _without(d, "id"), _of(SIX_S))
    ),
    "run-answers-list": Damage(
        MONTH, "runs", SIX_S, _record(MONTH, lambda d: {**d, "answers": []}, _of(SIX_S))
    ),
    "run-amendments-not-list": Damage(
        MONTH, "runs", SIX_S, _record(MONTH, lambda d: {**d, "amendments": {"0": 1}}, _of(SIX_S))
    ),
    "run-amendment-bad-answer": Damage(
        MONTH,
        "runs",
        SIX_S,
        _record(MONTH, lambda d: {**d, "amendments": [BAD_AMENDMENT]}, _of(SIX_S)),
    ),
    "run-unknown-review": Damage(
        MONTH,
        "runs",
        VISIT,
        _record(
            MONTH, lambda d: {**d, "review": {"status": "approved", "history": []}}, _of(VISIT)
        ),
    ),
    "check-in-bad-finished-at": Damage(
        MONTH,
        "runs",
        CHECK_IN,
        _record(MONTH, lambda d: {**d, "finished_at": "yesterday"}, _of(CHECK_IN)),
    ),
    # corrective actions
    "action-null": Damage(
        "actions.json", "actions", None, _record("actions.json", lambda _: None, _any)
    ),
    "action-wrong-types": Damage(
        "actions.json",
        "actions",
        None,
        _record("actions.json", lambda d: {**d, "due": 20261130, "history": "open"}, _any),
    ),
    "action-unknown-status": Damage(
        "actions.json",
        "actions",
        None,
        _record("actions.json", lambda d: {**d, "status": "closed"}, _any),
    ),
    # goal plans
    "plan-weeks-string": Damage(
        "goal_plans.json",
        "goal_plans",
        None,
        _record("goal_plans.json", lambda d: {**d, "weeks": "W1"}, _any),
    ),
    "plan-week-wrong-types": Damage(
        "goal_plans.json",
        "goal_plans",
        None,
        _record(
            "goal_plans.json",
            lambda d: {**d, "weeks": [{"number": "one", "threshold": "most"}]},
            _any,
        ),
    ),
    # staff and drafts
    "staff-wrong-types": Damage(
        "staff.json", "staff", None, _record("staff.json", lambda d: {**d, "name": 42}, _any)
    ),
    "draft-answers-list": Damage(
        "drafts.json", "drafts", None, _record("drafts.json", lambda d: {**d, "answers": [1]}, _any)
    ),
}

# What each command reads: kind → the template it is limited to (None: any).
RUNS_ANY: dict[str, str | None] = {"runs": None}
COMMANDS: dict[str, tuple[list[str], dict[str, str | None]]] = {
    "runs list": (["runs", "list", "--format", "json"], RUNS_ANY),
    "export run": (["export"], RUNS_ANY),
    "export answer": (["export", "--level", "answer"], RUNS_ANY),
    "export action": (["export", "--level", "action"], {"actions": None}),
    "export json": (["export", "--format", "json"], {"runs": None, "actions": None}),
    "visits list": (["visits", "list"], {"runs": VISIT}),
    "report league": (["report", "league"], {"runs": VISIT}),
    "report trend": (["report", "trend"], {"runs": SIX_S}),
    "report pareto": (["report", "pareto"], RUNS_ANY),
    "goals show": (["goals", "show", "--format", "json"], {"runs": CHECK_IN, "goal_plans": None}),
    "actions list": (["actions", "list", "--format", "json"], {"actions": None}),
    "staff list": (["staff", "list"], {"staff": None}),
    "doctor": (["doctor"], {}),
}


def _affects(command: str, damage: Damage) -> bool:
    reads = COMMANDS[command][1]
    if command == "doctor":
        return True
    if damage.kind not in reads:
        return False
    wanted = reads[damage.kind]
    return wanted is None or damage.template is None or damage.template == wanted


@pytest.fixture(params=sorted(DAMAGES))
def damaged(
    request: pytest.FixtureRequest, base: Base, tmp_path: Path
) -> tuple[Damage, Path, set[str]]:
    """A damaged copy of the base, for the app (which writes)."""
    damage = DAMAGES[request.param]
    root = tmp_path / "data"
    shutil.copytree(base.root, root)
    return damage, root, damage.apply(root)


@pytest.fixture(scope="module")
def _read_only_copies() -> dict[str, tuple[Path, set[str]]]:
    return {}


@pytest.fixture(params=sorted(DAMAGES))
def damaged_folder(
    request: pytest.FixtureRequest,
    base: Base,
    tmp_path_factory: pytest.TempPathFactory,
    _read_only_copies: dict[str, tuple[Path, set[str]]],
) -> tuple[Damage, Path, set[str]]:
    """A damaged copy of the base, made once for every command that only reads (each
    checks the file is as damaged: none may change it)."""
    damage = DAMAGES[request.param]
    if request.param not in _read_only_copies:
        root = tmp_path_factory.mktemp(request.param) / "data"
        shutil.copytree(base.root, root)
        _read_only_copies[request.param] = (root, damage.apply(root))
    root, lost = _read_only_copies[request.param]
    return damage, root, lost


def _invoke(root: Path, *args: str) -> typer.testing.Result:
    result = runner.invoke(build_app(), ["--data-dir", str(root), *args])
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


# --- every read command on every damage -------------------------------------------------


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_goes_on_names_the_file_and_says_it_is_incomplete(
    damaged_folder: tuple[Damage, Path, set[str]], command: str, base: Base
) -> None:
    damage, root, lost = damaged_folder
    before = (root / damage.file).read_bytes()
    result = _invoke(root, *COMMANDS[command][0])
    assert (root / damage.file).read_bytes() == before  # left as it is
    path = str(root / damage.file)
    if command == "doctor":
        assert result.exit_code == EXIT_PROBLEM, result.output
        assert path in result.stdout
        return
    if not _affects(command, damage):
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == EXIT_INCOMPLETE, result.output
    assert path in result.stderr and "could not be read" in result.stderr
    if command.startswith("export"):
        assert result.stdout == ""  # refused: nothing half-made goes to head office
        return
    # The good records are still listed (and the one set aside is not).
    if command == "runs list":
        assert {run["id"] for run in json.loads(result.stdout)} == base.runs - lost
    elif command == "actions list":
        assert {a["id"] for a in json.loads(result.stdout)} == base.actions - lost
    elif command == "staff list":
        assert len(result.stdout.split()) == len(base.staff) - 1
    elif command == "goals show":
        assert len(json.loads(result.stdout)["weeks"]) == 4
    else:
        assert result.stdout.strip()


def test_an_export_allowed_to_be_incomplete_lists_its_gaps(
    damaged_folder: tuple[Damage, Path, set[str]], base: Base
) -> None:
    damage, root, lost = damaged_folder
    result = _invoke(root, "export", "--format", "json", "--allow-incomplete")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert {run["id"] for run in doc["runs"]} == base.exported - lost
    if _affects("export json", damage):
        assert {gap["file"] for gap in doc["gaps"]} == {damage.file}
        assert all(gap["reason"] for gap in doc["gaps"])
        assert str(root / damage.file) in result.stderr
    else:
        assert doc["gaps"] == []
    csv = _invoke(root, "export", "--allow-incomplete")
    assert csv.exit_code == 0 and csv.stdout.startswith("\ufeffexport_version")
    assert (str(root / damage.file) in csv.stderr) == _affects("export run", damage)


# --- the app ---------------------------------------------------------------------------


async def test_the_app_opens_on_the_dashboard_and_its_banner_names_the_file(
    damaged: tuple[Damage, Path, set[str]],
) -> None:
    damage, root, _lost = damaged
    before = {p: p.read_bytes() for p in root.rglob("*.json")}
    ctx = open_context(root, clock=Clock.pinned(TODAY, running=True))
    app = StoreOpsApp(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        banner = str(app.screen.query_one("#data-problems", Static).render())
        assert damage.file in banner
    ctx.close()
    # Nothing that could not be read was lost: a record stays in its file as it was, a
    # file that is not JSON was moved aside whole.
    damaged_file = root / damage.file
    if damage.whole_file and not damaged_file.exists():
        [moved] = damaged_file.parent.glob(damaged_file.name + ".corrupt-*")
        assert moved.read_bytes() == before[damaged_file]
    else:
        assert damaged_file.read_bytes() == before[damaged_file]


@pytest.mark.parametrize("key", ["p", "x"])
async def test_the_banner_stays_until_the_details_are_read_or_it_is_hidden(
    base: Base, tmp_path: Path, key: str
) -> None:
    root = tmp_path / "data"
    shutil.copytree(base.root, root)
    DAMAGES["run-answers-list"].apply(root)
    ctx = open_context(root, clock=Clock.pinned(TODAY, running=True))
    app = StoreOpsApp(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        await app.screen.redraw()  # drawn again (back from another screen): it stays
        assert app.screen.query("#data-problems")
        await pilot.press(key)
        await pilot.pause()
        if key == "p":  # the details: each problem in full, and what to do
            details = str(app.screen.query_one("#problems-list", Static).render())
            assert str(root / MONTH) in details and "answers" in details
            assert "storeops restore" in str(app.screen.query_one("#problems-fix", Static).render())
            await pilot.press("escape")
            await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert not app.screen.query("#data-problems")  # acted on: hidden until more is found
        await app.screen.redraw()
        assert not app.screen.query("#data-problems")
    ctx.close()


async def test_the_app_exports_what_it_can_in_a_file_named_incomplete(
    base: Base, tmp_path: Path
) -> None:
    root, out = tmp_path / "data", tmp_path / "out"
    shutil.copytree(base.root, root)
    out.mkdir()
    [lost] = DAMAGES["run-answers-list"].apply(root)
    ctx = open_context(root, clock=Clock.pinned(TODAY, running=True))
    app = StoreOpsApp(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        app.export_in_background(ExportRequest(format="json"), out)
        await _settle(pilot)
    ctx.close()
    [written] = out.iterdir()
    assert "-incomplete-" in written.name
    doc = json.loads(written.read_text("utf-8"))
    assert [gap["file"] for gap in doc["gaps"]] == [MONTH]
    assert lost not in {run["id"] for run in doc["runs"]}


async def test_the_app_starts_on_a_clean_folder_without_a_banner(
    base: Base, tmp_path: Path
) -> None:
    root = tmp_path / "data"
    shutil.copytree(base.root, root)
    ctx = open_context(root, clock=Clock.pinned(TODAY, running=True))
    app = StoreOpsApp(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert not app.screen.query("#data-problems")
    ctx.close()


def test_a_folder_damaged_before_shows_what_was_moved_aside_until_it_is_restored(
    base: Base, tmp_path: Path
) -> None:
    """The app moved an unreadable month aside; every later list still says it is missing,
    until the file is restored or the moved copy deleted."""
    root = tmp_path / "data"
    shutil.copytree(base.root, root)
    DAMAGES["month-garbage"].apply(root)
    ctx = open_context(root, clock=Clock.pinned(TODAY))
    ctx.runs.summaries()  # the app reads the history: the month is moved aside
    ctx.close()
    assert not (root / MONTH).exists()
    result = _invoke(root, "runs", "list")
    assert result.exit_code == EXIT_INCOMPLETE
    assert "2026-11.json.corrupt-" in result.stderr
    october = _invoke(root, "runs", "list", "--to", "2026-10-31")
    assert october.exit_code == 0, october.output  # a period without the month is whole
    for moved in (root / "runs").glob("*.corrupt-*"):
        moved.unlink()
    assert _invoke(root, "runs", "list").exit_code == 0


def test_a_run_whose_checklist_is_gone_is_a_gap_in_exports_not_in_lists(
    base: Base, tmp_path: Path
) -> None:
    """A run of a checklist neither installed nor archived cannot be scored: exports and
    the Pareto leave it out and say so; the list of runs still shows it."""
    root = tmp_path / "data"
    shutil.copytree(base.root, root)
    [lost] = _record(MONTH, lambda d: {**d, "template_id": "retired-checklist",
                                       "template_hash": "0" * 16}, _of(SIX_S))(root)  # fmt: skip
    listed = _invoke(root, "runs", "list", "--format", "json")
    assert listed.exit_code == 0 and lost in listed.stdout
    for args in (["export"], ["report", "pareto"]):
        result = _invoke(root, *args)
        assert result.exit_code == EXIT_INCOMPLETE, result.output
        assert lost in result.stderr and "retired-checklist" in result.stderr
        assert str(root / MONTH) in result.stderr


# --- what is set aside is never lost ---------------------------------------------------


def test_saves_keep_every_record_set_aside(base: Base, tmp_path: Path) -> None:
    """Finishing a run into a month with bad runs, changing the other action, planning
    again a month whose plan was set aside, adding a name: each bad record stays as it
    was, in its place."""
    root = tmp_path / "data"
    shutil.copytree(base.root, root)
    bad: dict[str, set[str]] = {}  # file → the keys of its bad records
    for name in (
        "run-null",
        "check-in-bad-finished-at",
        "action-wrong-types",
        "plan-weeks-string",
        "staff-wrong-types",
    ):
        damage = DAMAGES[name]
        table = json.loads((root / damage.file).read_text("utf-8"))["_default"]
        damage.apply(root)
        changed = json.loads((root / damage.file).read_text("utf-8"))["_default"]
        bad.setdefault(damage.file, set()).update(k for k in table if changed[k] != table[k])

    def tables() -> dict[str, dict[str, Any]]:
        return {file: json.loads((root / file).read_text("utf-8"))["_default"] for file in bad}

    before = tables()
    ctx = open_context(root, clock=Clock.pinned(TODAY))
    six_s = ctx.catalogue.get("six-s")
    when = datetime(2026, 11, 20, 9, tzinfo=CST)
    run = ctx.runs.start(six_s, store_code="SH-1", header={"auditor": "Li"}, now=when)
    answers = {i.id: Answer(True) for i in six_s.items if i.type == "pass_fail"}
    answers |= {i.id: Answer(1) for i in six_s.items if i.type == "number"}
    ctx.runs.answer_many(run, answers, now=when)
    ctx.runs.finish(run, "Li", now=when)
    [other] = ctx.actions.all()
    ctx.actions.set_status(other.id, "done", by="Li")
    assert ctx.goals.get("2026-11") is None  # its plan was set aside …
    ctx.goals.new_plan("2026-11")  # … and the month is planned again beside it
    assert ctx.goals.get("2026-11") is not None
    ctx.staff.add("New Name")
    ctx.close()
    after = tables()
    assert len(after[MONTH]) == len(before[MONTH]) + 1  # the run finished
    assert len(after["goal_plans.json"]) == len(before["goal_plans.json"]) + 1
    assert len(after["staff.json"]) == len(before["staff.json"]) + 1
    for file, keys in bad.items():
        assert keys
        for key in keys:
            assert after[file][key] == before[file][key], (file, key)


# --- the small command-line tracebacks ---------------------------------------------------


def test_a_check_in_for_year_one_is_a_usage_error(base: Base) -> None:
    result = _invoke(base.root, "goals", "check-in", "--day", "0001-01-01")
    assert result.exit_code == EXIT_USAGE
    assert "0001-01-01" in result.stderr


@pytest.mark.parametrize("month", ["9999-12", "0000-01", "2026-13"])
def test_goals_of_a_month_off_the_calendar_is_a_usage_error(base: Base, month: str) -> None:
    result = _invoke(base.root, "goals", "show", "--month", month)
    assert result.exit_code == EXIT_USAGE
    assert month in result.stderr


def test_report_stores_names_a_score_that_is_not_a_number(base: Base, tmp_path: Path) -> None:
    export = tmp_path / "store.csv"
    assert _invoke(base.root, "export", "-o", str(export)).exit_code == 0
    lines = export.read_text("utf-8-sig").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("score")] = "ninety"
    export.write_text("\ufeff" + "\n".join([lines[0], ",".join(cells), *lines[2:]]), "utf-8")
    result = _invoke(base.root, "report", "stores", str(export))
    assert result.exit_code == EXIT_USAGE
    assert str(export) in result.stderr and "ninety" in result.stderr and "row 2" in result.stderr


# --- a crash in the app ------------------------------------------------------------------


def test_a_crash_in_the_app_exits_non_zero_with_a_log_and_no_traceback(
    base: Base, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "data"
    shutil.copytree(base.root, root)

    def broken(self: DashboardScreen) -> None:
        raise RuntimeError("a bug in the dashboard")

    monkeypatch.setattr(DashboardScreen, "on_mount", broken)
    run = StoreOpsApp.run
    monkeypatch.setattr(StoreOpsApp, "run", lambda self, **_: run(self, headless=True))
    result = _invoke(root)
    assert result.exit_code == EXIT_CRASH
    [log] = root.glob("crash-*.log")
    assert str(log) in result.stderr and "a bug in the dashboard" in result.stderr
    assert "Traceback" in log.read_text("utf-8") and "RuntimeError" in log.read_text("utf-8")


def test_a_month_file_that_is_a_dangling_link_is_a_gap_not_a_crash(tmp_path: Path) -> None:
    """A half-synced folder: runs/2026-10.json points to nothing."""
    from typer.testing import CliRunner

    from storeops.cli import build_app
    from storeops.context import open_context
    from storeops.profile import StoreProfile

    data = tmp_path / "data"
    ctx = open_context(data)
    ctx.save_profile(StoreProfile("SH-021", "Nanjing Rd", "Wang Fang"))
    ctx.close()
    (data / "runs").mkdir(exist_ok=True)
    (data / "runs" / "2026-10.json").symlink_to(tmp_path / "gone.json")
    done = CliRunner().invoke(build_app(), ["--data-dir", str(data), "runs", "list"])
    assert done.exit_code == 4, done.output
    assert "2026-10.json" in done.output and "Traceback" not in done.output
