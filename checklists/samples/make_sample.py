"""Make the sample template workbook ``fitting-room-check.xlsx`` and its TOML.

A head office writes a checklist in Excel; this script writes one the way a person would (with
openpyxl, not with storeops), then turns it into ``fitting-room-check.toml`` with
``storeops templates import``. Run it from anywhere::

    python checklists/samples/make_sample.py

The workbook shows each sheet of the format (README, "Templates in a spreadsheet"): a choice item
with a failing option, conditions on a store attribute and on an earlier answer, follow-ups a
failure asks for, a timed number and a scale scored from its lowest value. It is not a bundled
checklist (nothing loads this folder's templates); copy it into your templates folder to use it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).resolve().parent
NAME = "fitting-room-check"

ITEMS = [
    ["section", "id", "type", "text::en", "text::zh", "guidance::en", "guidance::zh", "points",
     "critical", "options", "show_if", "on_fail", "min", "max", "labels", "score_from",
     "threshold", "direction", "unit::en", "unit::zh", "stopwatch"],
    ["FR", "FR-01", "pass_fail", "Fitting rooms clean, no garments or hangers left behind",
     "试衣间整洁，无遗留衣物、衣架", "Check every room.", "逐间检查。", 2, True, None,
     "store fitting_rooms in yes", "note, action"],
    ["FR", "FR-02", "choice", "Mirror and lighting", "镜子与灯光", None, None, 2, None,
     "good:Good:良好:1\nfair:Fair:一般:0.5\npoor:Poor:较差:0:fail",
     "store fitting_rooms in yes", "action"],
    ["FR", "FR-03", "pass_fail", "Hooks and seat repaired since the last check",
     "挂钩与座椅已在上次检查后修好", None, None, 1, None, None, "item FR-02 in fair, poor"],
    ["SV", "SV-01", "number", "Seconds until a fitting room is offered", "主动引导试衣所用秒数",
     "Start the stopwatch when the customer picks up a garment.", "顾客拿起衣服时开始计时。", 1,
     None, None, None, None, None, None, None, None, 60, "<=", "s", "秒", True],
    ["SV", "SV-02", "scale", "Advice on size and fit", "尺码与版型建议", None, None, 3, None,
     None, None, None, 1, 5, "Poor:差\nFair:一般\nGood:好\nVery good:很好\nExcellent:优秀", "min"],
    ["SV", "SV-03", "text", "Notes for the team", "给团队的备注"],
]  # fmt: skip
SECTIONS = [
    ["id", "title::en", "title::zh", "weight", "help::en", "help::zh"],
    ["FR", "Fitting rooms", "试衣间", 60, "Only stores with fitting rooms answer these.",
     "仅有试衣间的门店回答。"],
    ["SV", "Fitting service", "试衣服务", 40, None, None],
]  # fmt: skip
SETTINGS = [
    ["key", "value"],
    ["id", NAME],
    ["version", 1],
    ["title::en", "Fitting-room check"],
    ["title::zh", "试衣间检查"],
    ["description::en", "A short check of the fitting rooms and the fitting service."],
    ["description::zh", "试衣间及试衣服务的简短检查。"],
    ["allow_na", True],
    ["order", 90],
]


def workbook() -> Workbook:
    book = Workbook()
    book.remove(book.active)
    for title, rows in (("items", ITEMS), ("sections", SECTIONS), ("settings", SETTINGS)):
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for column in sheet.columns:
            width = max(len(str(c.value or "").split("\n")[0]) for c in column)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 40)
        sheet.freeze_panes = "A2"
    return book


def main() -> int:
    path = HERE / f"{NAME}.xlsx"
    workbook().save(path)
    print(f"wrote {path}")
    from storeops.cli import main as storeops

    try:
        storeops(["templates", "import", str(path), "-o", str(HERE), "--force"])
    except SystemExit as exit:
        return int(exit.code or 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
