"""The first screen: store, date, and the checklists that can be started."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from storeops.i18n import t
from storeops.tui.keys import localize_bindings


class TemplateList(OptionList):
    """The checklists; enter starts the highlighted one."""

    BINDINGS = [
        Binding("enter", "select", "key.start", id="dashboard.start"),
        Binding("j", "cursor_down", show=False),
        Binding("k", "cursor_up", show=False),
    ]

    def __init__(self, *options: Option, id: str | None = None) -> None:
        super().__init__(*options, id=id)
        localize_bindings(self)


class DashboardScreen(Screen[None]):
    """Store and date at the top, checklists on the left, details and warnings on the right."""

    AUTO_FOCUS = "#templates"
    BINDINGS = [
        Binding("s", "app.setup", "key.setup", id="dashboard.setup"),
        Binding("l", "app.toggle_language", "key.language", id="dashboard.language"),
        Binding("question_mark", "app.help", "key.help", id="dashboard.help"),
        Binding("q", "app.quit", "key.quit", id="dashboard.quit"),
    ]

    def __init__(self) -> None:
        super().__init__(id="dashboard")
        localize_bindings(self)

    @property
    def ctx(self):  # type: ignore[no-untyped-def]
        return self.app.ctx  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        ctx = self.ctx
        profile = ctx.profile
        today = self.app.today()  # type: ignore[attr-defined]
        yield Header(show_clock=False, icon="☰")
        with Vertical(id="dash-top"):
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
        with Horizontal(id="dash-main"):
            with Vertical(id="dash-left"):
                yield Static(t("dash.templates"), classes="panel-title")
                options = [
                    Option(f"{tpl.title}  ({t('dash.items', count=len(tpl.items))})", id=tpl.id)
                    for tpl in (lt.template for lt in ctx.catalogue.sorted())
                ]
                if options:
                    yield TemplateList(*options, id="templates")
                else:
                    yield Static(t("dash.no_templates"), classes="warning")
            with Vertical(id="dash-right"):
                yield Static("", id="template-detail", markup=False)
                problems = [str(p) for p in ctx.catalogue.problems]
                if problems:
                    yield Static(t("dash.problems"), classes="panel-title warning")
                    yield Static("\n".join(problems), id="template-problems", markup=False)
                if ctx.problems:
                    yield Static(t("dash.storage_problems"), classes="panel-title warning")
                    yield Static("\n".join(ctx.problems), id="storage-problems", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._show_detail(None)

    async def redraw(self) -> None:
        """Recompose in the current language, keeping the focus on the checklists."""
        await self.recompose()
        self._show_detail(None)
        lists = self.query(TemplateList)
        if lists:
            lists.first().focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_detail(event.option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.start_run(event.option.id)  # type: ignore[attr-defined]

    def _show_detail(self, template_id: str | None) -> None:
        catalogue = self.ctx.catalogue
        if template_id is None:
            loaded = catalogue.sorted()
            if not loaded:
                return
            template_id = loaded[0].template.id
        template = catalogue.get(template_id)
        text = t(
            "dash.template_detail", title=template.title, version=template.version,
            sections=len(template.sections), items=len(template.items),
        )  # fmt: skip
        if str(template.description):
            text += f"\n\n{template.description}"
        self.query_one("#template-detail", Static).update(text)
