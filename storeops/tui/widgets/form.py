"""One keyboard-first form dialog for every "type or choose a few values" moment.

Header fields before a run, a typed number or text answer, a note, a corrective
action, a sign-off name: all are a :class:`FormScreen` with different fields. A field
with choices is a list to choose from (:class:`~storeops.tui.widgets.choice.ChoiceList`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from textual import events
from textual._time import get_time
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Static

from storeops.i18n import CATALOGUE, t
from storeops.templates import HeaderField, Text
from storeops.tui.keys import localize_bindings
from storeops.tui.widgets.choice import ChoiceList, Shown

# (the value the form returns, its label: a catalogue key, or a text in both languages)
Choice = tuple[str, "str | Text"]


@dataclass(frozen=True)
class FormField:
    id: str
    label: str
    value: str = ""
    required: bool = False
    placeholder: str = ""
    numeric: bool = False
    suggestions: tuple[str, ...] = ()  # completed as you type (→ accepts)
    # With choices the field is a list to choose from (labels in the current language),
    # never typed; the form returns the value of the one chosen. An optional field with
    # no value gets a "(none)" choice, unless one of its choices has the value "".
    choices: tuple[Choice, ...] = ()
    # False when the value is the start of what is being typed (the first digit of a
    # number pressed in the runner): the cursor goes after it and the next key adds to it.
    select_on_focus: bool = True


def choice_label(label: str | Text) -> str:
    """A choice's label in the current language."""
    return t(label) if isinstance(label, str) else str(label)


def _both(label: str | Text) -> tuple[str, ...]:
    return CATALOGUE[label] if isinstance(label, str) else (label.en, label.zh)


def shown_choices(field: FormField) -> list[Shown]:
    """The field's choices as its list shows them; an optional field with nothing chosen
    yet can stay so (a "(none)" choice first)."""
    choices = list(field.choices)
    if not field.required and not field.value and all(value for value, _ in choices):
        choices.insert(0, ("", "form.choice.none"))
    return [Shown(value, choice_label(label), _both(label)) for value, label in choices]


Values = dict[str, str]


def header_form_field(field: HeaderField, value: str, staff: tuple[str, ...]) -> FormField:
    """The form field for a template's header field: a date, a time, one of its choices
    (chosen from a list, in the current language) or a name from the staff list."""
    if field.type == "choice":
        choices = tuple((choice.key, choice.text) for choice in field.choices)
        return FormField(field.id, str(field.text), value, required=field.required,
                         choices=choices)  # fmt: skip
    placeholder = {"date": "YYYY-MM-DD", "time": "HH:MM"}.get(field.type, "")
    return FormField(field.id, str(field.text), value, required=field.required,
                     placeholder=placeholder, suggestions=staff if field.staff else ())  # fmt: skip


