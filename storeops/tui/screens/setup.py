"""Store profile form: first launch and later changes (then also the store's attributes,
each checklist's schedule and the days the store is closed)."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from storeops.i18n import CATALOGUE, current_language, t
from storeops.profile import StoreProfile, parse_attribute
from storeops.schedules import ScheduleError, StoreSchedules, describe
from storeops.storage import StorageError
from storeops.templates import Schedule, Template
from storeops.tui.access import context_of
from storeops.tui.keys import localize_bindings
from storeops.tui.widgets.form import show_with_label
from storeops.tui.widgets.lists import KeyList

OFF, RESET = "off", "reset"  # what enter on a schedule line will do when saved


def parse_attributes(text: str) -> tuple[dict[str, str], list[str]]:
    """The attributes typed one ``NAME=VALUE`` a line (the rule of ``setup --attribute``;
    ``NAME=`` with nothing after it removes one), and what is wrong with the lines."""
    found: dict[str, str] = {}
    problems = []
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            name, value = parse_attribute(line)
        except ValueError as exc:
            problems.append(str(exc))
            continue
        if name in found:
            problems.append(t("setup.err.attribute_twice", name=name))
        found[name] = value
    return {name: value for name, value in found.items() if value}, problems


def parse_days(text: str) -> tuple[set[date], list[str]]:
    """Closed days typed as dates (YYYY-MM-DD) between spaces or commas."""
    days, problems = set(), []
    for word in re.split(r"[\s,，、;；]+", text.strip()):
        if not word:
            continue
        try:
            days.add(date.fromisoformat(word))
        except ValueError:
            problems.append(t("setup.err.closed_day", day=word))
    return days, problems


class ScheduleList(KeyList):
    """Each checklist's schedule; enter switches it off, or back to the template's."""

    BINDINGS = [Binding("enter", "select", "key.switch_schedule", id="setup.schedule")]


def _label(key: str, bilingual: bool, between: str = " · ") -> str:
    """On first launch nobody has chosen a language yet: show both."""
    en, zh = CATALOGUE[key]
    return f"{en}{between}{zh}" if bilingual else t(key)


class SetupScreen(ModalScreen[StoreProfile | None]):
    """Edit the store profile; dismisses with the new profile, or ``None`` if cancelled.

    Saving is done by the caller, which reports storage errors; problems with the
    fields themselves are shown here and keep the dialog open.
    """

    AUTO_FOCUS = ""  # the store code, focused on mount with its label in sight
    BINDINGS = [
        Binding("ctrl+s", "save", "key.save", id="setup.save"),
        Binding("escape", "cancel", "key.cancel", id="setup.cancel"),
    ]

    def __init__(self, profile: StoreProfile | None, *, first_run: bool = False) -> None:
        super().__init__()
        self.profile = profile
        self.first_run = first_run
        # What enter did to each checklist's schedule (written on save), and the schedules
        # as saved (read when the dialog opens, after the first launch).
        self.changes: dict[str, str] = {}
        self.saved_schedules: StoreSchedules | None = None
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        p = self.profile
        both = self.first_run
        lang = p.language if p else current_language()
        with Vertical(id="setup-box", classes="dialog") as box:
            box.border_title = _label("setup.title", both)
            # The fields scroll within the dialog; the errors and buttons stay in sight.
            with VerticalScroll(id="setup-body", classes="dialog-body", can_focus=False):
                yield Static(_label("setup.intro", both, "\n"), classes="intro")
                yield Label(_label("profile.store_code", both))
                yield Input(p.store_code if p else "", id="store_code",
                            placeholder=t("setup.placeholder.code"), max_length=32)  # fmt: skip
                yield Label(_label("profile.store_name", both))
                yield Input(p.store_name if p else "", id="store_name",
                            placeholder=t("setup.placeholder.name"))  # fmt: skip
                yield Label(_label("profile.manager", both))
                yield Input(p.manager if p else "", id="manager",
                            placeholder=t("setup.placeholder.manager"))  # fmt: skip
                yield Label(_label("profile.language", both))
                with RadioSet(id="language"):
                    yield RadioButton("English", value=lang == "en", id="lang-en")
                    yield RadioButton("中文", value=lang == "zh", id="lang-zh")
                yield Label(_label("profile.templates_dir", both))
                yield Input(p.templates_dir if p else "", id="templates_dir",
                            placeholder=t("setup.placeholder.dir"))  # fmt: skip
                if not self.first_run:  # the first launch asks only what every store needs
                    yield from self._store_settings(p)
            with Vertical(classes="dialog-foot"):
                errors = Static("", id="setup-errors", classes="errors")
                errors.display = False  # until there is something wrong
                yield errors
                with Horizontal(id="setup-buttons", classes="dialog-buttons"):
                    yield Button(f"ctrl+s  {_label('common.save', both)}", id="save",
                                 variant="primary", compact=True)  # fmt: skip
                    yield Button(f"esc  {_label('common.cancel', both)}", id="cancel",
                                 compact=True)  # fmt: skip

    # --- attributes, schedules, closed days ---------------------------------------------

    def _store_settings(self, profile: StoreProfile | None) -> ComposeResult:
        from textual.widgets import TextArea

        attributes = profile.attributes if profile else {}
        yield Label(t("setup.attributes"))
        yield TextArea(
            "\n".join(f"{name}={value}" for name, value in sorted(attributes.items())),
            id="attributes", soft_wrap=False, show_line_numbers=False,
            placeholder=t("setup.placeholder.attributes"),
        )  # fmt: skip
        self.saved_schedules = schedules = context_of(self).schedules.read()
        if schedules.problems:
            yield Static("\n".join(str(p) for p in schedules.problems),
                         classes="warning setup-note", markup=False)  # fmt: skip
        yield Label(t("setup.schedules"))
        yield ScheduleList(*self._schedule_options(), id="schedules")
        yield Label(t("setup.closed"))
        closed = " ".join(day.isoformat() for day in sorted(schedules.closed))
        yield Input(closed, id="closed", placeholder=t("setup.placeholder.closed"))

    def _templates(self) -> list[Template]:
        return [loaded.template for loaded in context_of(self).catalogue.sorted()]

    def _schedule_of(self, template: Template) -> tuple[Schedule | None, str]:
        """The schedule a checklist will have once saved, and who set it."""
        change = self.changes.get(template.id)
        if change == OFF:
            return None, "store"
        if change == RESET or self.saved_schedules is None:
            return template.schedule, "template" if template.schedule else "none"
        found = self.saved_schedules
        return found.effective(template), found.source(template)

    def _schedule_options(self) -> list[Option]:
        options = []
        for template in self._templates():
            schedule, source = self._schedule_of(template)
            text = t("setup.schedule_line", title=template.title, schedule=describe(schedule))
            if source != "none":  # a checklist no one has scheduled says only that
                text += t("setup.schedule_by", source=t(f"schedule.source.{source}"))
            options.append(Option(Content(text), id=template.id))  # titles are not markup
        return options

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a schedule: a scheduled checklist is switched off here; one switched
        off (or changed here) goes back to its template's schedule."""
        event.stop()
        template = context_of(self).catalogue.get(event.option.id or "")
        schedule, source = self._schedule_of(template)
        if schedule is None and source != "store":
            self.notify(t("setup.schedule_none", title=template.title), severity="warning")
            return
        change = OFF if schedule is not None else RESET
        saved = (self.saved_schedules or StoreSchedules()).changed
        unchanged = (change == RESET and template.id not in saved) or (
            change == OFF and template.id in saved and saved[template.id] is None
        )
        if unchanged:
            self.changes.pop(template.id, None)
        else:
            self.changes[template.id] = change
        schedules = self.query_one("#schedules", ScheduleList)
        index = schedules.highlighted
        schedules.set_options(self._schedule_options())
        schedules.highlighted = index

    def _store_problems(self) -> list[str]:
        """What is wrong with the attributes and closed days typed (none on first launch)."""
        if self.first_run:
            return []
        from textual.widgets import TextArea

        _, problems = parse_attributes(self.query_one("#attributes", TextArea).text)
        _, closed_problems = parse_days(self._value("closed"))
        return problems + closed_problems

    def _save_schedules(self) -> bool:
        """Write the schedules switched off or back, and the closed days, through the
        store's schedule book; False (and the reason shown) when they cannot be written."""
        if self.first_run or self.saved_schedules is None:
            return True
        book = context_of(self).schedules
        closed, _ = parse_days(self._value("closed"))
        before = self.saved_schedules.closed
        try:
            for template_id, change in sorted(self.changes.items()):
                if change == OFF:
                    book.switch_off(template_id)
                else:
                    book.reset(template_id)
            if closed - before:
                book.set_closed(sorted(closed - before))
            if before - closed:
                book.set_closed(sorted(before - closed), closed=False)
        except (ScheduleError, StorageError) as exc:
            self.show_errors([str(exc)])
            return False
        return True

    def on_mount(self) -> None:
        self.query_one("#store_code", Input).focus(scroll_visible=False)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        body = self.query_one("#setup-body", VerticalScroll)
        self.call_after_refresh(show_with_label, body, event.widget)

    def _value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value

    def entered(self) -> StoreProfile:
        """The profile as typed; every setting the dialog does not show is kept."""
        pressed = self.query_one("#language", RadioSet).pressed_button
        language = "zh" if pressed is not None and pressed.id == "lang-zh" else "en"
        base = self.profile or StoreProfile("", "", "")
        attributes = base.attributes
        if not self.first_run:
            from textual.widgets import TextArea

            attributes, _ = parse_attributes(self.query_one("#attributes", TextArea).text)
        return dataclasses.replace(
            base,
            store_code=self._value("store_code"),
            store_name=self._value("store_name"),
            manager=self._value("manager"),
            language=language,
            templates_dir=self._value("templates_dir"),
            attributes=attributes,
        ).cleaned()

    def show_errors(self, problems: list[str]) -> None:
        errors = self.query_one("#setup-errors", Static)
        errors.update("\n".join(problems))
        errors.display = bool(problems)

    def action_save(self) -> None:
        """Check everything typed; write the schedules and closed days; the caller saves
        the profile."""
        profile = self.entered()
        problems = self._store_problems() + profile.problems()
        if problems:
            self.show_errors(problems)
            return
        if self._save_schedules():
            self.dismiss(profile)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()
