"""One export service for the command line and the app: an :class:`ExportRequest` in,
the file's bytes (and how many rows) out.

Before, the CLI and the app each had their own copy, and they differed: the app chose
JSON by the file's suffix and always read the actions. Now both say what they want —
level, format, selection — and get the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from storeops.exporting import LEVELS, ExportError, Selection, export_csv, export_json
from storeops.i18n import t

if TYPE_CHECKING:
    from storeops.context import Context

FORMATS = ("csv", "json")


@dataclass(frozen=True)
class ExportRequest:
    level: str = "run"  # run | answer | action (CSV); JSON carries everything
    format: str = "csv"  # csv | json
    selection: Selection = field(default_factory=Selection)

    def check(self) -> None:
        """Raises :class:`ExportError` naming what is wrong with the request."""
        if self.format not in FORMATS:
            raise ExportError(t("export.err.format", choices=", ".join(FORMATS)))
        if self.level not in LEVELS:
            raise ExportError(t("export.err.level", choices=", ".join(LEVELS)))

    def file_name(self, store_code: str, today: date) -> str:
        """A name that says what the file holds: store, level, period, made on."""
        s = self.selection
        period = ""
        if s.since or s.until:
            period = f"-{s.since.isoformat() if s.since else 'start'}"
            period += f"_{s.until.isoformat() if s.until else today.isoformat()}"
        template = f"-{s.template_id}" if s.template_id else ""
        level = "all" if self.format == "json" else self.level
        safe_code = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in store_code)
        return f"storeops-{safe_code or 'store'}-{level}{template}{period}-{today}.{self.format}"


@dataclass(frozen=True)
class ExportResult:
    payload: bytes
    rows: int


def build_export(ctx: Context, request: ExportRequest) -> ExportResult:
    """The export's bytes, by the context's clock; raises :class:`ExportError`."""
    request.check()
    if request.format == "json":
        payload, count = export_json(ctx.runs, ctx.actions.all(), request.selection,
                                     ctx.profile, ctx.clock.now().isoformat())  # fmt: skip
    else:
        actions = ctx.actions.all() if request.level == "action" else []
        payload, count = export_csv(request.level, ctx.runs, actions, request.selection,
                                    ctx.profile, ctx.clock.today())  # fmt: skip
    return ExportResult(payload, count)


def default_path(ctx: Context, request: ExportRequest, folder: Path) -> Path:
    profile = ctx.profile
    return folder / request.file_name(profile.store_code if profile else "", ctx.clock.today())


def free_path(path: Path) -> Path:
    """``path``, or the same name with ``-2``, ``-3`` … when a file is there already: an
    export never replaces one made before."""
    if not path.exists():
        return path
    n = 2
    while True:
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        if not candidate.exists():
            return candidate
        n += 1
