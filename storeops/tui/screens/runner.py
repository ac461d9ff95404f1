"""The checklist runner: one screen for every template.

One key answers a pass/fail or scale item and moves on to the next open item, so a
walk-through costs one key per item. Every answer is saved as it is given.
"""

from __future__ import annotations

import time
from datetime import date
from functools import cached_property

from rich.text import Text as RichText
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from storeops.actions import PRIORITIES, ActionError, parse_due
from storeops.context import Context
from storeops.i18n import t
from storeops.runs import Run, RunError, format_number, parse_answer_text
from storeops.scoring import NOT_APPLICABLE, Answer, RunScore
from storeops.storage import StorageError
from storeops.templates import OWN, Item, Template
from storeops.tui.access import ShowResult, context_of, today_of
from storeops.tui.keys import localize_bindings
from storeops.tui.widgets.footer import KeyFooter
from storeops.tui.widgets.form import FormField, FormScreen, Values
from storeops.tui.widgets.lists import KeyList


def stopwatch_now() -> float:
    """The stopwatch's clock (a seam so tests need not wait real seconds)."""
    return time.monotonic()


GLYPHS = {"pass": "✓", "fail": "✗", "na": "–", "open": "·", "info": "✎"}
STYLES = {"pass": "green", "fail": "bold red", "na": "dim", "open": "", "info": "cyan"}


def next_open(template: Template, result: RunScore, after: str | None) -> str | None:
    """The first unanswered item after ``after`` (wrapping round), or ``None``."""
    ids = [item.id for item in template.items]
    start = ids.index(after) + 1 if after in ids else 0
    for item_id in ids[start:] + ids[:start]:
        if result.items[item_id].status == "open":
            return item_id
    return None


def describe_answer(item: Item, answer: Answer | None) -> str:
    """The answer as a person reads it."""
    if answer is None:
        return t("runner.answer.none")
    if answer.na:
        return t("runner.answer.na")
    value = answer.value
    if item.type == "pass_fail":
        if item.negative:
            return t("runner.answer.observed") if value else t("runner.answer.not_observed")
        return t("runner.answer.pass") if value else t("runner.answer.fail")
    if item.type == "scale":
        label = ""
        if item.labels and isinstance(value, int):
            label = f" {item.labels[value - item.min]}"
        return f"{value}/{item.max}{label}"
    if item.type == "number":
        return (
            t("runner.answer.never")
            if value is None
            else f"{format_number(value)} {item.unit}".strip()
        )
    return str(value)


