"""Every place storeops reads from, in one module.

The data folder is chosen as: ``--data-dir``, else ``STOREOPS_DATA_DIR``, else the
platform's per-user data folder. Tests point ``STOREOPS_DATA_DIR`` at a temp folder.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "storeops"
DATA_DIR_ENV = "STOREOPS_DATA_DIR"
CACHE_DIR_ENV = "STOREOPS_CACHE_DIR"


def default_data_dir() -> Path:
    """The platform's user data folder (no vendor sub-folder on Windows)."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data folder to use, by the precedence above."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    return default_data_dir()


def bundled_templates_dir() -> Path:
    """The templates shipped with storeops.

    In a wheel they live inside the package (``storeops/checklists``); in a source
    checkout or an editable install they are the top-level ``checklists/`` folder.
    """
    here = Path(__file__).resolve().parent
    inside = here / "checklists"
    if inside.is_dir():
        return inside
    return here.parent / "checklists"


def cache_dir() -> Path:
    """Where parsed copies of templates are kept: ``STOREOPS_CACHE_DIR``, else the platform's
    per-user cache folder. Nothing there is data; deleting it only costs a slower start."""
    env = os.environ.get(CACHE_DIR_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def demo_data_dir() -> Path:
    """Where ``storeops demo`` keeps its made-up store: never the real data folder."""
    from platformdirs import user_data_path

    return user_data_path(f"{APP_NAME}-demo", appauthor=False)
