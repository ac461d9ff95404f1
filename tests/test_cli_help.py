"""The CLI's help: every command and option explains itself in both languages, the help is in
the store's language before any folder is opened, and ``--format`` refuses what it cannot do."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from storeops.cli import build_app, main
from storeops.i18n import set_language, t

runner = CliRunner()


def _walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    """Every command of the Click tree, groups included, with its command line."""
    yield " ".join(("storeops", *path)), command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _walk(sub, (*path, name))


def _helps(lang: str) -> list[tuple[str, str]]:
    """(what, help text) for every command, option and argument, built in ``lang``."""
    set_language(lang)
    found = []
    for where, command in _walk(typer.main.get_command(build_app())):
        found.append((where, command.help or ""))
        for param in command.params:
            if param.name != "help":
                found.append((f"{where} {param.opts[0]}", getattr(param, "help", None) or ""))
    return found


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_command_option_and_argument_has_help(lang: str) -> None:
    helps = _helps(lang)
    assert len(helps) > 80  # the walk reached the sub-commands
    missing = [where for where, text in helps if not text.strip()]
    assert not missing, f"no help ({lang}): {missing}"
    if lang == "zh":
        untranslated = [where for where, text in helps if not _has_chinese(text)]
        assert not untranslated, f"help not in Chinese: {untranslated}"


def _make_store(folder: Path, lang: str) -> None:
    result = runner.invoke(
        build_app(),
        ["--data-dir", str(folder), "setup", "--store-code", "X1", "--store-name", "Y",
         "--manager", "Z", "--lang", lang],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    set_language("en")


def _main_output(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    with pytest.raises(SystemExit) as stopped:
        main(list(args))
    assert stopped.value.code in (0, None)
    return capsys.readouterr().out


def _english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")


def test_help_is_in_the_language_of_the_store_profile(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _english_locale(monkeypatch)
    _make_store(data_dir, "zh")
    before = sorted(p.name for p in data_dir.iterdir())
    set_language("zh")
    zh_help, zh_export = t("cli.help"), t("cli.export.help")
    set_language("en")
    en_help = t("cli.help")

    assert zh_help in _main_output(capsys, "--data-dir", str(data_dir), "--help")
    assert zh_export in _main_output(capsys, "--data-dir", str(data_dir), "export", "--help")
    monkeypatch.setenv("STOREOPS_DATA_DIR", str(data_dir))  # the folder chosen by the variable
    assert zh_help in _main_output(capsys, "--help")
    assert sorted(p.name for p in data_dir.iterdir()) == before  # peeked, nothing written

    assert en_help in _main_output(capsys, "--lang", "en", "--help")  # --lang wins


def test_help_falls_back_on_the_system_locale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    english = t("cli.help")
    set_language("zh")
    chinese = t("cli.help")
    set_language("en")
    folder = tmp_path / "not-yet"
    _english_locale(monkeypatch)
    assert english in _main_output(capsys, "--data-dir", str(folder), "--help")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert chinese in _main_output(capsys, "--data-dir", str(folder), "--help")
    assert not folder.exists()  # looking for a profile creates nothing

    _make_store(tmp_path / "en-store", "en")  # a profile's language beats the locale
    assert english in _main_output(capsys, "--data-dir", str(tmp_path / "en-store"), "--help")


@pytest.mark.parametrize(
    "command",
    [
        ["export"],
        ["runs", "list"],
        ["actions", "list"],
        ["report", "league"],
        ["goals", "show"],
        ["templates", "show", "six-s"],
        ["templates", "list"],
    ],
    ids=" ".join,
)
def test_unknown_format_is_a_usage_error_that_lists_the_choices(
    data_dir: Path, command: list[str]
) -> None:
    result = runner.invoke(
        build_app(), ["--data-dir", str(data_dir), *command, "--format", "bogus"]
    )
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--format'" in result.output
    choices = "'csv', 'json'" if command == ["export"] else "'table', 'json'"
    assert choices in result.output


def test_a_bad_day_is_a_usage_error_naming_the_option(data_dir: Path) -> None:
    result = runner.invoke(
        build_app(), ["--data-dir", str(data_dir), "report", "trend", "--to", "2026-02-30"]
    )
    assert result.exit_code == 2
    assert "'--to'" in result.output and t("hist.err.date", value="2026-02-30") in result.output


def test_the_profile_peek_reads_the_profile_file() -> None:
    from storeops.cli._language import PROFILE_FILE
    from storeops.profile import PROFILE_FILE as STORED_AS

    assert PROFILE_FILE == STORED_AS


def test_help_of_a_chinese_store_imports_no_storage_or_domain(data_dir: Path) -> None:
    """``storeops --help`` stays light: the profile peek does not go through TinyDB."""
    _make_store(data_dir, "zh")
    set_language("zh")
    chinese = t("cli.help")
    code = (
        "import sys\n"
        "from storeops.cli import main\n"
        f"try:\n    main(['--data-dir', {str(data_dir)!r}, '--help'])\n"
        "except SystemExit:\n    pass\n"
        "heavy = ('tinydb', 'textual', 'rich', 'storeops.storage', 'storeops.templates',\n"
        "         'storeops.context', 'storeops.runs')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m in heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert chinese in out.stdout
    assert out.stdout.strip().splitlines()[-1] == "[]"


def _top_level_names(app: typer.Typer) -> list[str]:
    return list(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_each_command_module_registers_exactly_the_names_the_cli_maps_to_it() -> None:
    """The map that lets a command line build only its own group must not drift from what
    the modules register, or a command would vanish when named directly."""
    from importlib import import_module

    from storeops.cli import GROUPS

    for module, names in GROUPS.items():
        app = typer.Typer()
        app.callback()(lambda: None)
        import_module(f"storeops.cli.{module}").register(app)
        assert sorted(_top_level_names(app)) == sorted(names), module
    assert sorted(_top_level_names(build_app())) == sorted(n for ns in GROUPS.values() for n in ns)


def test_a_named_command_builds_only_its_group_but_help_and_typos_see_every_command() -> None:
    from storeops.cli import command_named

    assert command_named(["--lang", "zh", "--data-dir", "x", "templates", "list"]) == "templates"
    assert command_named(["--data-dir=x", "export", "-o", "a.csv"]) == "export"
    assert command_named(["--help"]) is None
    assert _top_level_names(build_app("templates")) == ["templates"]
    assert sorted(_top_level_names(build_app("merge"))) == ["export", "merge"]
    assert len(_top_level_names(build_app("templats"))) > 10
    typo = runner.invoke(build_app("templats"), ["templats"])
    assert typo.exit_code == 2 and "templates" in typo.output


def test_a_command_line_runs_through_main_with_only_its_group_built(data_dir: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from storeops.cli import main\n"
         "try: main(sys.argv[1:])\nexcept SystemExit as e: code = e.code\nelse: code = 0\n"
         "print(code, 'storeops.cli.hq' in sys.modules)",
         "--data-dir", str(data_dir), "templates", "list", "--format", "json"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.stdout.splitlines()[-1] == "0 False", done.stderr
