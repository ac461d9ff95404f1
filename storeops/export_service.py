"""One export service for the command line and the app: an :class:`ExportRequest` in,
the file's bytes (and how many rows) out.

Before, the CLI and the app each had their own copy, and they differed: the app chose
JSON by the file's suffix and always read the actions. Now both say what they want —
level, format, selection — and get the same bytes.

An export is never silently incomplete: the result carries its ``gaps`` (what could not
be read of the selection, :meth:`~storeops.storage.DataStore.gaps`), a JSON export
writes them into the file, and the caller decides (the CLI refuses without
``--allow-incomplete``; the app names the file ``…-incomplete…`` and says why).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from storeops.exporting import LEVELS, ExportError, Selection, export_csv, export_json
from storeops.i18n import t

if TYPE_CHECKING:
    from storeops.context import Context
    from storeops.storage import SetAside

FORMATS = ("csv", "json", "xlsx")
# What each level reads (a JSON export carries runs and actions).
READS = {"run": ("runs",), "answer": ("runs",), "action": ("actions",), "json": ("runs", "actions"),
         "complaint": ("complaints", "actions")}  # fmt: skip


@dataclass(frozen=True)
class ExportRequest:
    level: str = "run"  # run | answer | action (CSV); JSON carries everything
    format: str = "csv"  # csv | json | xlsx (one sheet, the level asked for)
    selection: Selection = field(default_factory=Selection)
    include_contact: bool = False  # complaint level: names and phones unmasked

    def check(self) -> None:
        """Raises :class:`ExportError` naming what is wrong with the request."""
        if self.format not in FORMATS:
            raise ExportError(t("export.err.format", choices=", ".join(FORMATS)))
        if self.level not in LEVELS:
            raise ExportError(t("export.err.level", choices=", ".join(LEVELS)))

    @property
    def reads(self) -> tuple[str, ...]:
        """The kinds of data the export is made from."""
        if self.level == "complaint":  # its JSON holds the complaints only
            return READS["complaint"]
        if self.format == "json" and not self.selection.template_id:
            return (*READS["json"], "complaints")  # every checklist: the complaint log too
        return READS["json" if self.format == "json" else self.level]

    def file_name(self, store_code: str, today: date, *, incomplete: bool = False) -> str:
        """A name that says what the file holds: store, level, checklist, period (and
        ``incomplete`` when part of the data could not be read), e.g.
        ``storeops-B1-answers-2026-11.csv``. The same export asked for twice gets the same
        name: the app asks before it replaces one."""
        s = self.selection
        template = f"-{s.template_id}" if s.template_id else ""
        level = "all" if self.format == "json" and self.level != "complaint" else f"{self.level}s"
        safe_code = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in store_code)
        mark = "-incomplete" if incomplete else ""
        period = period_name(s.since, s.until, today)
        return f"storeops-{safe_code or 'store'}-{level}{template}{mark}-{period}.{self.format}"


def period_name(since: date | None, until: date | None, today: date) -> str:
    """The period in a file name, as short as it is exact: a calendar month ``2026-11``, a
    year ``2026``, a day, ``2026-11-01_2026-11-15``; with no start, everything up to the
    end (``to-2026-11-23``: no end is today)."""
    end = until or today
    if since is None:
        return f"to-{end.isoformat()}"
    if since == end:
        return since.isoformat()
    next_day = end + timedelta(days=1)
    if since.day == 1 and next_day.day == 1:
        if since.year == end.year and since.month == end.month:
            return f"{since:%Y-%m}"
        if (since.month, end.month, since.year) == (1, 12, end.year):
            return f"{since:%Y}"
    return f"{since.isoformat()}_{end.isoformat()}"


@dataclass(frozen=True)
class ExportResult:
    payload: bytes
    rows: int
    gaps: tuple[SetAside, ...] = ()  # what could not be read of the selection

    @property
    def complete(self) -> bool:
        return not self.gaps


def export_gaps(ctx: Context, request: ExportRequest) -> list[SetAside]:
    """What could not be read of what the export is made from, within its selection."""
    s = request.selection
    return ctx.store.gaps(request.reads, since=s.since, until=s.until, template_id=s.template_id)


def gap_entries(ctx: Context, gaps: list[SetAside]) -> list[dict[str, str]]:
    """The gaps as a JSON export writes them: file (in the data folder), record, id, the
    name it was moved aside to, and why, in the exporting language."""
    root = ctx.store.root
    return [
        {
            "file": gap.path.relative_to(root).as_posix(),
            "record": gap.record,
            "id": gap.record_id,
            "moved_to": gap.moved,
            "reason": str(gap),
        }
        for gap in gaps
    ]


def build_export(ctx: Context, request: ExportRequest) -> ExportResult:
    """The export's bytes, by the context's clock, and its gaps; raises
    :class:`ExportError`."""
    request.check()
    gaps: list[SetAside] = []

    def found_gaps() -> list[dict[str, str]]:
        gaps.extend(export_gaps(ctx, request))
        return gap_entries(ctx, gaps)

    if request.level == "complaint":
        from storeops.complaint_export import build_complaint_export

        payload, count = build_complaint_export(ctx, request, found_gaps)
    elif request.format == "json":
        complaints = None
        if not request.selection.template_id:  # everything: the complaint log too
            from storeops.complaint_export import complaint_docs

            complaints = complaint_docs(ctx, request)
        payload, count = export_json(ctx.runs, ctx.actions.all(), request.selection,
                                     ctx.profile, ctx.clock.now().isoformat(),
                                     gaps=found_gaps, complaints=complaints)  # fmt: skip
    elif request.format == "xlsx":
        from storeops.xlsx_export import export_xlsx

        actions = ctx.actions.all() if request.level == "action" else []
        payload, count = export_xlsx([request.level], ctx.runs, actions, request.selection,
                                     ctx.profile, ctx.clock.today(),
                                     ctx.schedules.read())  # fmt: skip
        found_gaps()
    else:
        actions = ctx.actions.all() if request.level == "action" else []
        payload, count = export_csv(request.level, ctx.runs, actions, request.selection,
                                    ctx.profile, ctx.clock.today(),
                                    ctx.schedules.read())  # fmt: skip
        found_gaps()
    return ExportResult(payload, count, tuple(gaps))


def default_path(
    ctx: Context, request: ExportRequest, folder: Path, *, incomplete: bool = False
) -> Path:
    profile = ctx.profile
    code = profile.store_code if profile else ""
    return folder / request.file_name(code, ctx.clock.today(), incomplete=incomplete)


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