def show_with_label(body: Widget, focused: Widget) -> None:
    """Scroll ``body`` (a dialog's fields) so the field holding ``focused`` is in sight
    with the label above it; the first field with all that is above it (the intro).

    Textual scrolls a focused widget into sight, but not its label, and a dialog that
    opens may scroll its first field to the middle, hiding the intro and label."""
    entry: Widget | None = focused
    while entry is not None and entry.parent is not body:
        entry = entry.parent if isinstance(entry.parent, Widget) else None
    if entry is None:
        return
    children = list(body.children)
    index = children.index(entry)
    first = index - 1 if any(child.focusable for child in children[:index]) else 0
    region = children[max(first, 0)].virtual_region.union(entry.virtual_region)
    body.scroll_to_region(region, animate=False, immediate=True)


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
    """Fields top to bottom; enter moves on and saves after the last; escape cancels.

    The fields scroll within the dialog; the errors and the key hint below them stay in
    sight at any terminal size (80×24 too).
    """

    AUTO_FOCUS = ""  # the first field is focused on mount, scrolled in with its label
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
        follow: Callable[[Values], Values] | None = None,
    ) -> None:
        """``opened_by_itself``: not opened by a key of the user's (keys typed ahead for
        the screen below are then ignored, see :class:`GuardedInput`). ``follow``: the
        values of fields that follow the others (an export's file name follows its level
        and period), given what is entered; a field follows until it is typed into."""
        super().__init__()
        self.form_title = title
        self.fields = list(fields)
        self.intro = intro
        self.validate = validate
        self.opened_by_itself = opened_by_itself
        self.follow = follow
        self._suggested: Values = {}  # what each following field was last given
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="form-box", classes="dialog") as box:
            box.border_title = self.form_title
            with VerticalScroll(id="form-body", classes="dialog-body", can_focus=False):
                if self.intro:
                    yield Static(self.intro, classes="intro", markup=False)
                for field in self.fields:
                    yield Label(f"{field.label}{' *' if field.required else ''}")
                    yield self._widget(field)
            with Vertical(classes="dialog-foot"):
                errors = Static("", id="form-errors", classes="errors")
                errors.display = False  # until there is something wrong
                yield errors
                hint = "form.hint.choices" if any(f.choices for f in self.fields) else "form.hint"
                yield Static(t(hint), classes="hint")

    def _widget(self, field: FormField) -> Input | ChoiceList:
        if field.choices:
            return ChoiceList(shown_choices(field), field.value, id=f"field-{field.id}")
        suggestions = field.suggestions
        placeholder = field.placeholder or (
            t("form.suggestions", names=", ".join(suggestions[:6])) if suggestions else ""
        )
        return GuardedInput(
            field.value,
            id=f"field-{field.id}",
            placeholder=placeholder,
            type="number" if field.numeric else "text",
            suggester=SuggestFromList(suggestions, case_sensitive=False) if suggestions else None,
            select_on_focus=field.select_on_focus,
        )

    def on_mount(self) -> None:
        if self.opened_by_itself:
            guard_typed_ahead(self)
        if self.follow is not None:
            self._suggested = {key: value for key, value in self.follow(self.values()).items()
                               if self._entry(key).value == value}  # fmt: skip
        entries = self._entries()
        if entries:
            first = entries[0]
            first.focus(scroll_visible=False)  # shown with its label, see on_descendant_focus
            if isinstance(first, Input):
                first.cursor_position = len(first.value)

    def _entries(self) -> list[Input | ChoiceList]:
        """Where each field is entered, top to bottom."""
        return [self._entry(field.id) for field in self.fields]

    def _entry(self, field_id: str) -> Input | ChoiceList:
        entry = self.query_one(f"#field-{field_id}")
        assert isinstance(entry, Input | ChoiceList)
        return entry

    def values(self) -> Values:
        """What was typed (trimmed), and for a choice the value of the one chosen."""
        return {
            field.id: entry.value if isinstance(entry, ChoiceList) else entry.value.strip()
            for field, entry in zip(self.fields, self._entries(), strict=True)
        }

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
            errors = self.query_one("#form-errors", Static)
            errors.update("\n".join(problems))
            errors.display = True
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _next(self, entry: Input | ChoiceList) -> None:
        """Enter in a field: on to the next one, or save after the last."""
        entries = self._entries()
        if entry is entries[-1]:
            self.action_save()
        else:
            entries[entries.index(entry) + 1].focus(scroll_visible=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._next(event.input)

    def on_choice_list_chosen(self, event: ChoiceList.Chosen) -> None:
        event.stop()
        self._next(event.choice_list)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        body = self.query_one("#form-body", VerticalScroll)
        self.call_after_refresh(show_with_label, body, event.widget)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._follow_up()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._follow_up()

    def _follow_up(self) -> None:
        """Bring the fields that follow the others up to date, unless typed into."""
        if self.follow is None or not self.is_mounted:
            return
        for key, value in self.follow(self.values()).items():
            entry = self._entry(key)
            if not isinstance(entry, Input) or key not in self._suggested:
                continue
            if entry.value != self._suggested[key]:  # typed into: it is the user's now
                del self._suggested[key]
            elif entry.value != value:
                self._suggested[key] = value
                entry.value = value
