"""Finish review: what is still open, critical failures, scores, and the sign-off."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from storeops.context import Context
from storeops.i18n import t
from storeops.rounding import one_decimal
from storeops.runs import Run, RunError
from storeops.storage import StorageError
from storeops.tui.access import context_of
from storeops.tui.keys import localize_bindings
from storeops.tui.widgets.form import GuardedInput, guard_typed_ahead
from storeops.tui.widgets.summary import critical_failures


class ReviewScreen(ModalScreen[bool]):
    """Dismisses ``True`` once the run is finished and locked; escape goes back."""

    BINDINGS = [
        Binding("escape", "back", "key.back", id="review.back"),
        Binding("ctrl+s", "confirm", "key.confirm", id="review.confirm"),
    ]

    def __init__(self, draft: Run, *, opened_by_itself: bool = False) -> None:
        """``opened_by_itself``: after the last required answer, not by ``ctrl+s``; keys
        typed ahead for the runner are then not taken as the sign-off name."""
        super().__init__()
        self.draft = draft
        self.opened_by_itself = opened_by_itself
        localize_bindings(self)

    @property
    def ctx(self) -> Context:
        return context_of(self)

    def compose(self) -> ComposeResult:
        runs = self.ctx.runs
        template = runs.template_for(self.draft)
        result = runs.score(self.draft)
        with Vertical(id="review-box", classes="dialog") as box:
            box.border_title = t("review.title", title=template.title)
            # What is open and the scores scroll; the sign-off and its keys stay in sight.
            with VerticalScroll(id="review-body", classes="dialog-body"):
                if result.open_required:
                    shown = ", ".join(result.open_required[:8])
                    more = len(result.open_required) - 8
                    if more > 0:
                        shown += t("review.more", count=more)
                    yield Static(t("review.open", count=len(result.open_required), items=shown),
                                 id="review-open", classes="warning", markup=False)  # fmt: skip
                yield from critical_failures(template, result)
                lines = []
                for section, score in zip(template.sections, result.sections, strict=True):
                    if score.raw_possible <= 0:
                        continue
                    pct = "—" if score.percent is None else f"{one_decimal(score.percent)}%"
                    lines.append(f"{section.title}: {pct}")
                yield Static("\n".join(lines), id="review-sections", markup=False)
                if result.score is not None:
                    band = result.band.label if result.band else ""
                    yield Static(t("review.total", score=one_decimal(result.score),
                                   raw=one_decimal(result.raw_score), band=band),
                                 id="review-total", markup=False)  # fmt: skip
            with Vertical(classes="dialog-foot"):
                if not result.open_required:
                    yield Label(t("review.signoff"), id="review-signoff-label")
                    default = self.draft.auditor or (
                        self.ctx.profile.manager if self.ctx.profile else ""
                    )
                    yield GuardedInput(default, id="signoff")
                    yield Static(t("review.hint"), classes="hint")
                else:
                    yield Static(t("review.back_hint"), classes="hint")

    def on_mount(self) -> None:
        if self.opened_by_itself:
            guard_typed_ahead(self)
        inputs = self.query("#signoff")
        if inputs:
            inputs.first().focus()

    def action_back(self) -> None:
        self.dismiss(False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_confirm()

    def action_confirm(self) -> None:
        inputs = self.query("#signoff")
        if not inputs:
            self.notify(t("review.back_hint"), severity="warning")
            return
        name = inputs.first(Input).value
        try:
            self.ctx.runs.finish(self.draft, name)
        except (RunError, StorageError) as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.dismiss(True)
