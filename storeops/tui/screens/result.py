"""After finishing: scores against the previous run, the trend, failed points (those that
failed the previous time too first, marked "again") and actions."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from storeops.history import (
    fitted_sparkline,
    previous_of,
    score_trend,
    section_changes,
    strengths,
)
from storeops.i18n import t
from storeops.repeats import previous_failures
from storeops.reports import header_facts, written_notes
from storeops.rounding import one_decimal
from storeops.runs import Run, RunError, parse_answer_text
from storeops.scoring import Answer
from storeops.storage import StorageError
from storeops.templates import Template
from storeops.tui.access import context_of, today_of
from storeops.tui.keys import localize_bindings
from storeops.tui.screens.runner import describe_answer
from storeops.tui.widgets.footer import KeyFooter
from storeops.tui.widgets.form import FormField, FormScreen, Values
from storeops.tui.widgets.summary import critical_failures


class ResultScreen(Screen[None]):
    """A finished run, read-only, compared with the one before it."""

    BINDINGS = [
        Binding("m", "amend", "key.amend", id="result.amend"),
        Binding("escape,q", "close", "key.close", id="result.close"),
    ]

    def __init__(self, finished: Run) -> None:
        super().__init__(id="result")
        self.finished = finished
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        ctx = context_of(self)
        runs = ctx.runs
        run = self.finished
        template = runs.template_for(run)
        result = runs.score(run)
        history = runs.summaries(template_id=run.template_id, subject=run.subject or None)
        earlier = previous_of(history, run)
        loaded = runs.load([earlier]) if earlier else []
        before_result = runs.score(loaded[0]) if loaded else None
        before = bool(loaded)
        yield Header(show_clock=False, icon="☰")
        with VerticalScroll(id="result-body"):
            band = result.band.label if result.band else ""
            score = "—" if result.score is None else one_decimal(result.score)
            yield Static(t("result.headline", title=template.title, score=score, band=band,
                           when=(run.finished_at or "")[:16].replace("T", " "),
                           by=run.signed_off_by or ""),
                         id="result-headline", markup=False)  # fmt: skip
            # Who and what it was about (the associate observed, the store visited), and
            # what was written (a coaching's See / Hear / Develop) come first.
            facts = header_facts(template, run)
            if facts:
                text = "\n".join(t("result.fact", label=label, value=value)
                                  for label, value in facts)  # fmt: skip
                yield Static(text, id="result-header", markup=False)
            notes = written_notes(template, run)
            if notes:
                yield Static(self._notes_text(notes), id="result-notes", markup=False)
            yield from critical_failures(template, result)
            lines = [t("result.vs_previous") if before else t("result.first")]
            for change, section in zip(section_changes(result, before_result),
                                       template.sections, strict=True):  # fmt: skip
                if change.now is None and change.before is None:
                    continue
                now = "—" if change.now is None else f"{change.now:5.1f}%"
                if change.delta is None:
                    arrow = ""
                elif change.delta > 0.05:
                    arrow = f"  ▲ +{one_decimal(change.delta)}"
                elif change.delta < -0.05:
                    arrow = f"  ▼ {one_decimal(change.delta)}"
                else:
                    arrow = "  ="
                lines.append(f"  {section.title}: {now}{arrow}")
            yield Static("\n".join(lines), id="result-sections", markup=False)
            values = score_trend([s for s in history if s.finished_at <= (run.finished_at or "~")])
            if len(values) > 1:
                shown = " ".join("—" if v is None else f"{v:.0f}" for v in values)
                yield Static(t("result.trend", count=len(values),
                               spark=fitted_sparkline(values), scores=shown),
                             id="result-trend", markup=False)  # fmt: skip
            good = strengths(template, result, run.scoring_answers())
            if good.sections or good.items:
                lines = [t("result.strengths")]
                lines += [f"  ✓ {template.section(s).title}" for s in good.sections]
                lines += [f"  ✓ {i} {template.item(i).text}" for i in good.items]
                yield Static("\n".join(lines), id="result-strengths", markup=False)
            actions = {a.item_id: a for a in ctx.actions.find(today=today_of(self), run_id=run.id)}
            # Repeat findings first: failed in this run and in the one before it.
            _, before_failed = previous_failures(runs, template, run)
            failed = [
                template.item(item_id) for item_id, r in result.items.items() if r.status == "fail"
            ]
            again = [item for item in failed if item.id in before_failed]
            failed = again + [item for item in failed if item.id not in before_failed]
            if again:
                lines = [t("result.failed_again", count=len(failed), again=len(again))]
            elif failed:
                lines = [t("result.failed", count=len(failed))]
            else:
                lines = [t("result.no_failed")]
            for item in failed:
                action = actions.get(item.id)
                follow = (
                    t("result.action", owner=action.owner, due=action.due,
                      description=action.description)
                    if action else t("result.no_action")
                )  # fmt: skip
                shown = f"{item.id} {item.text}"
                if item in again:
                    shown = t("result.again", item=shown)
                lines.append(f"  ✗ {shown}\n      {follow}")
            yield Static("\n".join(lines), id="result-failed", markup=False)
            yield Static(self._answers_text(template), id="result-answers", markup=False)
            if run.amendments:
                yield Static(self._amendments_text(), id="result-amendments", markup=False)
        yield KeyFooter(show_command_palette=True)

    @staticmethod
    def _notes_text(notes: list[tuple[str, list[tuple[str, str]]]]) -> str:
        lines = []
        for title, written in notes:
            lines.append(t("result.notes", section=title))
            lines += [f"  {label}\n    " + text.replace("\n", "\n    ") for label, text in written]
        return "\n".join(lines)

    def _answers_text(self, template: Template) -> str:
        run = self.finished
        lines = [t("result.answers")]
        for section in template.sections:
            lines.append(f"{section.id} {section.title}")
            for item in section.items:
                answer = describe_answer(item, run.answer_for(item.id))
                lines.append(f"  {item.id}  {answer}  {item.text}")
                if item.id in run.notes:
                    lines.append(f"      ✉ {run.notes[item.id]}")
        return "\n".join(lines)

    def _amendments_text(self) -> str:
        lines = [t("result.amendments")]
        for amendment in self.finished.amendments:
            changed = ", ".join(sorted(amendment.get("answers", {})))
            when = str(amendment.get("at", ""))[:16].replace("T", " ")
            by, why = amendment.get("by", ""), amendment.get("why", "")
            lines.append(t("result.amendment", at=when, by=by, why=why, items=changed))
        return "\n".join(lines)

    def action_amend(self) -> None:
        """Ask which item to correct (chosen from the checklist's items, each with its
        answer now; the first failed one is offered), the corrected answer, why and by
        whom; the amendment is added, the original answers kept."""
        from storeops.templates import Text

        ctx = context_of(self)
        run = self.finished
        template = ctx.runs.template_for(run)
        profile = ctx.profile
        items = []
        for item in template.items:
            shown = f"{item.id} · {describe_answer(item, run.answer_for(item.id))} · {item.text}"
            items.append((item.id, Text(shown, shown)))
        failed = [i for i, r in ctx.runs.score(run).items.items() if r.status == "fail"]
        first = failed[0] if failed else template.items[0].id if template.items else ""
        fields = [
            FormField("item", t("amend.item"), first, required=True, choices=tuple(items)),
            FormField("answer", t("amend.answer"), required=True, placeholder="y / n / x / 3"),
            FormField("why", t("amend.why"), required=True),
            FormField("by", t("amend.by"), profile.manager if profile else "", required=True),
        ]  # fmt: skip

        def parsed(values: Values) -> Answer:
            try:
                item = template.item(values["item"].strip())
            except KeyError:
                raise RunError(
                    t("run.err.unknown_item", item=values["item"], template=template.id)
                ) from None
            return parse_answer_text(item, values["answer"])

        def validate(values: Values) -> list[str]:
            try:
                parsed(values)
            except RunError as exc:
                return [str(exc)]
            return []

        def done(values: Values | None) -> None:
            if values is None:
                return
            try:
                ctx.runs.amend(self.finished, {values["item"].strip(): parsed(values)},
                               by=values["by"], why=values["why"])  # fmt: skip
            except (RunError, StorageError) as exc:
                self.notify(str(exc), severity="error")
                return
            self.notify(t("amend.saved"))
            self.refresh(recompose=True)

        intro = t("amend.intro")
        self.app.push_screen(
            FormScreen(t("key.amend"), fields, intro=intro, validate=validate), done
        )

    def action_close(self) -> None:
        self.dismiss(None)
