"""The dashboard's due list: what needs doing today, overdue first, one line a checklist.

The same list as ``storeops due`` (:func:`storeops.due.due_list`, kept in the dashboard's
digest): the checklists still to do are listed, at most :data:`SHOWN` of them (then
"+N more", which enter unfolds); those done are collapsed into one line under the list,
with each scheduled checklist's runs on time this month.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.widgets.option_list import Option

from storeops.digest import OnTime
from storeops.due import DONE, DUE, OVERDUE, REAUDIT, Due
from storeops.i18n import t
from storeops.texttable import cell_width, fold
from storeops.tui.widgets.lists import KeyList

DUE_PREFIX = "due:"
MORE = "due-more"
SHOWN = 4  # lines of the list at most; more than that shows SHOWN - 1 and "+N more"
GAP = "  "
MIN_TITLE = 12  # a title column is never narrowed below this (it wraps at spaces instead)
OVERDUE_STYLE = "$text-error bold"
REAUDIT_STYLE = "$warning"


def to_do(entries: Sequence[Due]) -> list[Due]:
    """The entries still to do today (overdue, then due), in the due list's order."""
    return [d for d in entries if d.status in (OVERDUE, DUE)]


def heading(entries: Sequence[Due]) -> str:
    """The list's title: how many are overdue and due, or that nothing is."""
    overdue = sum(d.status == OVERDUE for d in entries)
    due = sum(d.status == DUE for d in entries)
    if not overdue and not due:
        scheduled = any(d.status == DONE for d in entries)
        return t("dash.due.all_done" if scheduled else "dash.due.nothing")
    return t("dash.due.title", overdue=overdue, due=due)


def summary(entries: Sequence[Due], on_time: Sequence[OnTime], titles: Mapping[str, str]) -> str:
    """The line under the list: what is done (collapsed), then the month's runs on time."""
    lines = []
    done = [titles.get(d.template_id, d.template_id) for d in entries if d.status == DONE]
    if done:
        lines.append(t("dash.due.done", titles=" · ".join(done)))
    if on_time:
        shown = " · ".join(
            t("dash.due.on_time_one", title=titles.get(o.template_id, o.template_id),
              on_time=o.on_time, due=o.due)
            for o in on_time
        )  # fmt: skip
        lines.append(t("dash.due.on_time", checklists=shown))
    return "\n".join(lines)


def _cells(entry: Due) -> tuple[str, str, str, str]:
    """Status (overdue marked), due day, missed count, reason (re-audit marked)."""
    mark = "!" if entry.status == OVERDUE else "•"
    status = f"{mark} {t(f'due.status.{entry.status}')}"
    day = entry.due_on.isoformat() if entry.due_on else ""
    missed = t("dash.due.missed", count=entry.missed)
    reason = t(f"due.reason.{entry.reason}") if entry.reason else ""
    if entry.reason == REAUDIT:
        reason = f"↻ {reason}"
    return status, day, missed, reason


def _pad(text: str, width: int) -> str:
    return text + " " * (width - cell_width(text))


def rows(entries: Sequence[Due], titles: Mapping[str, str], width: int) -> list[Content]:
    """One prompt a checklist, in columns that fit ``width`` cells: status, title, due
    day, missed, reason. Only the title wraps (at spaces), never a date or a count."""
    cells = [_cells(entry) for entry in entries]
    names = [titles.get(entry.template_id, entry.template_id) for entry in entries]
    widths = [max((cell_width(row[n]) for row in cells), default=0) for n in range(4)]
    natural = max((cell_width(name) for name in names), default=0)
    room = width - sum(widths) - 4 * len(GAP)
    title_width = max(MIN_TITLE, min(natural, room))
    found = []
    for entry, (status, day, missed, reason), name in zip(entries, cells, names, strict=True):
        lines = fold(name, title_width) if cell_width(name) > title_width else [name]
        style = OVERDUE_STYLE if entry.status == OVERDUE else ""
        # Each styled part carries the gap after it, so no part begins with spaces.
        parts: list[tuple[str, str] | str] = [
            (_pad(status, widths[0]) + GAP, style), _pad(lines[0], title_width) + GAP,
            (_pad(day, widths[1]) + GAP, style), _pad(missed, widths[2]) + GAP,
            (reason, REAUDIT_STYLE if entry.reason == REAUDIT else ""),
        ]  # fmt: skip
        for more in lines[1:]:
            parts += ["\n", " " * (widths[0] + len(GAP)), more]
        found.append(Content.assemble(*parts))
    return found


class DueList(KeyList):
    """The checklists to do today; enter starts the highlighted one (through the app's
    start flow: its header form, or the day's check-in), or shows every line."""

    BINDINGS = [Binding("enter", "select", "key.start_due", id="dashboard.due.start")]

    def __init__(
        self, entries: Sequence[Due], titles: Mapping[str, str], *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.entries = to_do(entries)
        self.titles = dict(titles)
        self.unfolded = False  # "+N more" was chosen: every line is shown
        self._width = 0

    def on_mount(self) -> None:
        self.fill()

    def on_resize(self, event: events.Resize) -> None:
        if self._width != self._row_width():
            self.fill()

    def _row_width(self) -> int:
        """Cells a line may take: the screen's width less the list's border and padding,
        and the scrollbar's when every line is shown."""
        return self.app.size.width - 6 - (2 if self.unfolded else 0)

    def fill(self) -> None:
        """(Re)make the lines for the current width, keeping the highlighted one."""
        highlighted = self.highlighted
        self._width = self._row_width()
        entries = self.entries
        capped = not self.unfolded and len(entries) > SHOWN
        shown = entries[: SHOWN - 1] if capped else entries
        options = [
            Option(prompt, id=f"{DUE_PREFIX}{entry.template_id}")
            for entry, prompt in zip(shown, rows(shown, self.titles, self._width), strict=True)
        ]
        if capped:
            options.append(Option(t("dash.due.more", count=len(entries) - len(shown)), id=MORE))
        self.set_options(options)
        if options:
            self.highlighted = min(highlighted or 0, len(options) - 1)

    def unfold(self) -> None:
        """Show every line ("+N more" chosen); the list scrolls within its height."""
        self.unfolded = True
        self.fill()
