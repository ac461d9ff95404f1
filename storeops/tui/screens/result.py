"""After finishing: scores against the previous run, the trend, failed points and actions."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from storeops.history import previous_of, score_trend, section_changes, sparkline
from storeops.i18n import t
from storeops.runs import Run
from storeops.tui.keys import localize_bindings
from storeops.tui.widgets.summary import critical_failures


class ResultScreen(Screen[None]):
    """A finished run, read-only, compared with the one before it."""

    BINDINGS = [
        Binding("escape,q", "close", "key.close", id="result.close"),
    ]

    def __init__(self, finished: Run) -> None:
        super().__init__(id="result")
        self.finished = finished
        localize_bindings(self)

    def compose(self) -> ComposeResult:
        ctx = self.app.ctx  # type: ignore[attr-defined]
        runs = ctx.runs
        run = self.finished
        template = runs.template_for(run)
        result = runs.score(run)
        history = runs.finished(template_id=run.template_id, subject=run.subject or None)
        before = previous_of(history, run)
        before_result = runs.score(before) if before else None
        yield Header(show_clock=False, icon="☰")
        with VerticalScroll(id="result-body"):
            band = result.band.label if result.band else ""
            score = "—" if result.score is None else f"{result.score:.1f}"
            yield Static(t("result.headline", title=template.title, score=score, band=band,
                           when=(run.finished_at or "")[:16].replace("T", " "),
                           by=run.signed_off_by or ""),
                         id="result-headline", markup=False)  # fmt: skip
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
                    arrow = f"  ▲ +{change.delta:.1f}"
                elif change.delta < -0.05:
                    arrow = f"  ▼ {change.delta:.1f}"
                else:
                    arrow = "  ="
                lines.append(f"  {section.title}: {now}{arrow}")
            yield Static("\n".join(lines), id="result-sections", markup=False)
            trend = score_trend(runs, history)
            if len(trend) > 1:
                values = [score for _, score in trend]
                shown = " ".join("—" if v is None else f"{v:.0f}" for v in values)
                yield Static(t("result.trend", count=len(trend), spark=sparkline(values),
                               scores=shown), id="result-trend", markup=False)  # fmt: skip
            actions = {
                a.item_id: a for a in ctx.actions.find(today=self.app.today(), run_id=run.id)
            }  # type: ignore[attr-defined]
            failed = [
                template.item(item_id) for item_id, r in result.items.items() if r.status == "fail"
            ]
            lines = [t("result.failed", count=len(failed))] if failed else [t("result.no_failed")]
            for item in failed:
                action = actions.get(item.id)
                follow = (
                    t("result.action", owner=action.owner, due=action.due,
                      description=action.description)
                    if action else t("result.no_action")
                )  # fmt: skip
                lines.append(f"  ✗ {item.id} {item.text}\n      {follow}")
            yield Static("\n".join(lines), id="result-failed", markup=False)
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
