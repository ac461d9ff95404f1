"""The first screen: store and date, what is due today, drafts to resume, checklists to
start, what needs doing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from storeops.context import Context
from storeops.digest import Digest, dashboard_digest
from storeops.goals import CHECK_TEMPLATE, check_in_day, is_late
from storeops.i18n import pick, t
from storeops.rounding import one_decimal
from storeops.runs import Run, RunError
from storeops.schedules import StoreSchedules
from storeops.storage import SetAside, StorageError
from storeops.tui.access import (
    ResumeRun,
    StartRequest,
    StartRun,
    context_of,
    store_app,
    today_of,
)
from storeops.tui.keys import localize_bindings
from storeops.tui.widgets.due_list import DUE_PREFIX, MORE, DueList, heading, summary
from storeops.tui.widgets.footer import KeyFooter
from storeops.tui.widgets.lists import KeyList

DRAFT = "draft:"
TEMPLATE = "template:"


class TemplateList(KeyList):
    """Drafts to resume, then checklists to start; enter opens the highlighted one, d
    discards a draft (after asking)."""

    BINDINGS = [
        Binding("enter", "select", "key.open", id="dashboard.open"),
        Binding("d", "discard", "key.discard", id="dashboard.discard"),
    ]

    @dataclass
    class Discard(Message):
        """d on a draft: the dashboard asks, then discards it."""

        run_id: str

    def _draft_id(self) -> str:
        """The highlighted draft's run id ("" on anything else)."""
        option = self.highlighted_option
        option_id = (option.id if option is not None else None) or ""
        return option_id.removeprefix(DRAFT) if option_id.startswith(DRAFT) else ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "discard":  # shown on a draft only
            return bool(self._draft_id())
        return True

    def action_discard(self) -> None:
        if self._draft_id():
            self.post_message(self.Discard(self._draft_id()))


