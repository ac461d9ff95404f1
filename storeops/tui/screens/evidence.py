"""Choosing an evidence file (a photo of the fix) to attach to a corrective action.

A folder tree from the user's pictures folder (or home), and a line to type or paste a
path: the camera's folder is rarely where the app started. Only the choice is made here;
the file is read and copied into the data folder by the actions book.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DirectoryTree, Input, Label, Static

from storeops.i18n import t
from storeops.tui.keys import localize_bindings


def start_folder() -> Path:
    """Where the picker opens: the pictures folder when there is one, else home."""
    home = Path.home()
    for name in ("Pictures", "图片", "照片"):
        if (home / name).is_dir():
            return home / name
    return home


class EvidencePicker(ModalScreen[Path | None]):
    """Pick a file in the tree (enter) or type its path (enter); esc cancels."""

    DEFAULT_CSS = """
    EvidencePicker { align: center middle; }
    EvidencePicker > Vertical {
        width: 90%; max-width: 100; height: 90%; border: round $accent; padding: 0 1;
        background: $surface;
    }
    EvidencePicker DirectoryTree { height: 1fr; }
    EvidencePicker #evidence-path { height: 3; }
    EvidencePicker .hint { color: $text-muted; height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", "key.cancel", id="evidence.cancel")]

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__()
        self.folder = folder or start_folder()

    def compose(self) -> ComposeResult:
        localize_bindings(self)
        with Vertical() as box:
            box.border_title = t("evidence.title")
            yield Label(t("evidence.intro"), classes="hint")
            yield DirectoryTree(str(self.folder), id="evidence-tree")
            yield Input(placeholder=t("evidence.path"), id="evidence-path")
            yield Static(t("evidence.keys"), classes="hint")

    @on(DirectoryTree.FileSelected)
    def picked(self, event: DirectoryTree.FileSelected) -> None:
        self.dismiss(Path(event.path))

    @on(Input.Submitted, "#evidence-path")
    def typed(self, event: Input.Submitted) -> None:
        text = event.value.strip().strip('"')
        if not text:
            return
        path = Path(text).expanduser()
        if not path.is_file():
            self.notify(t("evidence.not_a_file", path=text), severity="warning")
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)
