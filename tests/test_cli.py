"""The CLI through Typer's CliRunner; effects are checked through the library."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storeops.cli import build_app
from storeops.context import open_context

runner = CliRunner()

BAD_TEMPLATE = """
id = "bad"
version = 1
title = { en = "Bad", zh = "坏" }

[[sections]]
id = "A"
title = { en = "A", zh = "甲" }

[[sections.items]]
id = "A-01"
type = "yes_no"
text = { en = "one", zh = "一" }

[[sections.items]]
id = "A-02"
type = "pass_fail"
points = "ten"
text = { en = "two", zh = "二" }

[[sections.items]]
id = "A-02"
type = "pass_fail"
text = { en = "three", zh = "三" }
"""


def invoke(*args: str) -> object:
    return runner.invoke(build_app(), list(args))


def test_templates_list_shows_six_s(data_dir: Path) -> None:
    result = invoke("--data-dir", str(data_dir), "templates", "list")
    assert result.exit_code == 0, result.output
    assert "six-s" in result.output and "6S audit" in result.output


def test_templates_list_in_chinese(data_dir: Path) -> None:
    result = invoke("--data-dir", str(data_dir), "--lang", "zh", "templates", "list")
    assert result.exit_code == 0
    assert "6S 审核" in result.output


def test_templates_list_json(data_dir: Path) -> None:
    result = invoke("--data-dir", str(data_dir), "templates", "list", "--format", "json")
    rows = json.loads(result.output)
    ids = ["six-s", "sales-seven-step", "mystery-shopper", "daily-service-check", "csas"]
    assert [row["id"] for row in rows] == [*ids, "training-eval", "customer-satisfaction"]
    assert rows[0]["bundled"] is True


def test_templates_show_lists_items_and_flags(data_dir: Path) -> None:
    result = invoke("--data-dir", str(data_dir), "templates", "show", "six-s")
    assert result.exit_code == 0
    assert "6S-SAF-01" in result.output and "critical" in result.output


def test_templates_show_json_round_trips_the_template(data_dir: Path) -> None:
    result = invoke("--data-dir", str(data_dir), "templates", "show", "six-s", "--format", "json")
    data = json.loads(result.output)
    assert data["id"] == "six-s" and data["template"]["sections"][0]["id"] == "SRT"


def test_templates_show_unknown_id_fails_cleanly(data_dir: Path) -> None:
    result = invoke("--data-dir", str(data_dir), "templates", "show", "nope")
    assert result.exit_code == 1
    assert "six-s" in result.output  # names what is known
    assert "Traceback" not in result.output


def test_validate_reports_three_problems_by_item(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(BAD_TEMPLATE, encoding="utf-8")
    result = invoke("templates", "validate", str(bad))
    assert result.exit_code == 1
    assert "3 problems" in result.output
    problem_lines = [line for line in result.output.splitlines() if line.startswith("  - ")]
    assert len(problem_lines) == 3
    assert "item A-01" in problem_lines[0] and "yes_no" in problem_lines[0]
    assert any("item A-02" in line and "points" in line for line in problem_lines)
    assert any("A-02" in line and "twice" in line for line in problem_lines)
    assert "Traceback" not in result.output


def test_validate_accepts_the_bundled_folder() -> None:
    folder = Path(__file__).resolve().parent.parent / "checklists"
    result = invoke("templates", "validate", str(folder))
    assert result.exit_code == 0, result.output
    assert "OK" in result.output


def test_validate_missing_file_is_a_problem(tmp_path: Path) -> None:
    result = invoke("templates", "validate", str(tmp_path / "missing.toml"))
    assert result.exit_code == 1
    assert "Traceback" not in result.output


def test_custom_template_folder_loads_and_bad_file_is_reported(
    data_dir: Path, tmp_path: Path
) -> None:
    custom = tmp_path / "ho"
    custom.mkdir()
    (custom / "bad.toml").write_text(BAD_TEMPLATE, encoding="utf-8")
    good = (Path(__file__).resolve().parent.parent / "checklists" / "six-s.toml").read_text("utf-8")
    (custom / "night.toml").write_text(good.replace('id = "six-s"', 'id = "night-6s"'), "utf-8")
    setup = invoke(
        "--data-dir", str(data_dir), "setup", "--store-code", "S1", "--store-name", "One",
        "--manager", "Li", "--templates-dir", str(custom),
    )  # fmt: skip
    assert setup.exit_code == 0, setup.output
    result = invoke("--data-dir", str(data_dir), "templates", "list")
    assert "night-6s" in result.output and "six-s" in result.output
    assert "bad.toml" in result.output  # the problem is reported, the good ones still list


def test_setup_saves_profile(data_dir: Path) -> None:
    result = invoke(
        "--data-dir", str(data_dir), "setup", "--store-code", "SH-021",
        "--store-name", "南京路店", "--manager", "王芳", "--lang", "zh",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    ctx = open_context(data_dir, readonly=True)
    assert ctx.profile is not None
    assert (ctx.profile.store_code, ctx.profile.store_name, ctx.profile.language) == (
        "SH-021", "南京路店", "zh",
    )  # fmt: skip
    assert "门店信息已保存" in result.output


def test_setup_updates_one_field(data_dir: Path) -> None:
    invoke("--data-dir", str(data_dir), "setup", "--store-code", "A1", "--store-name", "A",
           "--manager", "M")  # fmt: skip
    result = invoke("--data-dir", str(data_dir), "setup", "--manager", "New")
    assert result.exit_code == 0
    profile = open_context(data_dir, readonly=True).profile
    assert profile is not None and (profile.store_code, profile.manager) == ("A1", "New")


@pytest.mark.parametrize(
    "args",
    [
        ["setup", "--store-code", "bad code!", "--store-name", "N", "--manager", "M"],
        ["setup", "--store-code", "A1"],  # first setup needs all three
        ["setup"],
        ["setup", "--store-code", "A1", "--store-name", "N", "--manager", "M", "--lang", "fr"],
    ],
)
def test_setup_rejects_bad_input(data_dir: Path, args: list[str]) -> None:
    result = invoke("--data-dir", str(data_dir), *args)
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert open_context(data_dir, readonly=True).profile is None


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0 and result.output.startswith("storeops ")


def test_every_command_has_help() -> None:
    app = build_app()
    import typer.main

    group = typer.main.get_command(app)
    commands = [(name, cmd) for name, cmd in group.commands.items()]  # type: ignore[attr-defined]
    for sub_name, sub in list(commands):
        if hasattr(sub, "commands"):
            commands.extend((f"{sub_name} {n}", c) for n, c in sub.commands.items())
    for name, command in commands:
        assert command.help, f"'{name}' has no help text"


def test_data_dir_that_is_a_file_fails_cleanly(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = invoke("--data-dir", str(blocker), "setup", "--store-code", "A", "--store-name",
                    "B", "--manager", "C")  # fmt: skip
    assert result.exit_code == 1
    assert "cannot be used" in result.output


def _finish_six_s(data_dir: Path, auditor: str, *, fail_exit: bool = False) -> str:
    from storeops.scoring import Answer

    ctx = open_context(data_dir)
    template = ctx.catalogue.get("six-s")
    run = ctx.runs.start(template, store_code="S1", header={"auditor": auditor})
    for item in template.items:
        if item.type == "pass_fail":
            ctx.runs.answer(run, item.id, Answer(not (fail_exit and item.id == "6S-SAF-01")))
        elif item.type == "number":
            ctx.runs.answer(run, item.id, Answer(0.0))
    ctx.runs.finish(run, auditor)
    ctx.close()
    return run.id


def test_runs_list_shows_finished_runs_with_score_and_band(data_dir: Path) -> None:
    good = _finish_six_s(data_dir, "Li")
    bad = _finish_six_s(data_dir, "Wang", fail_exit=True)
    result = invoke("--data-dir", str(data_dir), "runs", "list", "--format", "json")
    rows = {row["id"]: row for row in json.loads(result.output)}
    assert rows[good]["score"] == 100.0 and rows[good]["band"] == "excellent"
    assert rows[bad]["band"] == "fail" and rows[bad]["critical_failures"] == ["6S-SAF-01"]
    table = invoke("--data-dir", str(data_dir), "runs", "list", "--template", "six-s")
    assert good in table.output and "Excellent" in table.output


def test_runs_list_filters_and_rejects_bad_dates(data_dir: Path) -> None:
    _finish_six_s(data_dir, "Li")
    none = invoke("--data-dir", str(data_dir), "runs", "list", "--from", "2999-01-01")
    assert "No finished checklists match." in none.output
    bad = invoke("--data-dir", str(data_dir), "runs", "list", "--from", "yesterday")
    assert bad.exit_code == 2 and "Traceback" not in bad.output


def test_actions_list_open_and_overdue(data_dir: Path) -> None:
    from datetime import date

    ctx = open_context(data_dir)
    for due, owner in ((date(2000, 1, 1), "Zhao"), (date(2999, 1, 1), "Qian")):
        ctx.actions.raise_action(
            run_id="r", template_id="six-s", item_id="6S-SAF-01", store_code="S1",
            description=f"fix for {owner}", owner=owner, due=due,
        )  # fmt: skip
    ctx.close()
    overdue = invoke("--data-dir", str(data_dir), "actions", "list", "--overdue")
    assert "Zhao" in overdue.output and "Qian" not in overdue.output
    everything = json.loads(
        invoke("--data-dir", str(data_dir), "actions", "list", "--open", "--format", "json").output
    )
    assert {a["owner"] for a in everything} == {"Zhao", "Qian"}


def test_run_unknown_template_fails_before_opening_the_app(data_dir: Path) -> None:
    result = invoke("--data-dir", str(data_dir), "run", "nope")
    assert result.exit_code == 1 and "six-s" in result.output


def test_runs_list_by_associate(data_dir: Path) -> None:
    from storeops.scoring import Answer

    ctx = open_context(data_dir)
    template = ctx.catalogue.get("sales-seven-step")
    for name in ("李雷", "韩梅梅", "李雷"):
        run = ctx.runs.start(
            template, store_code="S1", header={"associate": name, "observer": "王"}
        )
        ctx.runs.answer_many(run, {
            i.id: Answer(not i.negative) if i.type == "pass_fail" else
            Answer(i.max) if i.type == "scale" else Answer(2.0)
            for i in template.items if i.type != "text"
        })  # fmt: skip
        ctx.runs.finish(run, "王")
    ctx.close()
    result = invoke("--data-dir", str(data_dir), "runs", "list", "--template", "sales-seven-step",
                    "--subject", "李雷", "--format", "json")  # fmt: skip
    rows = json.loads(result.output)
    assert len(rows) == 2 and {r["subject"] for r in rows} == {"李雷"}


def test_staff_commands(data_dir: Path) -> None:
    assert invoke("--data-dir", str(data_dir), "staff", "add", "李雷", "Han").exit_code == 0
    again = invoke("--data-dir", str(data_dir), "staff", "add", "李雷")
    assert again.exit_code == 1 and "already" in again.output
    assert invoke("--data-dir", str(data_dir), "staff", "list").output.split() == ["Han", "李雷"]
    assert invoke("--data-dir", str(data_dir), "staff", "remove", "han").exit_code == 0
    assert invoke("--data-dir", str(data_dir), "staff", "list").output.split() == ["李雷"]


def test_demo_fills_its_own_folder_only(data_dir: Path, tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    result = invoke("--data-dir", str(data_dir), "demo", "--folder", str(demo), "--months", "1",
                    "--no-open")  # fmt: skip
    assert result.exit_code == 0, result.output
    ctx = open_context(demo, readonly=True)
    assert len(ctx.runs.summaries()) > 50 and ctx.profile is not None
    assert {s.template_id for s in ctx.runs.summaries()} >= {"six-s", "sales-seven-step"}
    assert open_context(data_dir, readonly=True).runs.summaries() == []  # untouched
    same = invoke("--data-dir", str(demo), "demo", "--folder", str(demo), "--no-open")
    assert same.exit_code == 2


def test_an_export_into_the_data_folder_is_refused_and_the_store_files_kept(
    data_dir: Path, tmp_path: Path
) -> None:
    ctx = open_context(data_dir)
    template = ctx.catalogue.get("six-s")
    ctx.runs.start(template, store_code="SH-021", header={"auditor": "Li"})
    ctx.close()
    before = {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}
    [store_file, *_] = sorted(before)
    link = tmp_path / "elsewhere.json"
    link.symlink_to(store_file)  # a link into the data folder is the data folder too
    for target in (store_file, data_dir / "new.csv", data_dir / "sub" / ".." / "x.csv", link):
        result = invoke("--data-dir", str(data_dir), "export", "--format", "json",
                        "-o", str(target))  # fmt: skip
        assert result.exit_code == 1, (target, result.output)
        assert "inside the data folder" in result.output and "Traceback" not in result.output
    after = {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}
    assert after == before
    fine = tmp_path / "out.json"
    result = invoke("--data-dir", str(data_dir), "export", "--format", "json", "-o", str(fine))
    assert result.exit_code == 0 and fine.is_file()
