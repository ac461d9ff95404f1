"""How screens reach the app: one typed accessor, and messages for what the app does.

Screens read the open data folder through :func:`context_of` (typed, no
``type: ignore``) and ask the app to start a run, show a result or open a check-in by
posting a message; only the app pushes those screens, so the order of screens lives in
one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, cast

from textual.message import Message
from textual.message_pump import MessagePump

if TYPE_CHECKING:
    from storeops.context import Context
    from storeops.runs import Run
    from storeops.tui.app import StoreOpsApp


def store_app(node: MessagePump) -> StoreOpsApp:
    """The running storeops app, typed."""
    return cast("StoreOpsApp", node.app)


def context_of(node: MessagePump) -> Context:
    """The open data folder, profile, templates and books."""
    return store_app(node).ctx


def today_of(node: MessagePump) -> date:
    """Today by the context's clock."""
    return store_app(node).ctx.clock.today()


@dataclass(frozen=True)
class StartRequest:
    """What to open at start or on request: a checklist (with header values given by
    field id) or the check-in of a day."""

    template_id: str = ""
    header: dict[str, str] = field(default_factory=dict)  # by field id
    by_role: dict[str, str] = field(default_factory=dict)  # auditor / subject, from the CLI
    check_in_day: date | None = None


class StartRun(Message):
    """Start a checklist (asking for the header fields not given) or a day's check-in."""

    def __init__(self, request: StartRequest) -> None:
        super().__init__()
        self.request = request


class ResumeRun(Message):
    """Continue a draft."""

    def __init__(self, run: Run) -> None:
        super().__init__()
        self.run = run


class ShowResult(Message):
    """Show a finished run's result (``back_to_dashboard``: closing it returns there)."""

    def __init__(self, run: Run, *, back_to_dashboard: bool = True) -> None:
        super().__init__()
        self.run = run
        self.back_to_dashboard = back_to_dashboard