class DashboardScreen(Screen[None]):
    """Store and date at the top, then what is due today (tab reaches it), work on the
    left, scores and actions on the right."""

    AUTO_FOCUS = "#templates"
    BINDINGS = [
        Binding("h", "app.history", "key.history", id="dashboard.history"),
        Binding("a", "app.actions", "key.actions", id="dashboard.actions"),
        Binding("r", "app.reports", "key.reports", id="dashboard.reports"),
        Binding("g", "app.goals", "key.goals", id="dashboard.goals"),
        Binding("c", "app.team", "key.team", id="dashboard.team"),
        Binding("v", "app.complaints", "key.complaints", id="dashboard.complaints"),
        # Listed from the most used: when the footer is short of room it drops the last
        # ones whole (q, then s …); ? stays, and the help lists every key.
        Binding("l", "app.toggle_language", "key.language", id="dashboard.language"),
        Binding("s", "app.setup", "key.setup", id="dashboard.setup"),
        Binding("question_mark", "app.help", "key.help", id="dashboard.help"),
        Binding("q", "app.quit", "key.quit", id="dashboard.quit"),
        # Named in the banner of data problems (shown only when there are some) and in
        # the help, where the screen's own keys come first.
        Binding("p", "problems", "key.problems", id="dashboard.problems", show=False),
        Binding("x", "hide_problems", "key.hide_problems", id="dashboard.hide", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(id="dashboard")
        self._schedules: StoreSchedules | None = None  # the store's, read when composed
        localize_bindings(self)

    @property
    def ctx(self) -> Context:
        return context_of(self)

    def compose(self) -> ComposeResult:
        ctx = self.ctx
        profile = ctx.profile
        today = today_of(self)
        # Read first (drafts, and the figures from a small digest: five years open as fast
        # as none), so the banner names whatever could not be read on the way.
        options = self._options()
        digest = dashboard_digest(ctx, today)
        yield Header(show_clock=False, icon="☰")
        banner = self._banner_text()
        if banner:
            yield Static(banner, id="data-problems", markup=False)
        with Horizontal(id="dash-top"):
            if profile is not None:
                yield Static(
                    t("dash.store", code=profile.store_code, name=profile.store_name,
                      manager=profile.manager),
                    id="dash-store", markup=False,
                )  # fmt: skip
            yield Static(
                t("dash.today", date=today.isoformat(), weekday=t(f"weekday.{today.weekday()}")),
                id="dash-today",
            )
        yield from self._due(digest)
        with Horizontal(id="dash-main"):
            with Vertical(id="dash-left"):
                if options:
                    yield TemplateList(*options, id="templates")
                else:
                    yield Static(t("dash.no_templates"), classes="warning")
            # The figures scroll (tab reaches them) when they are more than 80×24 holds.
            with VerticalScroll(id="dash-right"):
                yield Static(self._goal_text(digest), id="dash-goal", markup=False)
                yield Static(self._scores_text(digest), id="dash-scores", markup=False)
                yield Static(self._actions_text(digest), id="dash-actions", markup=False)
                yield Static("", id="template-detail", markup=False)
                problems = [str(p) for p in ctx.catalogue.problems]
                if problems:
                    yield Static(t("dash.problems"), classes="panel-title warning")
                    yield Static("\n".join(problems), id="template-problems", markup=False)
        # The palette (ctrl+p) is in the help; its hint would push "q Quit" off an 80-column footer.
        yield KeyFooter()

    # --- what is due ----------------------------------------------------------------------

    def _due(self, digest: Digest) -> ComposeResult:
        """What is due today: a title that counts it, the lines still to do (enter starts
        one), and under them what is done and this month's runs on time."""
        titles = {lt.template.id: str(lt.template.title) for lt in self.ctx.catalogue.sorted()}
        with Vertical(id="dash-due"):
            yield Static(heading(digest.due), id="due-title", markup=False)
            due = DueList(digest.due, titles, id="due")
            due.display = bool(due.entries)
            yield due
            below = summary(digest.due, digest.on_time, titles)
            if below:
                yield Static(below, id="due-summary", markup=False)
            # A hand edit of schedules.json that could not be read is named (the rest is
            # used): a small file, read again at each redraw.
            self._schedules = self.ctx.schedules.read()
            if self._schedules.problems:
                yield Static("\n".join(str(p) for p in self._schedules.problems),
                             id="due-problems", classes="warning", markup=False)  # fmt: skip

    def _due_detail(self, template_id: str) -> str:
        """A due line's detail: its schedule (the store's own, else the template's), how
        many runs this period has and needs, and why it is due."""
        from storeops.schedules import describe

        if self._schedules is None:  # composed before any could be read
            self._schedules = self.ctx.schedules.read()
        template = self.ctx.catalogue.get(template_id)
        schedule = describe(self._schedules.effective(template))
        lines = [str(template.title), t("dash.due.schedule", schedule=schedule)]
        entry = next((d for d in self.query_one(DueList).entries
                      if d.template_id == template_id), None)  # fmt: skip
        if entry is not None and entry.needed:
            lines.append(t("dash.due.progress", done=entry.done, needed=entry.needed))
        if entry is not None and entry.reason == "re-audit":
            lines.append(t("dash.due.reaudit"))
        return "\n".join(lines)

    # --- data that could not be read ----------------------------------------------------

    def _data_problems(self) -> list[SetAside]:
        """Everything found so far that could not be read: files and records set aside,
        files moved aside by an earlier session, and this session's unreadable caches and
        archived templates (no gap in the data, but a file to look at)."""
        store = self.ctx.store
        return [*store.gaps(), *(s for s in store.set_aside.values() if not s.kind)]

    def _banner_text(self) -> str:
        """A banner that stays until the manager opens the details or hides it: what could
        not be read, by file. Empty when there is nothing to show."""
        found = self._data_problems()
        if len(found) <= store_app(self).problems_hidden:
            return ""
        root = self.ctx.store.root
        files = list(dict.fromkeys(_shown_path(gap.path, root) for gap in found))
        return t("dash.data.banner", count=len(found), files=", ".join(files))

    def refresh_banner(self) -> None:
        """Show, update or take away the banner (after something more was read)."""
        text = self._banner_text()
        banners = self.query("#data-problems")
        if banners:
            if text:
                banners.first(Static).update(text)
            else:
                banners.remove()
        elif text:
            self.mount(Static(text, id="data-problems", markup=False), after=self.query_one(Header))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "problems":
            return bool(self._data_problems())
        if action == "hide_problems":
            return bool(self.query("#data-problems"))
        return True

    def action_problems(self) -> None:
        """The details: every problem in full, and what to do about it."""
        from storeops.tui.screens.problems import ProblemsScreen

        found = self._data_problems()
        self.app.push_screen(ProblemsScreen([str(gap) for gap in found]))
        self._hide(len(found))

    def action_hide_problems(self) -> None:
        self._hide(len(self._data_problems()))

    def _hide(self, count: int) -> None:
        """Hide the banner until something else is found that cannot be read."""
        store_app(self).problems_hidden = count
        for banner in self.query("#data-problems"):
            banner.remove()

    def _options(self) -> list[Option]:
        ctx = self.ctx
        options: list[Option] = []
        drafts = [run for run in ctx.runs.drafts() if run.template_id in ctx.catalogue]
        if drafts:
            options.append(Option(t("dash.drafts"), disabled=True))
            for run in drafts:
                options.append(Option(self._draft_label(run), id=f"{DRAFT}{run.id}"))
        loaded = ctx.catalogue.sorted()
        if loaded:
            options.append(Option(t("dash.templates"), disabled=True))
            for lt in loaded:
                tpl = lt.template
                options.append(Option(f"{tpl.title}", id=f"{TEMPLATE}{tpl.id}"))
        return options

    def _draft_label(self, run: Run) -> str:
        """Checklist, who, when it was started, how far; a check-in says the day it is
        for (a late one is started after its day), not when it was started."""
        template = self.ctx.catalogue.get(run.template_id)
        who = run.subject or run.auditor
        answered, total = len(run.answers), len(template.items)
        day = check_in_day(run) if run.template_id == CHECK_TEMPLATE else None
        if day is not None:
            key = "dash.draft.late" if is_late(run) else "dash.draft.day"
            return t(key, title=template.title, who=who, day=day.isoformat(),
                     answered=answered, total=total)  # fmt: skip
        when = run.started_at[:16].replace("T", " ")
        return t("dash.draft", title=template.title, who=who, when=when, answered=answered,
                 total=total)  # fmt: skip

    # --- discarding a draft -----------------------------------------------------------

    def on_template_list_discard(self, message: TemplateList.Discard) -> None:
        """Ask, then throw the draft away (y or enter; n or escape keeps it)."""
        from storeops.tui.screens.ask import AskScreen, Reply

        try:
            run = self.ctx.runs.get(message.run_id)
        except RunError as exc:
            self.notify(str(exc), severity="error")
            return
        question = t("dash.discard.question", draft=self._draft_label(run))
        raised = len(self.ctx.actions.find(today=today_of(self), run_id=run.id))
        if raised:
            question += "\n\n" + t("dash.discard.actions", count=raised)
        replies = [Reply("discard", ("y",), t("dash.discard.yes")),  # enter too (the first)
                   Reply("keep", ("n",), t("dash.discard.no"))]  # fmt: skip

        def answered(reply: str | None) -> None:
            if reply == "discard":
                self._discard(run)

        self.app.push_screen(AskScreen(t("dash.discard.title"), question, replies), answered)

    def _discard(self, run: Run) -> None:
        try:
            self.ctx.runs.discard(run)
        except (RunError, StorageError) as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.notify(t("dash.discarded", title=self.ctx.catalogue.get(run.template_id).title))
        self.call_later(self.redraw)

    def _goal_text(self, digest: Digest) -> str:
        goal = digest.goal
        lines = [t("dash.goal", number=goal.week, goal=goal.goal) if goal.goal
                 else t("dash.goal.none")]  # fmt: skip
        lines.append(t("dash.checked_in") if goal.checked_in else t("dash.not_checked_in"))
        rate = "—" if goal.rate is None else f"{goal.rate:.0f}%"
        lines.append(t("dash.week_rate", rate=rate, threshold=f"{goal.threshold:g}",
                       streak=goal.streak))  # fmt: skip
        return "\n".join(lines)

    def _scores_text(self, digest: Digest) -> str:
        lines = [t("dash.last_scores")]
        for lt in self.ctx.catalogue.sorted():
            latest = digest.latest_for(lt.template.id)
            if latest is None:
                continue
            band = pick(*latest.band)
            score = "—" if latest.score is None else one_decimal(latest.score)
            lines.append(t("dash.last", title=lt.template.title, score=score, band=band,
                           date=latest.finished_at[:10]))  # fmt: skip
        if len(lines) == 1:
            lines.append(t("dash.last_none"))
        return "\n".join(lines)

    def _actions_text(self, digest: Digest) -> str:
        actions = digest.actions
        lines = [t("dash.actions", open=actions.open, overdue=actions.overdue)]
        for due, owner, description in actions.first_overdue:
            lines.append(t("dash.overdue", due=due, owner=owner, description=description))
        if digest.waiting:
            lines.append(t("dash.waiting", count=digest.waiting))
        calls = self._calls_due()
        if calls:
            lines.append(t("dash.calls_due", count=calls))
        return "\n".join(lines)

    def _calls_due(self) -> int:
        """Follow-up calls to complainants due today or earlier (the complaint log, ``v``)."""
        from storeops.complaints import ComplaintBook, follow_ups_due

        ctx = context_of(self)
        return len(follow_ups_due(ComplaintBook(ctx.store).all(), today_of(self)))

    def on_mount(self) -> None:
        self._show_detail(self._highlighted_id())

    async def redraw(self) -> None:
        """Recompose (language, new drafts or scores), keeping the focus on the list."""
        await self.recompose()
        lists = self.query(TemplateList)
        if lists:
            lists.first().focus()
        self._show_detail(self._highlighted_id())

    def _highlighted_id(self, kind: type[OptionList] = TemplateList) -> str | None:
        lists = self.query(kind)
        if not lists:
            return None
        option = lists.first().highlighted_option
        return option.id if option is not None else None

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The detail follows the list that has the focus (the due list or the checklists)."""
        if isinstance(event.widget, DueList | TemplateList):
            self._show_detail(self._highlighted_id(type(event.widget)))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.has_focus or isinstance(event.option_list, TemplateList):
            self._show_detail(event.option.id)
        self.refresh_bindings()  # d (discard) is there on a draft only

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id == MORE:
            event.option_list.focus()
            self.query_one(DueList).unfold()
        elif option_id.startswith(DUE_PREFIX):
            self.post_message(StartRun(StartRequest(option_id.removeprefix(DUE_PREFIX))))
        elif option_id.startswith(TEMPLATE):
            self.post_message(StartRun(StartRequest(option_id.removeprefix(TEMPLATE))))
        elif option_id.startswith(DRAFT):
            run = self.ctx.runs.get(option_id.removeprefix(DRAFT))
            self.post_message(ResumeRun(run))

    def _show_detail(self, option_id: str | None) -> None:
        catalogue = self.ctx.catalogue
        text = ""
        if option_id and option_id.startswith(TEMPLATE):
            template = catalogue.get(option_id.removeprefix(TEMPLATE))
            text = t(
                "dash.template_detail", title=template.title, version=template.version,
                sections=len(template.sections), items=len(template.items),
            )  # fmt: skip
            if str(template.description):
                text += f"\n{template.description}"
        elif option_id and option_id.startswith(DRAFT):
            text = t("dash.draft_detail")
        elif option_id and option_id.startswith(DUE_PREFIX):
            text = self._due_detail(option_id.removeprefix(DUE_PREFIX))
        self.query_one("#template-detail", Static).update(text)


def _shown_path(path: Path, root: Path) -> str:
    """A data file as the banner names it: relative to the data folder."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