class ItemList(KeyList):
    """Section headings and items; ``enter`` types a value for number and text items."""

    BINDINGS = [
        Binding("enter", "select", "key.type", id="runner.type"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "select":
            item = self.screen.current_item  # type: ignore[attr-defined]
            return item is not None and item.type in ("number", "text", "scale")
        return True


class RunnerScreen(Screen[None]):
    """Answer a run's items with single keys; ctrl+s reviews and finishes."""

    BINDINGS = [
        Binding("y", "answer(True)", "key.yes", id="runner.yes"),
        Binding("n", "answer(False)", "key.no", id="runner.no"),
        Binding("x", "na", "key.na", id="runner.na"),
        Binding("X", "section_na", "key.section_na", id="runner.section_na"),
        *[
            Binding(str(d), f"scale({d})", "key.scale", show=d == 0, key_display="0-9")
            for d in range(10)
        ],
        Binding("t", "stopwatch", "key.stopwatch", id="runner.stopwatch"),
        Binding("c", "note", "key.note", id="runner.note"),
        Binding("a", "action", "key.action", id="runner.action"),
        Binding("ctrl+s", "finish", "key.finish", id="runner.finish"),
        Binding("escape", "leave", "key.leave", id="runner.leave"),
    ]

    def __init__(self, draft: Run) -> None:
        super().__init__(id="runner")
        self.draft = draft
        self._stopwatch_started: float | None = None
        self._ticker: Timer | None = None
        self._keys_for: tuple[object, ...] | None = None
        self._complete = False  # every required item answered, as last shown
        localize_bindings(self)

    @property
    def ctx(self) -> Context:
        return context_of(self)

    @cached_property
    def own_result(self) -> bool:
        """Whether this run is the store's own result (not a visit to a competitor)."""
        return self.ctx.runs.kind_of(self.draft) == OWN

    @property
    def template(self) -> Template:
        return self.ctx.runs.template_for(self.draft)

    @property
    def result(self) -> RunScore:
        return self.ctx.runs.score(self.draft)

    # --- layout -------------------------------------------------------------

    def compose(self) -> ComposeResult:
        template = self.template
        yield Header(show_clock=False, icon="☰")
        with Horizontal(id="run-top"):
            yield Static(str(template.title), id="run-title", markup=False)
            yield ProgressBar(total=len(template.items), show_eta=False, id="run-progress")
            yield Static("", id="run-score", markup=False)
        context = self._context_line(template)
        if context:
            yield Static(context, id="run-context", markup=False)
        yield ItemList(*self._options(), id="items")
        with Vertical(id="run-detail"):
            yield Static("", id="item-text", markup=False)
            yield Static("", id="item-state", markup=False)
        yield Static("", id="run-sections", markup=False)
        yield KeyFooter()

    def _context_line(self, template: Template) -> str:
        """Who and what this run is about: the header values, one line."""
        parts = [
            f"{f.text}: {self.draft.header[f.id]}"
            for f in template.header
            if self.draft.header.get(f.id)
        ]
        return " · ".join(parts)

    def _options(self) -> list[Option]:
        result = self.result
        options: list[Option] = []
        for section in self.template.sections:
            options.append(Option(RichText(f"{section.id} {section.title}", style="bold"),
                                  id=f"section:{section.id}", disabled=True))  # fmt: skip
            options.extend(Option(self._prompt(item, result), id=item.id) for item in section.items)
        return options

    def _prompt(self, item: Item, result: RunScore) -> RichText:
        status = result.items[item.id].status
        prompt = RichText(no_wrap=True, overflow="ellipsis")
        prompt.append(f" {GLYPHS[status]} ", style=STYLES[status])
        if item.critical:
            prompt.append("! ", style="bold red")
        prompt.append(str(item.text))
        answer = self.draft.answer_for(item.id)
        if answer is not None and item.type in ("number", "scale") and not answer.na:
            prompt.append(f"  [{describe_answer(item, answer)}]", style="bold")
        if item.id in self.draft.notes:
            prompt.append("  ✉", style="cyan")
        return prompt

    def on_mount(self) -> None:
        items = self.query_one(ItemList)
        first = next_open(self.template, self.result, None) or self.template.items[0].id
        items.highlighted = items.get_option_index(first)
        items.focus()
        self._refresh_status()

    # --- state shown ----------------------------------------------------------

    @property
    def current_item(self) -> Item | None:
        try:
            option = self.query_one(ItemList).highlighted_option
        except NoMatches:  # asked about keys before the list is composed
            return None
        if option is None or option.id is None or option.id.startswith("section:"):
            return None
        return self.template.item(option.id)

    def _refresh_status(self, result: RunScore | None = None) -> None:
        result = self.result if result is None else result
        self._complete = result.complete
        template = self.template
        self.query_one(ProgressBar).update(progress=result.answered)
        shown = result.score if result.score is not None else result.provisional
        score = t("runner.score.none") if shown is None else f"{shown:.1f}"
        band = result.band.label if result.band is not None else None
        if result.critical_failures:
            band = template.fail_band.label
        text = t("runner.score", score=score, answered=result.answered, total=len(template.items))
        if band is not None:
            text += f" · {band}"
        if result.critical_failures:
            text += " ⚠"
        # Fixed-size panels: no layout pass needed (it was most of a key press's cost).
        self.query_one("#run-score", Static).update(text, layout=False)
        parts = []
        for section, score_ in zip(template.sections, result.sections, strict=True):
            if score_.possible > 0 or score_.raw_possible > 0:
                pct = score_.percent
                parts.append(f"{section.title} {'—' if pct is None else f'{pct:.0f}%'}")
        self.query_one("#run-sections", Static).update("  ".join(parts), layout=False)
        self._show_item()
        self._refresh_keys()

    def _refresh_keys(self) -> None:
        """Redraw the footer only when the keys that apply change (a new footer costs a
        restyle; most answers move to an item of the same kind)."""
        item = self.current_item
        kind = None if item is None else (item.type, item.allow_na, item.stopwatch,
                                         self.check_action("section_na", ()))  # fmt: skip
        if kind != self._keys_for:
            self._keys_for = kind
            self.refresh_bindings()

    def _show_item(self) -> None:
        item = self.current_item
        if item is None:
            return
        section = self.template.section(item.section_id)
        lines = [f"{item.id} · {section.title}", item.text.both()]
        if str(item.guidance):
            lines.append(str(item.guidance))
        self.query_one("#item-text", Static).update("\n".join(lines), layout=False)
        state = [t("runner.current", answer=describe_answer(item, self.draft.answer_for(item.id)))]
        state.append(self._keys_hint(item))
        if self._stopwatch_started is not None:
            elapsed = stopwatch_now() - self._stopwatch_started
            state.append(t("runner.stopwatch.running", seconds=f"{elapsed:.0f}"))
        if item.id in self.draft.notes:
            state.append(t("runner.note", note=self.draft.notes[item.id]))
        self.query_one("#item-state", Static).update(
            "  ".join(state[:2]) + "\n" + "\n".join(state[2:]), layout=False
        )

    def _keys_hint(self, item: Item) -> str:
        na = t("runner.hint.na") if item.allow_na else ""
        if item.type == "pass_fail":
            key = "runner.hint.negative" if item.negative else "runner.hint.pass_fail"
            return t(key) + na
        if item.type == "scale":
            return t("runner.hint.scale", min=item.min, max=item.max) + na
        if item.type == "number":
            hint = t("runner.hint.number")
            if item.stopwatch:
                hint += t("runner.hint.stopwatch")
            if item.threshold is not None:
                hint += t("runner.hint.threshold", direction=item.direction,
                          threshold=f"{item.threshold:g}", unit=item.unit)  # fmt: skip
            return hint + na
        return t("runner.hint.text")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._stop_stopwatch_silently()
        self._show_item()
        self._refresh_keys()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        item = self.current_item
        if item is not None:
            self.action_type_value(item)

    def help_text(self) -> str:
        """The runner's keys, then what the current section is about (the seed's definition)."""
        text = t("runner.help")
        item = self.current_item
        if item is not None:
            section = self.template.section(item.section_id)
            if str(section.help):
                text += f"\n\n{section.title}: {section.help.both()}"
        return text

    # --- which keys apply here --------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        item = self.current_item
        kind = item.type if item is not None else None
        if action == "answer":
            return kind in ("pass_fail", "number")
        if action == "na":
            return item is not None and item.allow_na
        if action == "section_na":
            return item is not None and all(
                i.allow_na for i in self.template.section(item.section_id).items
            )
        if action == "scale":
            return kind in ("scale", "number")
        if action == "stopwatch":
            return item is not None and item.stopwatch
        if action == "action":  # a visit to a competitor raises nothing for the store
            return item is not None and self.own_result
        if action == "note":
            return item is not None
        return True

    # --- answering -----------------------------------------------------------

    def _record(self, item: Item, answer: Answer) -> None:
        try:
            self.ctx.runs.answer(self.draft, item.id, answer)
        except RunError as exc:
            self.notify(str(exc), severity="warning")
            return
        except StorageError as exc:
            self.notify(str(exc), severity="error", timeout=15)
            return
        result = self.result
        items = self.query_one(ItemList)
        items.replace_option_prompt(item.id, self._prompt(item, result))
        critical = item.critical and result.items[item.id].critical_failed
        if critical and self.own_result:
            self.notify(t("runner.critical", item=item.text), severity="error")
            self.call_after_refresh(self.raise_action_for, item, True)
        elif critical:  # a competitor's failure: recorded and scored, no action for us
            self.notify(t("runner.critical.other", item=item.text), severity="warning")
            critical = False
        self._move_on(result, item.id, review=not critical)

    def _move_on(self, result: RunScore, after: str, *, review: bool = True) -> None:
        """After answers: highlight the next open item; when these answers were the last
        required ones, open the finish review (escape goes back, e.g. to write the
        optional notes), as the paper form ends at the signature."""
        items = self.query_one(ItemList)
        following = next_open(self.template, result, after)
        if following is not None:
            items.highlighted = items.get_option_index(following)
        just_complete = result.complete and not self._complete
        self._refresh_status(result)
        if just_complete:
            if review:
                self.call_after_refresh(self.action_finish, True)
            else:  # the corrective action for a critical failure is asked first
                self.notify(t("runner.all_answered"))

    def action_answer(self, value: bool) -> None:
        item = self.current_item
        if item is None:
            return
        if item.type == "number":
            if value:  # "yes" on a number item means: type the value
                self.action_type_value(item)
            else:
                self._record(item, Answer(None))  # it never happened
            return
        self._record(item, Answer(value))

    def action_na(self) -> None:
        item = self.current_item
        if item is not None:
            self._record(item, NOT_APPLICABLE)

    def action_section_na(self) -> None:
        """A step that did not happen (no trousers to alter): every open item of it N/A."""
        item = self.current_item
        if item is None:
            return
        section = self.template.section(item.section_id)
        if not all(i.allow_na for i in section.items):
            self.notify(t("runner.section_na_refused", section=section.title), severity="warning")
            return
        open_items = [i.id for i in section.items if self.draft.answer_for(i.id) is None]
        try:
            self.ctx.runs.answer_many(self.draft, dict.fromkeys(open_items, NOT_APPLICABLE))
        except (RunError, StorageError) as exc:
            self.notify(str(exc), severity="error")
            return
        result = self.result
        items = self.query_one(ItemList)
        for item_id in open_items:
            items.replace_option_prompt(item_id, self._prompt(self.template.item(item_id), result))
        self.notify(t("runner.section_na", count=len(open_items), section=section.title))
        self._move_on(result, section.items[-1].id)

    def action_scale(self, value: int) -> None:
        item = self.current_item
        if item is not None and item.type == "number":  # a digit starts typing the number
            self.action_type_value(item, start=str(value))
            return
        if item is None or item.type != "scale":
            return
        if not item.min <= value <= item.max:
            self.notify(t("run.err.scale_range", min=item.min, max=item.max), severity="warning")
            return
        self._record(item, Answer(value))

    def action_type_value(self, item: Item, start: str = "") -> None:
        current = self.draft.answer_for(item.id)
        value = ""
        if current is not None and not current.na and current.value is not None:
            value = format_number(current.value) if item.type != "text" else str(current.value)
        value = start or value
        field = FormField("value", str(item.text), value, required=item.type != "text",
                          numeric=item.type in ("number", "scale"),
                          select_on_focus=not start)  # fmt: skip

        def validate(values: Values) -> list[str]:
            if item.type == "text":
                return []
            try:
                parse_answer_text(item, values["value"])
            except RunError as exc:
                return [str(exc)]
            return []

        def done(values: Values | None) -> None:
            if values is None:
                return
            raw = values["value"]
            if item.type == "text":
                self._record(item, Answer(raw))
                return
            try:  # checked by the form already; a second look costs nothing
                answer = parse_answer_text(item, raw)
            except RunError as exc:
                self.notify(str(exc), severity="warning")
                return
            self._record(item, answer)

        form = FormScreen(item.id, [field], intro=self._keys_hint(item), validate=validate)
        self.app.push_screen(form, done)

    # --- stopwatch ---------------------------------------------------------------

    def action_stopwatch(self) -> None:
        item = self.current_item
        if item is None or not item.stopwatch:
            return
        if self._stopwatch_started is None:
            self._stopwatch_started = stopwatch_now()
            self._ticker = self.set_interval(0.5, self._show_item)
            self._show_item()
            return
        seconds = round(stopwatch_now() - self._stopwatch_started, 1)
        self._stop_stopwatch_silently()
        self._record(item, Answer(seconds))

    def _stop_stopwatch_silently(self) -> None:
        self._stopwatch_started = None
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None

    # --- notes and actions ---------------------------------------------------------

    def action_note(self) -> None:
        item = self.current_item
        if item is None:
            return
        field = FormField("note", t("runner.note.label"), self.draft.notes.get(item.id, ""))

        def done(values: Values | None) -> None:
            if values is None:
                return
            try:
                self.ctx.runs.set_note(self.draft, item.id, values["note"])
            except (RunError, StorageError) as exc:
                self.notify(str(exc), severity="error")
                return
            self.query_one(ItemList).replace_option_prompt(item.id, self._prompt(item, self.result))
            self._show_item()

        self.app.push_screen(FormScreen(f"{item.id} · {t('key.note')}", [field]), done)

    def action_action(self) -> None:
        item = self.current_item
        if item is not None:
            self.raise_action_for(item)

    def raise_action_for(self, item: Item, by_itself: bool = False) -> None:
        """Ask for a corrective action's details and raise it on ``item`` (``by_itself``:
        asked after a critical failure, not by ``a``)."""
        today: date = today_of(self)
        profile = self.ctx.profile
        fields = [
            FormField("description", t("action.field.description"), required=True,
                      value=self.draft.notes.get(item.id, "")),
            FormField("owner", t("action.field.owner"), required=True,
                      value=profile.manager if profile else ""),
            FormField("due", t("action.field.due"), "+7", required=True,
                      placeholder="YYYY-MM-DD / +7"),
            FormField("priority", t("action.field.priority"),
                      "high" if item.critical else "medium", required=True,
                      choices=tuple((p, f"action.priority.{p}") for p in PRIORITIES)),
        ]  # fmt: skip

        def validate(values: Values) -> list[str]:
            try:
                parse_due(values["due"], today)
            except ActionError as exc:
                return [str(exc)]
            return []

        def done(values: Values | None) -> None:
            if values is None:
                return
            try:
                self.ctx.actions.raise_action(
                    run_id=self.draft.id, template_id=self.draft.template_id, item_id=item.id,
                    store_code=self.draft.store_code, description=values["description"],
                    owner=values["owner"], due=parse_due(values["due"], today),
                    priority=values["priority"], by=profile.manager if profile else "",
                )  # fmt: skip
            except (ActionError, StorageError) as exc:
                self.notify(str(exc), severity="error")
                return
            self.notify(t("action.raised", owner=values["owner"]))

        title = f"{t('action.title')} · {item.id}"
        self.app.push_screen(
            FormScreen(
                title, fields, intro=str(item.text), validate=validate, opened_by_itself=by_itself
            ),
            done,
        )

    # --- leaving and finishing ---------------------------------------------------------

    def action_leave(self) -> None:
        self._stop_stopwatch_silently()
        self.notify(t("runner.draft_kept"))
        self.dismiss(None)

    def action_finish(self, by_itself: bool = False) -> None:
        from storeops.tui.screens.review import ReviewScreen

        def done(finished: bool | None) -> None:
            if finished:
                self.dismiss(None)
                self.post_message(ShowResult(self.draft))

        self.app.push_screen(ReviewScreen(self.draft, opened_by_itself=by_itself), done)
