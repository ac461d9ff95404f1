"""One keyboard-first form dialog for every "type a few values" moment.

Header fields before a run, a typed number or text answer, a note, a corrective
action, a sign-off name: all are a :class:`FormScreen` with different fields.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from textual import events
from textual._time import get_time
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from storeops.i18n import CATALOGUE, t
from storeops.templates import HeaderField
from storeops.tui.keys import localize_bindings

Choice = tuple[str, str]  # (the value the form returns, the catalogue key of its label)


@dataclass(frozen=True)
class FormField:
    id: str
    label: str
    value: str = ""
    required: bool = False
    placeholder: str = ""
    numeric: bool = False
    suggestions: tuple[str, ...] = ()  # completed as you type (→ accepts)
    # The answer must be one of these, typed in either language (or as the value itself);
    # the form shows the label in the current language and returns the value.
    choices: tuple[Choice, ...] = ()
    # False when the value is the start of what is being typed (the first digit of a
    # number pressed in the runner): the cursor goes after it and the next key adds to it.
    select_on_focus: bool = True


def choice_value(field: FormField, typed: str) -> str | None:
    """The choice ``typed`` names (its value, or its label in English or Chinese)."""
    wanted = typed.strip().casefold()
    for value, label_key in field.choices:
        if wanted in {value.casefold(), *(text.casefold() for text in CATALOGUE[label_key])}:
            return value
    return None


def _shown(field: FormField) -> str:
    for value, label_key in field.choices:
        if value == field.value:
            return t(label_key)
    return field.value


Values = dict[str, str]


def header_form_field(field: HeaderField, value: str, staff: tuple[str, ...]) -> FormField:
    """The form field for a template's header field: a date, a time, one of its choices
    (offered as you type, in the current language) or a name from the staff list."""
    if field.type == "choice":
        labels = tuple(str(choice.text) for choice in field.choices)
        return FormField(field.id, str(field.text), value, required=field.required,
                         suggestions=labels, placeholder=" / ".join(labels))  # fmt: skip
    placeholder = {"date": "YYYY-MM-DD", "time": "HH:MM"}.get(field.type, "")
    return FormField(field.id, str(field.text), value, required=field.required,
                     placeholder=placeholder, suggestions=staff if field.staff else ())  # fmt: skip


class GuardedInput(Input):
    """An input that ignores keys pressed before its dialog was shown.

    A dialog that opens by itself (the finish review after the last answer, the action
    form after a critical failure) must not receive keys typed ahead for the screen
    below it: a second ``y`` would otherwise become the sign-off name.
    """

    async def _on_key(self, event: events.Key) -> None:
        shown_at = getattr(self.screen, "keys_since", None)
        if shown_at is not None and event.time < shown_at:
            event.stop()
            event.prevent_default()  # Input's own handler (next in the MRO) is skipped


def guard_typed_ahead(screen: Screen[Any]) -> None:
    """From now on, ``screen``'s guarded inputs take only keys pressed from now on."""
    screen.keys_since = get_time()  # type: ignore[attr-defined]


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
        opened_by_itself: bool = False,
    ) -> None:
        """``opened_by_itself``: not opened by a key of the user's (keys typed ahead for
        the screen below are then ignored, see :class:`GuardedInput`)."""
        super().__init__()
        self.form_title = title
        self.fields = list(fields)
        self.intro = intro
        self.validate = validate
        self.opened_by_itself = opened_by_itself
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form-box") as box:
            box.border_title = self.form_title
            if self.intro:
                yield Static(self.intro, classes="intro", markup=False)
            for field in self.fields:
                mark = " *" if field.required else ""
                yield Label(f"{field.label}{mark}")
                labels = tuple(t(label_key) for _value, label_key in field.choices)
                suggestions = field.suggestions or labels
                suggester = (
                    SuggestFromList(suggestions, case_sensitive=False) if suggestions else None
                )
                placeholder = field.placeholder or (
                    " / ".join(labels) if labels
                    else t("form.suggestions", names=", ".join(suggestions[:6]))
                    if suggestions else ""
                )  # fmt: skip
                yield GuardedInput(
                    _shown(field),
                    id=f"field-{field.id}",
                    placeholder=placeholder,
                    type="number" if field.numeric else "text",
                    suggester=suggester,
                    select_on_focus=field.select_on_focus,
                )
            yield Static("", id="form-errors")
            yield Static(t("form.hint"), classes="hint")

    def on_mount(self) -> None:
        if self.opened_by_itself:
            guard_typed_ahead(self)
        inputs = self.query(Input)
        if inputs:
            first = inputs.first()
            first.focus()
            first.cursor_position = len(first.value)

    def values(self) -> Values:
        """What was typed; for a choice, the value it names (or the text, if it names none)."""
        values = {}
        for field in self.fields:
            typed = self.query_one(f"#field-{field.id}", Input).value.strip()
            values[field.id] = (choice_value(field, typed) or typed) if field.choices else typed
        return values

    def problems(self, values: Values) -> list[str]:
        found = [
            t("form.err.required", field=f.label)
            for f in self.fields
            if f.required and not values[f.id]
        ]
        found += [
            t("form.err.choice", field=f.label,
              choices=" / ".join(t(label_key) for _value, label_key in f.choices))
            for f in self.fields
            if f.choices and values[f.id] and values[f.id] not in dict(f.choices)
        ]  # fmt: skip
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
