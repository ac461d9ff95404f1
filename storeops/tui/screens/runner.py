"""The checklist runner: one screen for every template.

One key answers a pass/fail, scale or choice item and moves on to the next open item, so
a walk-through costs one key per item. Every answer is saved as it is given.

The template's logic is followed as answers come: an item whose condition does not hold
is listed dimmed as hidden (not selectable, not counted); a failure that needs a note or
an action asks for them at once; an item that failed in the previous run too says so,
with that run's action on it; a new run starts with the actions the previous run left
open.

At 80×24 nothing is cut: the item's text, guidance, scale labels and key hints wrap in the
detail pane, which keeps one height for most items (so moving on does not lay the screen
out again) and grows for an item with long guidance; the header values wrap; the section
scores fall back to section ids when the titles cannot fit on one line.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import cached_property

from rich.cells import cell_len
from rich.text import Text as RichText
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from storeops.actions import PRIORITIES, ActionError, CorrectiveAction, parse_due
from storeops.context import Context
from storeops.follow_ups import MissingFollowUp, missing_follow_ups
from storeops.i18n import current_language, t
from storeops.repeats import previous_failures
from storeops.rounding import one_decimal
from storeops.runs import Run, RunError, format_number, parse_answer_text
from storeops.scoring import NOT_APPLICABLE, Answer, RunScore, SectionScore
from storeops.storage import StorageError
from storeops.templates import OWN, Item, Section, Template
from storeops.tui.access import ShowResult, context_of, today_of
from storeops.tui.keys import localize_bindings
from storeops.tui.widgets.footer import KeyFooter, fit_entries
from storeops.tui.widgets.form import FormField, FormScreen, Values
from storeops.tui.widgets.lists import KeyList


def stopwatch_now() -> float:
    """The stopwatch's clock (a seam so tests need not wait real seconds)."""
    return time.monotonic()


GLYPHS = {"pass": "✓", "fail": "✗", "na": "–", "open": "·", "info": "✎", "hidden": " "}
STYLES = {"pass": "green", "fail": "bold red", "na": "dim", "open": "", "info": "cyan",
          "hidden": "dim"}  # fmt: skip
CHOICE_KEYS = 9  # a choice item's options are chosen with 1…9 (templates allow at most 9)
OPEN_SHOWN = 8  # the most open actions of the previous run listed when a run starts
FLAG = "⚑"  # in the list: a corrective action has been raised on the item
# A "should not" item in the list: the word beside the mark says what was seen, so the
# mark (✓ good outcome, ✗ bad) never reads as "it happened" for a bad behaviour.
NEGATIVE_WORDS = {
    "pass": "runner.list.not_observed",
    "fail": "runner.list.observed",
    "open": "runner.list.should_not",
    "na": "runner.list.should_not",
}


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
    if item.type == "choice":
        option = item.option(value) if isinstance(value, str) else None
        return str(option.text) if option is not None else str(value)
    if item.type == "number":
        return (
            t("runner.answer.never")
            if value is None
            else f"{format_number(value)} {item.unit}".strip()
        )
    return str(value)


def scale_labels(item: Item) -> str:
    """A scale's labels in the current language: ``0 never · 1 rarely · …``."""
    return SEP.join(f"{item.min + n} {label}" for n, label in enumerate(item.labels))


def choice_labels(item: Item) -> str:
    """A choice item's options by their keys: ``1 Tidy · 2 Some clutter · 3 Messy ✗`` (✗:
    choosing it fails the item)."""
    return SEP.join(f"{n} {option.text}{' ✗' if option.fail else ''}"
                    for n, option in enumerate(item.options[:CHOICE_KEYS], 1))  # fmt: skip


RESERVED_LINES = 8  # the most the detail pane keeps for every item (see _pane_height)
SEP = " · "  # between the parts of a hint (keys, scale labels): lines break only there


def pack(first: str, rest: str, width: int) -> str:
    """``first``, two spaces, then the `` · ``-separated parts of ``rest``, broken into
    lines of ``width`` cells only between parts: a key is never parted from what it
    does, nor a scale value from its label (a part longer than a line still wraps)."""
    parts = [part for part in rest.split(SEP) if part]
    lines = [first] if first else []
    for n, part in enumerate(parts):
        gap = "  " if n == 0 else SEP
        if lines and cell_len(lines[-1] + gap + part) <= width:
            lines[-1] += gap + part
        else:
            lines.append(part)
    return "\n".join(lines)


