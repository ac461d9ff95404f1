"""Store profile form: first launch and later changes."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from storeops.i18n import CATALOGUE, current_language, t
from storeops.profile import StoreProfile
from storeops.tui.keys import localize_bindings
from storeops.tui.widgets.form import show_with_label


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
            with Vertical(classes="dialog-foot"):
                errors = Static("", id="setup-errors", classes="errors")
                errors.display = False  # until there is something wrong
                yield errors
                with Horizontal(id="setup-buttons", classes="dialog-buttons"):
                    yield Button(f"ctrl+s  {_label('common.save', both)}", id="save",
                                 variant="primary", compact=True)  # fmt: skip
                    yield Button(f"esc  {_label('common.cancel', both)}", id="cancel",
                                 compact=True)  # fmt: skip

    def on_mount(self) -> None:
        self.query_one("#store_code", Input).focus(scroll_visible=False)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        body = self.query_one("#setup-body", VerticalScroll)
        self.call_after_refresh(show_with_label, body, event.widget)

    def _value(self, field_id: str) -> str:
        return self.query_one(f"#{field_id}", Input).value

    def entered(self) -> StoreProfile:
        pressed = self.query_one("#language", RadioSet).pressed_button
        language = "zh" if pressed is not None and pressed.id == "lang-zh" else "en"
        return StoreProfile(
            store_code=self._value("store_code"),
            store_name=self._value("store_name"),
            manager=self._value("manager"),
            language=language,
            templates_dir=self._value("templates_dir"),
        ).cleaned()

    def show_errors(self, problems: list[str]) -> None:
        errors = self.query_one("#setup-errors", Static)
        errors.update("\n".join(problems))
        errors.display = bool(problems)

    def action_save(self) -> None:
        profile = self.entered()
        problems = profile.problems()
        if problems:
            self.show_errors(problems)
            return
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
