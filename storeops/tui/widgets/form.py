"""One keyboard-first form dialog for every "type a few values" moment.

Header fields before a run, a typed number or text answer, a note, a corrective
action, a sign-off name: all are a :class:`FormScreen` with different fields.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from storeops.i18n import t
from storeops.tui.keys import localize_bindings


@dataclass(frozen=True)
class FormField:
    id: str
    label: str
    value: str = ""
    required: bool = False
    placeholder: str = ""
    numeric: bool = False
    suggestions: tuple[str, ...] = ()  # completed as you type (→ accepts)


Values = dict[str, str]


class FormScreen(ModalScreen[Values | None]):
    """Fields top to bottom; enter moves on and saves after the last; escape cancels."""

    BINDINGS = [
        Binding("ctrl+s", "save", "key.save", id="form.save"),
        Binding("escape", "cancel", "key.cancel", id="form.cancel"),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[FormField],
        *,
        intro: str = "",
        validate: Callable[[Values], list[str]] | None = None,
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = list(fields)
        self.intro = intro
        self.validate = validate
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form-box") as box:
            box.border_title = self.form_title
            if self.intro:
                yield Static(self.intro, classes="intro", markup=False)
            for field in self.fields:
                mark = " *" if field.required else ""
                yield Label(f"{field.label}{mark}")
                suggester = (
                    SuggestFromList(field.suggestions, case_sensitive=False)
                    if field.suggestions
                    else None
                )
                placeholder = field.placeholder or (
                    t("form.suggestions", names=", ".join(field.suggestions[:6]))
                    if field.suggestions else ""
                )  # fmt: skip
                yield Input(
                    field.value,
                    id=f"field-{field.id}",
                    placeholder=placeholder,
                    type="number" if field.numeric else "text",
                    suggester=suggester,
                )
            yield Static("", id="form-errors")
            yield Static(t("form.hint"), classes="hint")

    def on_mount(self) -> None:
        inputs = self.query(Input)
        if inputs:
            inputs.first().focus()

    def values(self) -> Values:
        return {f.id: self.query_one(f"#field-{f.id}", Input).value.strip() for f in self.fields}

    def problems(self, values: Values) -> list[str]:
        found = [
            t("form.err.required", field=f.label)
            for f in self.fields
            if f.required and not values[f.id]
        ]
        if not found and self.validate is not None:
            found = self.validate(values)
        return found

    def action_save(self) -> None:
        values = self.values()
        problems = self.problems(values)
        if problems:
            self.query_one("#form-errors", Static).update("\n".join(problems))
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = list(self.query(Input))
        if event.input is inputs[-1]:
            self.action_save()
        else:
            inputs[inputs.index(event.input) + 1].focus()