def context_line(template: Template, header: dict[str, str]) -> str:
    """Who and what a run is about: its header values (a choice by its label)."""
    parts = []
    for field in template.header:
        value = header.get(field.id)
        if value:
            choice = field.choice(value) if field.type == "choice" else None
            parts.append(f"{field.text}: {choice.text if choice else value}")
    return " · ".join(parts)


def scored(score: SectionScore) -> bool:
    """Whether a section has points, so that its score is shown."""
    return score.possible > 0 or score.raw_possible > 0


def sections_form(sections: list[Section], width: int) -> tuple[bool, str]:
    """How the section scores line is drawn at ``width`` cells: ``(by_id, gap)``. Titles
    when every section at 100 % fits on one line, else the section ids (the list's
    headings name them); chosen for the widest scores, so the line keeps its form as
    scores fill in."""
    for by_id in (False, True):
        names = [section.id if by_id else str(section.title) for section in sections]
        for gap in ("  ", " "):
            if cell_len(gap.join(f"{name} 100%" for name in names)) <= width:
                return by_id, gap
    return True, "  "  # too many sections even by id: the line wraps


class ItemList(KeyList):
    """Section headings and items; ``enter`` types a value for number, scale and text items
    and picks from the list of a choice's options (the footer says which)."""

    BINDINGS = [
        Binding("enter", "select", "key.type", id="runner.type"),
        Binding("enter", "pick", "key.pick", id="runner.pick"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        item = self.screen.current_item  # type: ignore[attr-defined]
        if action == "select":
            return item is not None and item.type in ("number", "text", "scale")
        if action == "pick":
            return item is not None and item.type == "choice"
        return True

    def action_pick(self) -> None:
        self.action_select()


class RunnerScreen(Screen[None]):
    """Answer a run's items with single keys; ctrl+s reviews and finishes."""

    # y and n mean what the highlighted item asks, and the footer says so: pass / fail,
    # seen / not seen on a "should not" item, "never happened" on a number (the first
    # binding of a key whose action applies is the one shown and run). When the footer
    # cannot hold every key it drops the last listed first: X (a whole step N/A) is
    # listed last, after a.
    BINDINGS = [
        Binding("y", "answer(True)", "key.yes", id="runner.yes"),
        Binding("n", "answer(False)", "key.no", id="runner.no"),
        Binding("y", "observed(True)", "key.observed", id="runner.observed"),
        Binding("n", "observed(False)", "key.not_observed", id="runner.not_observed"),
        Binding("n", "never", "key.never", id="runner.never"),
        Binding("y", "type_number", "key.type", show=False, id="runner.type_number"),
        Binding("x", "na", "key.na", id="runner.na"),
        *[
            Binding(str(d), f"scale({d})", "key.scale", show=d == 0, key_display="0-9")
            for d in range(10)
        ],
        *[Binding(str(d), f"digit({d})", "key.type", show=False) for d in range(10)],
        # A choice item's options by position; the footer shows their labels (see
        # _choice_keys), or one entry "1-N Choose" when the labels do not fit.
        *[
            Binding(str(d), f"choose({d})", "key.choose", id=f"runner.choose{d}")
            for d in range(1, CHOICE_KEYS + 1)
        ],
        Binding("t", "stopwatch", "key.stopwatch", id="runner.stopwatch"),
        Binding("c", "note", "key.note", id="runner.note"),
        Binding("a", "action", "key.action", id="runner.action"),
        Binding("X", "section_na", "key.section_na", id="runner.section_na"),
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
        # The item the last answer failed, until the next key: ``a`` pressed right
        # after a failing answer raises the action on it, not on the next item.
        self._just_failed: str | None = None
        self._failed_before_key: str | None = None
        self._with_action: set[str] = set()  # items of this run with an action (⚑)
        self._hidden: frozenset[str] = frozenset()  # items hidden by a condition, as listed
        # The previous run of this checklist (the store's own), the items that failed in
        # it and its action on each: read once, when the runner opens.
        self._previous: Run | None = None
        self._failed_before: frozenset[str] = frozenset()
        self._previous_actions: dict[str, CorrectiveAction] = {}
        self._left_open: list[CorrectiveAction] = []  # its actions not done or verified
        self._reserved = 0  # the detail pane's height for most items (see _pane_height)
        self._reserved_width = 0  # the width it was worked out for
        self._sections_form: tuple[bool, str] = (False, "  ")
        self._keys_language = current_language()  # the language the keys were labelled in
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
            # no percentage: the score says how many are answered, and the bar may shrink
            yield ProgressBar(total=len(template.items), show_eta=False,
                              show_percentage=False, id="run-progress")  # fmt: skip
            yield Static("", id="run-score", markup=False)
        context = context_line(template, self.draft.header)
        if context:
            yield Static(context, id="run-context", markup=False)
        yield ItemList(*self._options(), id="items")
        yield Static("", id="run-detail")
        yield Static("", id="run-sections", markup=False)
        yield KeyFooter()

    def _options(self) -> list[Option]:
        result = self.result
        self._hidden = result.hidden
        options: list[Option] = []
        for section in self.template.sections:
            options.append(Option(RichText(f"{section.id} {section.title}", style="bold"),
                                  id=f"section:{section.id}", disabled=True))  # fmt: skip
            options.extend(Option(self._prompt(item, result), id=item.id,
                                  disabled=item.id in self._hidden)
                           for item in section.items)  # fmt: skip
        return options

    def _prompt(self, item: Item, result: RunScore) -> RichText:
        """One item's row: its mark, ⚑ when an action is raised on it (a column of its
        own, so the texts stay aligned), ! when critical, then the text. A hidden item
        (its condition does not hold) says so, dimmed, and nothing more."""
        status = result.items[item.id].status
        prompt = RichText(no_wrap=True, overflow="ellipsis")
        prompt.append(f" {GLYPHS[status]}", style=STYLES[status])
        prompt.append(FLAG if item.id in self._with_action else " ", style="bold yellow")
        prompt.append(" ")
        if status == "hidden":
            prompt.append(t("runner.list.hidden"), style="italic")
            prompt.append(str(item.text))
            return prompt
        if item.critical:
            prompt.append("! ", style="bold red")
        if item.negative and item.type == "pass_fail":
            prompt.append(t(NEGATIVE_WORDS[status]), style=STYLES[status] or "italic")
        prompt.append(str(item.text))
        answer = self.draft.answer_for(item.id)
        if answer is not None and item.type in ("number", "scale", "choice") and not answer.na:
            prompt.append(f"  [{describe_answer(item, answer)}]", style="bold")
        if item.id in self.draft.notes:
            prompt.append("  ✉", style="cyan")
        return prompt

    def on_mount(self) -> None:
        items = self.query_one(ItemList)
        result = self.result
        self._with_action = self._items_with_action()
        for item_id in self._with_action:
            items.replace_option_prompt(item_id, self._prompt(self.template.item(item_id), result))
        self._fit_top_and_bottom()
        shown = (item.id for item in self.template.items if item.id not in result.hidden)
        first = next_open(self.template, result, None) or next(shown, None)
        if first is not None:
            items.highlighted = items.get_option_index(first)
        items.focus()
        self._refresh_status()
        self.bindings_updated_signal.subscribe(self, self._bindings_updated)
        self._read_previous()
        self._show_left_open()

    def _read_previous(self) -> None:
        """The previous run of this checklist, what failed in it and its actions (a
        competitor's visit has none: its failures are not the store's)."""
        if not self.own_result:
            return
        try:
            before, failed = previous_failures(self.ctx.runs, self.template, self.draft)
            found = (
                self.ctx.actions.find(today=today_of(self), run_id=before.id)
                if before is not None
                else []
            )
        except (StorageError, RunError, KeyError):  # unreadable: the run goes on without
            return
        self._previous, self._failed_before = before, failed
        for action in sorted(found, key=lambda a: a.created_at):  # the latest per item
            self._previous_actions[action.item_id] = action
        self._left_open = [action for action in found if not action.closed]

    def _show_left_open(self) -> None:
        """A new run starts with the actions its previous run left open (not done or
        verified): item, what, who, when due; enter or escape goes on to the items."""
        from storeops.tui.screens.ask import AskScreen, Reply

        left = self._left_open
        if self.draft.answers or self._previous is None or not left:
            return
        today = today_of(self)
        day = (self._previous.finished_at or "")[:10]
        lines = [t("runner.open.intro", count=len(left), day=day)]
        for action in left[:OPEN_SHOWN]:
            try:
                text = str(self.template.item(action.item_id).text)
            except KeyError:  # an item the template no longer has
                text = ""
            due = action.due
            if action.overdue(today):
                due = t("action.detail.overdue", due=action.due)
            lines.append(t("runner.open.line", item=f"{action.item_id} {text}".strip(),
                           description=action.description, owner=action.owner, due=due,
                           status=action.status_text()))  # fmt: skip
        if len(left) > OPEN_SHOWN:
            lines.append(t("runner.open.more", count=len(left) - OPEN_SHOWN))
        reply = Reply("go", ("enter",), t("runner.open.continue"))
        self.app.push_screen(AskScreen(t("runner.open.title"), "\n".join(lines), [reply]))

    def _items_with_action(self) -> set[str]:
        """The items of a resumed draft that have an action (a new run has none)."""
        if not self.draft.answers or not self.own_result:
            return set()
        try:
            found = self.ctx.actions.find(today=today_of(self), run_id=self.draft.id)
        except StorageError:
            return set()
        ids = {item.id for item in self.template.items}
        return {action.item_id for action in found if action.item_id in ids}

    def _fit_top_and_bottom(self) -> None:
        """Size the score on the top line for its widest text (so a new score never
        re-lays out the screen), and choose titles or ids for the section scores line,
        and its height, for this width."""
        template = self.template
        total = len(template.items)
        bands = [str(band.label) for band in template.bands] or [""]
        widest_score = t("runner.score", score="100.0", answered=total, total=total)
        widest_score += f" · {max(bands, key=cell_len)} ⚠"
        self.query_one("#run-score", Static).styles.width = cell_len(widest_score)
        line = self.query_one("#run-sections", Static)
        width = max(self.size.width - 2, 10)  # its padding
        shown = [section for section, score in zip(self.template.sections,
                                                   self.result.sections, strict=True)
                 if scored(score)]  # fmt: skip
        self._sections_form = by_id, gap = sections_form(shown, width)
        widest = gap.join(f"{s.id if by_id else s.title} 100%" for s in shown)
        line.styles.height = max(1, Content(widest).get_height({}, width))

    def on_resize(self, event: events.Resize) -> None:
        if self.is_mounted:
            self._fit_top_and_bottom()
            self._refresh_status()

    # --- state shown ----------------------------------------------------------

    @property
    def current_item(self) -> Item | None:
        try:
            option = self.query_one(ItemList).highlighted_option
        except NoMatches:  # asked about keys before the list is composed
            return None
        if option is None or option.id is None or option.disabled:  # a heading, a hidden item
            return None
        return self.template.item(option.id)

    def _refresh_status(self, result: RunScore | None = None) -> None:
        result = self.result if result is None else result
        self._complete = result.complete
        template = self.template
        asked = len(template.items) - len(result.hidden)  # a hidden item is not asked
        self.query_one(ProgressBar).update(total=asked, progress=result.answered)
        live = result.score if result.score is not None else result.provisional
        score = t("runner.score.none") if live is None else one_decimal(live)
        band = result.band.label if result.band is not None else None
        if result.critical_failures:
            band = template.fail_band.label
        text = t("runner.score", score=score, answered=result.answered, total=asked)
        if band is not None:
            text += f" · {band}"
        if result.critical_failures:
            text += " ⚠"
        # Fixed-size panels: no layout pass needed (it was most of a key press's cost).
        self.query_one("#run-score", Static).update(text, layout=False)
        by_id, gap = self._sections_form
        parts = []
        for section, score_ in zip(template.sections, result.sections, strict=True):
            if scored(score_):
                pct = score_.percent
                name = section.id if by_id else section.title
                parts.append(f"{name} {'—' if pct is None else f'{pct:.0f}%'}")
        self.query_one("#run-sections", Static).update(gap.join(parts), layout=False)
        self._show_item()
        self._refresh_keys()

    def _refresh_keys(self) -> None:
        """Redraw the footer only when the keys that apply change (a new footer costs a
        restyle; most answers move to an item of the same kind)."""
        item = self.current_item
        kind = None if item is None else (item.type, item.negative, item.allow_na,
                                         item.stopwatch,
                                         self.check_action("section_na", ()),
                                         item.options, self.size.width)  # fmt: skip
        if kind != self._keys_for:
            self._keys_for = kind
            self._applicable_first()
            self._choice_keys(item)
            self.refresh_bindings()

    def _bindings_updated(self, screen: Screen[None]) -> None:
        """A language switch gives every screen its class bindings afresh: label the
        choice keys again, and put first again the binding of each key that applies."""
        if current_language() != self._keys_language:
            self._keys_language = current_language()
            self._keys_for = None
            self._refresh_keys()

    def _choice_keys(self, item: Item | None) -> None:
        """On a choice item the footer names each option by its key (``1 Tidy  2 Some
        clutter  3 Messy``) when every key of the line still fits beside them, else it
        shows one entry, ``1-3 Choose`` (the pane below the list names them all)."""
        labels = [str(o.text) for o in item.options[:CHOICE_KEYS]] if item is not None else []
        self._set_choice_bindings(labels, compact=False)
        if labels and not self._footer_holds_all():
            self._set_choice_bindings(labels, compact=True)

    def _set_choice_bindings(self, labels: list[str], *, compact: bool) -> None:
        last = f"1-{len(labels)}" if len(labels) > 1 else "1"
        for d in range(1, CHOICE_KEYS + 1):
            bindings = self._bindings.key_to_bindings.get(str(d), [])
            for n, binding in enumerate(bindings):
                if binding.action != f"choose({d})":
                    continue
                if compact:
                    bindings[n] = replace(binding, description=t("key.choose"), show=d == 1,
                                          key_display=last if d == 1 else None)  # fmt: skip
                else:
                    label = labels[d - 1] if d <= len(labels) else t("key.choose")
                    bindings[n] = replace(binding, description=label, show=True,
                                          key_display=None)  # fmt: skip

    def _footer_holds_all(self) -> bool:
        """Whether the footer shows every key that applies now, none left out."""
        try:
            footer = self.query_one(KeyFooter)
        except NoMatches:
            return True
        entries, help_entry = footer.key_entries()
        width = footer.size.width or self.app.size.width
        shown, _gap = fit_entries(entries, help_entry, width)
        return all(entry in shown for entry in entries)

    def _applicable_first(self) -> None:
        """Of a key's bindings (y: pass, seen or type the number), the one that applies to
        the highlighted item first: the footer shows the first that applies, the help
        (built from the bindings) lists a key by its first one."""
        for bindings in self._bindings.key_to_bindings.values():
            if len(bindings) > 1:
                bindings.sort(key=lambda b: not self.check_action(b.action.split("(")[0], ()))

    def _show_item(self) -> None:
        item = self.current_item
        if item is None:
            return
        width = self._detail_width()
        if self._reserved_width != width:
            self._reserved_width = width
            self._reserved = self._pane_height(width)
        text, state = self._detail(item, width, self.result, current=True)
        height = Content(text).get_height({}, width) + Content(state).get_height({}, width)
        # the text, a blank line or two when the item is short, then the state (dimmed)
        gap = "\n" * (max(height, self._reserved) - height + 1)
        pane = self.query_one("#run-detail", Static)
        pane.update(Content.assemble(text, gap, (state, "dim")), layout=False)
        height = max(height, self._reserved)
        if pane.styles.height is None or pane.styles.height.value != height:
            pane.styles.height = height
            # the list got shorter or taller: keep the highlighted item in view
            self.call_after_refresh(self.query_one(ItemList).scroll_to_highlight)

    def _detail(
        self, item: Item, width: int, result: RunScore, *, current: bool = False
    ) -> tuple[str, str]:
        """The detail pane's two parts for ``item``: its text (id, text in both languages,
        guidance, scale labels) and its state (answer and keys; for the ``current`` item
        also the stopwatch, the note and the hint about ``a`` after a failing answer)."""
        section = self.template.section(item.section_id)
        lines = [f"{item.id} · {section.title}", item.text.both()]
        if str(item.guidance):
            lines.append(str(item.guidance))
        if item.type == "scale" and item.labels:
            lines.append(pack("", scale_labels(item), width))
        if item.type == "choice":
            lines.append(pack("", choice_labels(item), width))
        answer = self.draft.answer_for(item.id)
        shown = describe_answer(item, answer)
        status = result.items[item.id].status
        if answer is not None and item.type in ("pass_fail", "choice") and not answer.na:
            shown = f"{GLYPHS[status]} {shown}"
        state = [pack(t("runner.current", answer=shown), self._keys_hint(item), width)]
        if current and self._stopwatch_started is not None:
            elapsed = stopwatch_now() - self._stopwatch_started
            state.append(t("runner.stopwatch.running", seconds=f"{elapsed:.0f}"))
        if current and item.id in self.draft.notes:
            state.append(t("runner.note", note=self.draft.notes[item.id]))
        if current and status == "fail" and item.id in self._failed_before:
            state.append(self._repeat_text(item.id))
        if current and status == "fail":
            owed = [m.what for m in self._owed() if m.item_id == item.id]
            if owed:
                what = SEP.join(t(f"runner.followup.{w}") for w in owed)
                state.append(t("runner.followup.owed", what=what))
        just_failed = self._just_failed
        if current and just_failed is not None:
            state.append(t("runner.action_after_fail", item=just_failed))
            if just_failed != item.id and just_failed in self._failed_before:
                state.append(self._repeat_text(just_failed))
        return "\n".join(lines), "\n".join(state)

    def _repeat_text(self, item_id: str) -> str:
        """``6S-SAF-01 failed last time too — action “…”: Verified by Li on 2026-11-20``."""
        text = t("runner.repeat", item=item_id)
        action = self._previous_actions.get(item_id)
        if action is not None:
            text += t("runner.repeat.action", action=action.description,
                      status=action.status_text())  # fmt: skip
        return text

    def _owed(self) -> list[MissingFollowUp]:
        """The notes and actions failed items still need before the run can finish (as
        finishing checks them)."""
        return missing_follow_ups(self.template, self.result, self.draft.notes, self._with_action)

    def _pane_height(self, width: int) -> int:
        """The height the detail pane keeps for the whole run: that of the tallest item up
        to :data:`RESERVED_LINES`. Moving between items then never lays the screen out
        again (a layout re-wraps every row of the list: most of a key press's cost); a
        taller item (long guidance) grows the pane while it is highlighted."""
        result = self.result
        reserved = 0
        for item in self.template.items:
            height = sum(Content(part).get_height({}, width)
                         for part in self._detail(item, width, result))  # fmt: skip
            if height <= RESERVED_LINES:
                reserved = max(reserved, height)
        return reserved

    def _detail_width(self) -> int:
        """The detail pane's width for text (before the first layout: the screen's less
        the pane's padding)."""
        width = self.query_one("#run-detail", Static).content_size.width
        return width or max(self.size.width - 2, 10)

    def _keys_hint(self, item: Item) -> str:
        na = t("runner.hint.na") if item.allow_na else ""
        if item.type == "pass_fail":
            key = "runner.hint.negative" if item.negative else "runner.hint.pass_fail"
            return t(key) + na
        if item.type == "scale":
            return t("runner.hint.scale", min=item.min, max=item.max) + na
        if item.type == "choice":
            count = min(len(item.options), CHOICE_KEYS)
            return t("runner.hint.choice", keys=f"1-{count}" if count > 1 else "1") + na
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
        if action in ("answer", "observed"):
            return (
                item is not None and kind == "pass_fail" and item.negative == (action == "observed")
            )
        if action in ("never", "type_number", "digit"):
            return kind == "number"
        if action == "na":
            return item is not None and item.allow_na
        if action == "section_na":
            return item is not None and all(
                i.allow_na for i in self.template.section(item.section_id).items
            )
        if action == "scale":
            return kind == "scale"
        if action == "choose":
            count = min(len(item.options), CHOICE_KEYS) if item is not None else 0
            if not parameters:  # asked about the key as a whole
                return count > 0
            position = parameters[0]
            return isinstance(position, int) and 1 <= position <= count
        if action == "stopwatch":
            return item is not None and item.stopwatch
        if action == "action":  # a visit to a competitor raises nothing for the store
            return item is not None and self.own_result
        if action == "note":
            return item is not None
        return True

    # --- answering -----------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        """Every key ends the moment right after a failing answer: the key pressed in it
        may use it (``a``), the next one no longer can."""
        self._failed_before_key = self._just_failed
        if self._just_failed is not None:
            self._just_failed = None
            self._show_item()  # the hint about ``a`` goes

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
        self._show_hidden(result)
        critical = item.critical and result.items[item.id].critical_failed
        failed = critical or result.items[item.id].status == "fail"
        if critical and self.own_result:
            self.notify(t("runner.critical", item=item.text), severity="error")
        elif critical:  # a competitor's failure: recorded and scored, no action for us
            self.notify(t("runner.critical.other", item=item.text), severity="warning")
            critical = False
        if failed and self.own_result and item.id in self._failed_before:
            self.notify(self._repeat_text(item.id), severity="warning")
        asked = failed and self._ask_follow_ups(item, critical=critical)
        if failed and self.own_result and not asked:
            self._just_failed = item.id  # ``a`` next raises the action on this item
        # The review waits while a note or an action may follow this answer (asked at
        # once, or ``a`` next): ctrl+s opens it after.
        self._move_on(result, item.id, review=not asked and self._just_failed is None)

    def _ask_follow_ups(self, item: Item, *, critical: bool) -> bool:
        """After a failing answer, ask at once, each in a dialog that ignores keys typed
        ahead: the note the item needs (``on_fail.note``), then its action (a critical
        failure's; one ``on_fail.action`` needs; or, for a failure that repeats one whose
        action was verified, that action again). Escape leaves the rest for later. Whether
        anything was asked."""
        note = item.on_fail.note and not self.draft.notes.get(item.id, "").strip()
        action = self.own_result and (
            critical
            or (
                item.id not in self._with_action
                and (item.on_fail.action or self._verified_before(item.id) is not None)
            )
        )
        if note:
            after = (lambda: self.raise_action_for(item, True)) if action else None
            self.call_after_refresh(self._ask_note, item, True, after)
        elif action:
            self.call_after_refresh(self.raise_action_for, item, True)
        return bool(note or action)

    def _verified_before(self, item_id: str) -> CorrectiveAction | None:
        """The verified action of the previous run on an item that fails again now."""
        action = self._previous_actions.get(item_id)
        if action is None or action.status != "verified" or item_id not in self._failed_before:
            return None
        return action if self.result.items[item_id].status == "fail" else None

    def _show_hidden(self, result: RunScore) -> None:
        """List the items an answer has just hidden or shown again as they now are."""
        hidden = result.hidden
        if hidden == self._hidden:
            return
        items = self.query_one(ItemList)
        for item_id in hidden ^ self._hidden:
            items.replace_option_prompt(item_id, self._prompt(self.template.item(item_id), result))
            if item_id in hidden:
                items.disable_option(item_id)
            else:
                items.enable_option(item_id)
        self._hidden = hidden

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
        """y / n on a pass/fail item: pass or fail."""
        item = self.current_item
        if item is not None and item.type == "pass_fail":
            self._record(item, Answer(value))

    def action_observed(self, value: bool) -> None:
        """y / n on a "should not" item: the behaviour was observed or not."""
        self.action_answer(value)

    def action_never(self) -> None:
        """n on a number item: it never happened (e.g. never greeted)."""
        item = self.current_item
        if item is not None and item.type == "number":
            self._record(item, Answer(None))

    def action_type_number(self) -> None:
        """y on a number item: type the value."""
        item = self.current_item
        if item is not None and item.type == "number":
            self.action_type_value(item)

    def action_digit(self, value: int) -> None:
        """A digit on a number item starts typing the number."""
        item = self.current_item
        if item is not None and item.type == "number":
            self.action_type_value(item, start=str(value))

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
        self._show_hidden(result)
        self.notify(t("runner.section_na", count=len(open_items), section=section.title))
        self._move_on(result, section.items[-1].id)

    def action_scale(self, value: int) -> None:
        item = self.current_item
        if item is None or item.type != "scale":
            return
        if not item.min <= value <= item.max:
            self.notify(t("run.err.scale_range", min=item.min, max=item.max), severity="warning")
            return
        self._record(item, Answer(value))

    def action_choose(self, position: int) -> None:
        """1…9 on a choice item: the option at that position."""
        item = self.current_item
        if item is not None and item.type == "choice" and 1 <= position <= len(item.options):
            self._record(item, Answer(item.options[position - 1].key))

    def _choose_from_list(self, item: Item) -> None:
        """Enter on a choice item: its options as a list (arrows or first letters, enter)."""
        current = self.draft.answer_for(item.id)
        value = current.value if current is not None and isinstance(current.value, str) else ""
        choices = tuple((option.key, option.text) for option in item.options)
        field = FormField("value", str(item.text), value, required=True, choices=choices)

        def done(values: Values | None) -> None:
            if values is not None and values["value"]:
                self._record(item, Answer(values["value"]))

        self.app.push_screen(FormScreen(item.id, [field]), done)

    def action_type_value(self, item: Item, start: str = "") -> None:
        if item.type == "choice":
            self._choose_from_list(item)
            return
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

        intro = self._keys_hint(item)
        if item.type == "scale" and item.labels:
            intro += "\n" + scale_labels(item)
        form = FormScreen(item.id, [field], intro=intro, validate=validate)
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
        if item is not None:
            self._ask_note(item)

    def _ask_note(
        self, item: Item, by_itself: bool = False, then: Callable[[], None] | None = None
    ) -> None:
        """Ask for the item's note; ``by_itself``: a failure that needs one asks for it
        (required), and ``then`` follows once it is saved."""
        field = FormField("note", t("runner.note.label"), self.draft.notes.get(item.id, ""),
                          required=by_itself)  # fmt: skip

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
            if then is not None:
                then()

        intro = t("runner.followup.ask_note", item=f"{item.id} {item.text}") if by_itself else ""
        form = FormScreen(f"{item.id} · {t('key.note')}", [field], intro=intro,
                          opened_by_itself=by_itself)  # fmt: skip
        self.app.push_screen(form, done)

    def action_action(self) -> None:
        """Right after a failing answer: the action for the item just failed; else for
        the highlighted item."""
        failed = self._failed_before_key
        item = self.template.item(failed) if failed is not None else self.current_item
        if item is not None:
            self.raise_action_for(item)

    def raise_action_for(self, item: Item, by_itself: bool = False) -> None:
        """Ask for a corrective action's details and raise it on ``item`` (``by_itself``:
        asked after a critical failure, not by ``a``)."""
        today: date = today_of(self)
        profile = self.ctx.profile
        again = self._verified_before(item.id)  # the fix did not hold: the same again?
        description = (
            t("runner.repeat.again", description=again.description)
            if again is not None
            else self.draft.notes.get(item.id, "")
        )
        intro = str(item.text)
        if item.id in self._failed_before and self.result.items[item.id].status == "fail":
            intro += "\n" + self._repeat_text(item.id)
        fields = [
            FormField("description", t("action.field.description"), required=True,
                      value=description),
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
            self._with_action.add(item.id)
            self.query_one(ItemList).replace_option_prompt(item.id, self._prompt(item, self.result))
            self._show_item()  # what the item still needs, if anything

        title = f"{t('action.title')} · {item.id}"
        self.app.push_screen(
            FormScreen(title, fields, intro=intro, validate=validate, opened_by_itself=by_itself),
            done,
        )

    # --- leaving and finishing ---------------------------------------------------------

    def action_leave(self) -> None:
        self._stop_stopwatch_silently()
        self.notify(t("runner.draft_kept"))
        self.dismiss(None)

    def action_finish(self, by_itself: bool = False) -> None:
        """Review and finish; a failed item still owing its note or action is named first,
        and the cursor moves to it (``c`` / ``a`` give them)."""
        from storeops.tui.screens.review import ReviewScreen

        owed = self._owed()
        if owed:
            self.notify("\n".join(m.message() for m in owed), severity="error", timeout=10)
            items = self.query_one(ItemList)
            items.highlighted = items.get_option_index(owed[0].item_id)
            return

        def done(finished: bool | None) -> None:
            if finished:
                self.dismiss(None)
                self.post_message(ShowResult(self.draft))

        self.app.push_screen(ReviewScreen(self.draft, opened_by_itself=by_itself), done)
