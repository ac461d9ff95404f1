"""The CLI and the domain must start without Textual (and the domain without Rich/Typer)."""

from __future__ import annotations

import subprocess
import sys

import pytest

DOMAIN = [
    "storeops.templates",
    "storeops.scoring",
    "storeops.runs",
    "storeops.storage",
    "storeops.profile",
    "storeops.context",
    "storeops.i18n",
    "storeops.actions",
    "storeops.staff",
    "storeops.goals",
    "storeops.coaching",
    "storeops.rankings",
    "storeops.importing",
    "storeops.exporting",
    "storeops.reports",
    "storeops.history",
    "storeops.doctor",
    "storeops.backups",
]


def _loaded_after_import(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return {name.split(".")[0] for name in out.stdout.split()}


@pytest.mark.parametrize("module", DOMAIN)
def test_domain_imports_no_ui_library(module: str) -> None:
    loaded = _loaded_after_import(module)
    assert not loaded & {"textual", "rich", "typer"}, module


def test_cli_module_imports_no_textual() -> None:
    assert "textual" not in _loaded_after_import("storeops.cli")


def test_cli_help_runs_without_textual() -> None:
    code = (
        "import sys\n"
        "from storeops.cli import main\n"
        "try:\n    main(['templates', 'list'])\n"
        "except SystemExit:\n    pass\n"
        "print('TEXTUAL' if 'textual' in sys.modules else 'CLEAN')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("CLEAN")
