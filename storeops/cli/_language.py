"""The language of the CLI, known before its commands (and their help) are built.

``--lang`` if given; else the store profile's language in the data folder the command would
open (``--data-dir``, else ``STOREOPS_DATA_DIR``, else the default folder); else the system's
locale. So a Chinese store's ``storeops --help`` is Chinese before any folder is opened.

The profile is peeked at here rather than through :mod:`storeops.storage`: that module imports
TinyDB, which ``storeops --help`` has never needed and which would cost every start. The peek
only reads one small JSON file: no lock, nothing created, and anything unexpected means "no
language here" (opening the folder for real goes through storage, which reports problems).
"""

from __future__ import annotations

import json
import locale
import os

from storeops.i18n import LANGUAGES

PROFILE_FILE = "profile.json"  # storeops.profile.PROFILE_FILE (a test keeps them equal)
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")  # POSIX order: the first set one wins


def startup_language(args: list[str]) -> str:
    """The language for this command line (see the module docstring)."""
    explicit = option_value(args, "--lang")
    if explicit in LANGUAGES:
        return explicit
    return profile_language(option_value(args, "--data-dir")) or system_language()


def option_value(args: list[str], name: str) -> str | None:
    """The value given to option ``name`` (``name VALUE`` or ``name=VALUE``), if any."""
    for i, arg in enumerate(args):
        if arg == name and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def profile_language(data_dir: str | None) -> str | None:
    """The language in the profile of the data folder chosen as the commands choose it."""
    from storeops.file_kinds import read_regular
    from storeops.locations import resolve_data_dir

    try:  # a regular file only: a FIFO there must not hang every command
        raw = read_regular(resolve_data_dir(data_dir) / PROFILE_FILE)
        lang = json.loads(raw.decode("utf-8-sig")).get("language")
    except (OSError, ValueError, AttributeError):  # missing, unreadable, not JSON, not a dict
        return None
    return lang if lang in LANGUAGES else None


def system_language() -> str:
    """``zh`` when the user's locale is Chinese, else ``en``."""
    for variable in LOCALE_VARIABLES:
        value = os.environ.get(variable)
        if value:
            return _language_of(value)
    try:
        name = locale.getlocale()[0] or ""  # Windows: e.g. "Chinese (Simplified)_China"
    except ValueError:
        name = ""
    return _language_of(name)


def _language_of(locale_name: str) -> str:
    return "zh" if locale_name.lower().startswith(("zh", "chinese")) else "en"
