"""The storeops Textual app: composes screens and holds the app-wide actions."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from storeops.context import Context
from storeops.goals import CHECK_TEMPLATE, GoalError, check_in_header, existing_check_in
from storeops.header_values import check_header
from storeops.i18n import current_language, set_language, t
from storeops.profile import StoreProfile
from storeops.runs import Run
from storeops.storage import StorageError, inside
from storeops.templates import HeaderField, Template
from storeops.tui.access import ResumeRun, ShowResult, StartRequest, StartRun
from storeops.tui.keys import key_lines, localize_bindings
from storeops.tui.no_controls import NoControls
from storeops.tui.screens.dashboard import DashboardScreen

if TYPE_CHECKING:
    from textual.filter import LineFilter

    from storeops.export_service import ExportRequest
    from storeops.tui.widgets.form import Values

# Screens other than the dashboard are imported when first opened: the app then starts
# without paying for DataTable, Input, RadioSet … (measured in benchmarks/run.py).


class StoreOpsApp(App[None]):
    """One app per open data folder; every screen reaches the domain through ``ctx``."""

    CSS_PATH = "app.tcss"
    TITLE = "storeops"
    BINDINGS = [
        Binding("f1", "help", "key.help", show=False, id="app.help"),
        Binding("ctrl+q", "quit", "key.quit", show=False, id="app.quit"),
    ]

    def __init__(
        self,
        ctx: Context,
        *,
        start: StartRequest | None = None,
    ) -> None:
        """``start`` opens a checklist (or a day's check-in) at once."""
        super().__init__()
        self._no_controls = NoControls()
        self.ctx = ctx
        self.start = start
        self.crash: BaseException | None = None  # the error that ended the app, if one did
        self.problems_hidden = 0  # data problems the manager hid (the banner's x)
        localize_bindings(self)
        self._set_titles()

    def _handle_exception(self, error: Exception) -> None:
        """An error nothing caught ends the app, as in Textual, but its traceback is kept
        for the crash log the command line writes (``app.crash``), never drawn on the
        screen the manager is looking at."""
        if self.crash is None:
            self.crash = error
        super()._handle_exception(error)
        self._exit_renderables.clear()

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then :class:`NoControls`: nothing from a file ever reaches the
        terminal as an escape sequence."""
        return [*super().get_line_filters(), self._no_controls]

    def today(self) -> date:
        """Today by the context's clock (tests pin it)."""
        return self.ctx.clock.today()

    # --- start-up -----------------------------------------------------------

    check_delay = 2.0  # seconds after start before the background check (tests: 0)

    def get_default_screen(self) -> Screen[None]:
        """The dashboard is the bottom screen (not pushed over Textual's blank one)."""
        return DashboardScreen()

    def on_mount(self) -> None:
        # Every record is read once in the background, a moment after the dashboard shows
        # (it reads only its digest): whatever cannot be read joins its banner. Started at
        # once, reading five years' index competed with the first frames for the CPU.
        if self.check_delay > 0:
            self.set_timer(self.check_delay, self._start_reading_everything)
        else:
            self.call_after_refresh(self._start_reading_everything)
        if self.ctx.profile is None:
            from storeops.tui.screens.setup import SetupScreen

            self.push_screen(SetupScreen(None, first_run=True), self._first_setup_done)
        elif self.start is not None:
            self._start_from_shell()
        elif self.ctx.runs.drafts():
            self.notify(t("dash.resume_offer"), timeout=8)

    def _start_reading_everything(self) -> None:
        self.run_worker(self._read_everything, thread=True, group="check", name="check-data")

    def _read_everything(self) -> None:
        found = len(self.ctx.store.gaps())
        self.ctx.read_everything()
        if len(self.ctx.store.gaps()) != found:
            with suppress(RuntimeError):  # the app closed meanwhile
                self.call_from_thread(self.show_data_problems)

    def show_data_problems(self) -> None:
        """Bring the dashboard's banner of data that could not be read up to date."""
        for screen in self.screen_stack:
            if isinstance(screen, DashboardScreen):
                screen.refresh_banner()

    def _start_from_shell(self) -> None:
        """``storeops run TEMPLATE --auditor A --subject S``: header options by role."""
        assert self.start is not None
        self.post_message(StartRun(self.start))

    def _set_titles(self) -> None:
        self.title = t("app.title")
        profile = self.ctx.profile
        store = f"{profile.store_code} {profile.store_name}" if profile else ""
        self.sub_title = t("app.subtitle", store=store, date=self.today().isoformat())

    def _first_setup_done(self, profile: StoreProfile | None) -> None:
        from storeops.tui.screens.setup import SetupScreen

        if profile is None:  # escape on first launch: nothing to work with yet
            self.exit()
            return
        if not self._save_profile(profile):
            self.push_screen(SetupScreen(profile, first_run=True), self._first_setup_done)
        elif self.start is not None:
            self._start_from_shell()

    def _save_profile(self, profile: StoreProfile) -> bool:
        try:
            self.ctx.save_profile(profile)
        except (StorageError, ValueError) as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return False
        if profile.language != current_language():
            set_language(profile.language)
        self.refresh_language()
        self.notify(t("setup.saved"))
        return True

    # --- app-wide actions ---------------------------------------------------

    def action_setup(self) -> None:
        from storeops.tui.screens.setup import SetupScreen

        def done(profile: StoreProfile | None) -> None:
            if profile is not None:
                self._save_profile(profile)

        self.push_screen(SetupScreen(self.ctx.profile), done)

    def action_help(self) -> None:
        from storeops.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            extra = getattr(self.screen, "help_text", None)
            text = extra() if callable(extra) else ""
            keys = key_lines(self.screen)
            self.push_screen(HelpScreen(str(self.ctx.data_dir), text, keys))

    def action_toggle_language(self) -> None:
        language = "zh" if current_language() == "en" else "en"
        set_language(language)
        profile = self.ctx.profile
        if profile is not None and profile.language != language:
            try:
                # replace(): every other setting (attributes, after-sales) is kept
                self.ctx.save_profile(dataclasses.replace(profile, language=language))
            except (StorageError, ValueError) as exc:
                self.notify(str(exc), severity="error", timeout=10)
        self.refresh_language()

    def refresh_language(self) -> None:
        """Redraw every screen and footer in the current language."""
        self._set_titles()
        localize_bindings(self)
        for screen in self.screen_stack:
            localize_bindings(screen)
            for widget in screen.walk_children():
                localize_bindings(widget)
            if isinstance(screen, DashboardScreen):
                self.call_later(screen.redraw)
        # A recomposed footer subscribes to bindings on mount: signal it after that.
        self.call_after_refresh(self.refresh_bindings)

    # --- runs ---------------------------------------------------------------

    def start_run(self, template_id: str, header: dict[str, str] | None = None) -> None:
        """Ask for the template's header fields not given yet, then open the runner."""
        from storeops.tui.widgets.form import FormScreen, header_form_field

        if template_id == CHECK_TEMPLATE and not header:
            self.check_in(self.today())
            return
        template = self.ctx.catalogue.get(template_id)
        given = {k: v for k, v in (header or {}).items() if v}
        missing = [f for f in template.header if f.id not in given]
        if not any(f.required for f in missing):
            self._begin(template_id, given)
            return
        names = tuple(self.ctx.staff.names())
        fields = [header_form_field(f, self._header_default(template_id, f), names)
                  for f in missing]  # fmt: skip

        def validate(values: Values) -> list[str]:
            _, problems = check_header(template, values, self.today(), existing=given)
            labels = {f.id: str(f.text) for f in template.header}
            return [f"{labels.get(key, key)}: {message}" for key, message in problems]

        def done(values: Values | None) -> None:
            if values is not None:
                self._begin(template_id, {**given, **values})

        form = FormScreen(str(template.title), fields, intro=t("run.header.intro"),
                          validate=validate)  # fmt: skip
        self.push_screen(form, done)

    def _header_default(self, template_id: str, header_field: HeaderField) -> str:
        """The auditor is filled in: whoever did this checklist last, else the manager;
        a date (the visit date) is today."""
        if header_field.type == "date":
            return self.today().isoformat()
        if header_field.role != "auditor":
            return ""
        latest = self.ctx.runs.latest(template_id, kind=None)
        if latest is not None and latest.auditor:
            return latest.auditor
        return self.ctx.profile.manager if self.ctx.profile else ""

    def _begin(self, template_id: str, header: dict[str, str]) -> None:
        profile = self.ctx.profile
        template = self.ctx.catalogue.get(template_id)
        try:
            run = self.ctx.runs.start(
                template, store_code=profile.store_code if profile else "", header=header
            )
            for header_field in template.header:
                if header_field.staff and header.get(header_field.id):
                    self.ctx.staff.remember(header[header_field.id])
        except StorageError as exc:
            self.notify(str(exc), severity="error", timeout=15)
            return
        self.resume_run(run)

    def check_in(self, day: date) -> None:
        """Open the daily check-in for ``day`` with this week's goal filled in; a day
        already started resumes, one already finished is shown."""
        if CHECK_TEMPLATE not in self.ctx.catalogue:
            self.notify(t("report.menu.none", template=CHECK_TEMPLATE), severity="warning")
            return
        existing = existing_check_in(self.ctx.runs, day)
        if existing is not None:
            if existing.finished:
                self.notify(t("goals.already", day=day.isoformat()))
                self.show_result(existing, back_to_dashboard=False)
            else:
                self.resume_run(existing)
            return
        profile = self.ctx.profile
        try:
            header = check_in_header(self.ctx.goals, day, self.today(),
                                     profile.manager if profile else "")  # fmt: skip
        except GoalError as exc:
            self.notify(str(exc), severity="warning")
            return
        if day < self.today():
            self.notify(t("goals.late", day=day.isoformat()))
        self.start_run(CHECK_TEMPLATE, header)

    def action_goals(self) -> None:
        from storeops.tui.screens.goals import GoalsScreen

        self.push_screen(GoalsScreen(), lambda _: self._back_on_dashboard())

    def on_start_run(self, message: StartRun) -> None:
        """A screen (or the command line) asks to start a checklist or a check-in."""
        request = message.request
        if request.check_in_day is not None:
            self.check_in(request.check_in_day)
            return
        template = self.ctx.catalogue.get(request.template_id)
        header = {f.id: request.by_role[f.role] for f in template.header
                  if request.by_role.get(f.role)}  # fmt: skip
        self.start_run(request.template_id, {**header, **request.header} or None)

    def on_resume_run(self, message: ResumeRun) -> None:
        self.resume_run(message.run)

    def on_show_result(self, message: ShowResult) -> None:
        self.show_result(message.run, back_to_dashboard=message.back_to_dashboard)

    def resume_run(self, run: Run) -> None:
        from storeops.tui.screens.runner import RunnerScreen

        self.push_screen(RunnerScreen(run), lambda _: self._back_on_dashboard())

    def show_result(self, run: Run, *, back_to_dashboard: bool = True) -> None:
        """Show a finished run; after finishing, closing it returns to a fresh dashboard."""
        from storeops.tui.screens.result import ResultScreen

        self.push_screen(
            ResultScreen(run), (lambda _: self._back_on_dashboard()) if back_to_dashboard else None
        )

    def action_history(self) -> None:
        from storeops.tui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen(), lambda _: self._back_on_dashboard())

    def action_actions(self) -> None:
        from storeops.tui.screens.actions import ActionsScreen

        self.push_screen(ActionsScreen(), lambda _: self._back_on_dashboard())

    def action_complaints(self) -> None:
        """The complaint log (the voice of the customer: 投诉, 三包, 回访)."""
        from storeops.tui.screens.complaints import ComplaintsScreen

        self.push_screen(ComplaintsScreen(), lambda _: self._back_on_dashboard())

    def log_complaint(self) -> None:
        """The complaint log with a new complaint's form open (from the palette)."""
        from storeops.tui.screens.complaints import ComplaintsScreen

        screen = ComplaintsScreen()
        self.push_screen(screen, lambda _: self._back_on_dashboard())
        self.call_after_refresh(screen.action_new)

    def action_reports(self) -> None:
        from storeops.tui.screens.reports import ReportsScreen

        self.push_screen(ReportsScreen(), self.open_report)

    def open_report(self, name: str | None) -> None:
        """Open a report by name (from the reports menu or the command palette)."""
        from storeops.tui.screens.analysis import ParetoScreen, TrendScreen
        from storeops.tui.screens.people import OBSERVATION_TEMPLATE, TeamScreen
        from storeops.tui.screens.visits import VISIT_TEMPLATE, LeagueScreen, VisitsScreen

        if name == "export":
            self.action_export()
            return
        if name in ("trend", "pareto"):
            screen = TrendScreen() if name == "trend" else ParetoScreen()
            self.push_screen(screen, lambda _: self._back_on_dashboard())
            return
        if name == "satisfaction":
            from storeops.survey_report import SURVEY_TEMPLATE
            from storeops.tui.screens.satisfaction import SatisfactionScreen

            if SURVEY_TEMPLATE not in self.ctx.catalogue:
                self.notify(t("report.menu.none", template=SURVEY_TEMPLATE), severity="warning")
                return
            self.push_screen(SatisfactionScreen(), lambda _: self._back_on_dashboard())
            return
        screens: dict[str, tuple[str, Callable[[Template], Screen[Any]]]] = {
            "team": (OBSERVATION_TEMPLATE, TeamScreen),
            "visits": (VISIT_TEMPLATE, VisitsScreen),
            "league": (VISIT_TEMPLATE, LeagueScreen),
        }
        if name not in screens:
            return
        template_id, make = screens[name]
        if template_id not in self.ctx.catalogue:
            self.notify(t("report.menu.none", template=template_id), severity="warning")
            return
        template = self.ctx.catalogue.get(template_id)
        self.push_screen(make(template), lambda _: self._back_on_dashboard())

    def action_export(self, previous: Values | None = None) -> None:
        """Ask what to export, into which folder, under which name. The name follows what
        the file holds (store, level, checklist, period) until the manager types one; a
        file already there is replaced only when they say so (see :meth:`_export_to`).
        ``previous``: the values to show again (back from that question)."""
        from storeops.export_service import FORMATS
        from storeops.exporting import LEVELS
        from storeops.tui.widgets.checks import period_problems
        from storeops.tui.widgets.form import FormField, FormScreen

        given = previous or {}
        checklists = tuple((lt.template.id, lt.template.title)
                           for lt in self.ctx.catalogue.sorted())  # fmt: skip
        fields = [
            FormField("level", t("export.f.level"), given.get("level", "run"), required=True,
                      choices=tuple((level, f"export.level.{level}") for level in LEVELS)),
            FormField("format", t("export.f.format"), given.get("format", "csv"), required=True,
                      choices=tuple((fmt, f"export.format.{fmt}") for fmt in FORMATS)),
            FormField("template", t("export.f.template"), given.get("template", ""),
                      choices=(("", "export.all_templates"), *checklists)),
            FormField("since", t("hist.filter.since"), given.get("since", ""),
                      placeholder="YYYY-MM-DD"),
            FormField("until", t("hist.filter.until"), given.get("until", ""),
                      placeholder="YYYY-MM-DD"),
            FormField("folder", t("export.f.folder"), given.get("folder", str(Path.home())),
                      required=True),
            FormField("name", t("export.f.name"), required=True,
                      value=given.get("name") or self._export_name({"level": "run",
                                                                    "format": "csv"})),
        ]  # fmt: skip

        def validate(values: Values) -> list[str]:
            problems = period_problems(values, self.ctx.catalogue)
            folder = Path(values["folder"]).expanduser()
            if not folder.is_dir():
                problems.append(t("export.err.folder", path=values["folder"]))
            elif inside(folder, self.ctx.data_dir):
                problems.append(t("export.err.data_folder", path=values["folder"]))
            if any(ch in values["name"] for ch in "/\\\0") or values["name"] in (".", ".."):
                problems.append(t("export.err.name", name=values["name"]))
            return problems

        def follow(values: Values) -> Values:
            name = self._export_name(values)
            return {"name": name} if name else {}

        def done(values: Values | None) -> None:
            if values is not None:
                self._export_to(values)

        form = FormScreen(t("report.menu.export"), fields, intro=t("export.intro"),
                          validate=validate, follow=follow)  # fmt: skip
        self.push_screen(form, done)

    def _export_request(self, values: Values) -> ExportRequest | None:
        """The export the form's values ask for (``None`` while a date is not one)."""
        from storeops.export_service import ExportRequest
        from storeops.exporting import Selection

        try:
            since, until = (date.fromisoformat(values[k]) if values.get(k) else None
                            for k in ("since", "until"))  # fmt: skip
        except ValueError:
            return None
        selection = Selection(values.get("template") or None, since, until)
        return ExportRequest(values.get("level", "run"), values.get("format", "csv"), selection)

    def _export_name(self, values: Values) -> str:
        """The file name that says what the export holds ("" while a date is not one)."""
        from storeops.export_service import default_path

        request = self._export_request(values)
        return "" if request is None else default_path(self.ctx, request, Path()).name

    def _export_to(self, values: Values) -> None:
        """Export into the folder and name of the form; a file of that name is there
        already: ask whether to save under a free name (enter), replace it (r) or go
        back to the form (escape)."""
        from storeops.export_service import free_path
        from storeops.tui.screens.ask import AskScreen, Reply

        request = self._export_request(values)
        assert request is not None  # the form checked the dates
        name = values["name"]
        if not name.casefold().endswith(f".{request.format}"):
            name += f".{request.format}"
        path = Path(values["folder"]).expanduser() / name
        if not path.exists() and not path.is_symlink():
            self.export_in_background(request, path.parent, name)
            return
        free = free_path(path)
        question = t("export.exists.question", name=path.name, folder=path.parent, free=free.name)
        replies = [Reply("free", ("enter",), t("export.exists.free")),
                   Reply("replace", ("r",), t("export.exists.replace")),
                   Reply("back", ("escape",), t("export.exists.back"))]  # fmt: skip

        def answered(reply: str | None) -> None:
            if reply in ("free", "replace"):
                self.export_in_background(request, path.parent, name, replace=reply == "replace")
            else:
                self.action_export({**values, "name": name})

        self.push_screen(AskScreen(t("export.exists.title"), question, replies), answered)

    def export_in_background(
        self, request: ExportRequest, folder: Path, name: str = "", *, replace: bool = False
    ) -> None:
        """Build and write the export in a thread; say where it went (or why not).

        ``name``: the file's name in ``folder`` (by default the one that says what it
        holds). A file of that name is replaced only with ``replace``; one made meanwhile
        is never replaced (the export takes a free name). An incomplete export is named
        so (``…-incomplete…``) and never replaces anything."""
        from storeops.export_service import build_export, default_path, free_path
        from storeops.exporting import ExportError
        from storeops.storage import write_file

        suggested = default_path(self.ctx, request, folder)
        path = folder / name if name else suggested

        def incomplete_path() -> Path:
            if path == suggested:
                return default_path(self.ctx, request, folder, incomplete=True)
            return path.with_name(f"{path.stem}-incomplete{path.suffix}")

        self.notify(t("export.working"), timeout=5)

        def work() -> None:
            try:
                result = build_export(self.ctx, request)
                incomplete = not result.complete
                if incomplete:
                    target = free_path(incomplete_path())
                else:
                    target = path if replace else free_path(path)
                written = write_file(target, result.payload, outside=self.ctx.data_dir)
            except (ExportError, StorageError) as exc:
                self.call_from_thread(self.notify, str(exc), severity="error", timeout=15)
                return
            if incomplete:
                # Written, named as incomplete; what is missing stays on the dashboard.
                message = t("export.incomplete", count=result.rows, path=written,
                            missing=len(result.gaps))  # fmt: skip
                self.call_from_thread(self.notify, message, severity="warning", timeout=30)
                self.call_from_thread(self._back_on_dashboard)
                return
            message = t("export.done", count=result.rows, path=written)
            self.call_from_thread(self.notify, message, timeout=15)

        self.run_worker(work, thread=True, exclusive=True, group="export", name="export")

    def action_team(self) -> None:
        self.open_report("team")

    def action_staff(self) -> None:
        from storeops.tui.screens.people import StaffScreen

        self.push_screen(StaffScreen())

    def _back_on_dashboard(self) -> None:
        if isinstance(self.screen, DashboardScreen):
            self.call_later(self.screen.redraw)

    # --- the command palette, in the current language ------------------------------------

    # Textual's own commands, by their English title: title and help in the catalogue.
    TEXTUAL_COMMANDS = {
        "Theme": ("cmd.sys.theme", "cmd.sys.theme.help"),
        "Quit": ("cmd.sys.quit", "cmd.sys.quit.help"),
        "Maximize": ("cmd.sys.maximize", "cmd.sys.maximize.help"),
        "Minimize": ("cmd.sys.minimize", "cmd.sys.minimize.help"),
        "Screenshot": ("cmd.sys.screenshot", "cmd.sys.screenshot.help"),
    }

    def action_command_palette(self) -> None:
        """Textual's palette, its prompt in the current language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            palette = CommandPalette(id="--command-palette", placeholder=t("cmd.palette.search"))
            self.push_screen(palette)

    def search_themes(self) -> None:
        """Textual's theme picker (the palette's Theme), its prompt in the current language."""
        from textual.command import CommandPalette
        from textual.theme import ThemeProvider

        self.push_screen(
            CommandPalette(providers=[ThemeProvider], placeholder=t("cmd.palette.themes"))
        )

    def _textual_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's commands (theme, quit, keys, maximize, screenshot) in the current
        language; the keys panel and the screenshot's message too."""
        for command in super().get_system_commands(screen):
            if command.title == "Keys":
                shown = bool(screen.query("HelpPanel"))
                yield command._replace(
                    title=t("cmd.sys.keys"),
                    help=t("cmd.sys.keys.hide" if shown else "cmd.sys.keys.show"),
                    callback=command.callback if shown else self._show_keys_panel,
                )
            elif command.title in self.TEXTUAL_COMMANDS:
                title, help_key = self.TEXTUAL_COMMANDS[command.title]
                screenshot = command.title == "Screenshot"
                yield command._replace(
                    title=t(title), help=t(help_key),
                    callback=self._screenshot_soon if screenshot else command.callback,
                )  # fmt: skip
            else:  # one a later Textual adds: shown as Textual words it
                yield command

    def _show_keys_panel(self) -> None:
        """Textual's keys panel, every key of the screen in the current language."""
        for widget in self.screen.walk_children():
            localize_bindings(widget)
        self.action_show_help_panel()

    def _screenshot_soon(self) -> None:
        self.set_timer(0.1, self._save_screenshot)  # once the palette has closed

    def _save_screenshot(self) -> None:
        """The screen as an SVG in the Downloads folder (as Textual saves it), said in the
        current language; named by the app's clock."""
        from platformdirs import user_downloads_path

        from storeops.export_service import free_path
        from storeops.storage import write_file

        name = f"storeops-{self.ctx.clock.now():%Y%m%d-%H%M%S}.svg"
        try:
            path = free_path(user_downloads_path() / name)
            path = write_file(path, self.export_screenshot().encode("utf-8"))
        except (StorageError, OSError) as exc:
            self.notify(t("cmd.sys.screenshot.failed", error=exc), severity="error")
            return
        self.notify(t("cmd.sys.screenshot.saved", path=path))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from self._textual_commands(screen)
        # (title, help, callback, the id of the screen it opens): a screen already open
        # (in the stack) is not offered again — it is there to go back to, and two screens
        # of one id cannot be open at once.
        commands: list[tuple[str, str, Callable[[], object], str | None]] = [
            (t("cmd.setup"), t("cmd.setup.help"), self.action_setup, None),
            (t("cmd.language"), t("cmd.language.help"), self.action_toggle_language, None),
            (t("cmd.help"), t("cmd.help.help"), self.action_help, None),
            (t("cmd.history"), t("cmd.history.help"), self.action_history, "history"),
            (t("cmd.actions"), t("cmd.actions.help"), self.action_actions, "actions"),
            (t("cmd.reports"), t("cmd.reports.help"), self.action_reports, None),
            (t("cmd.goals"), t("cmd.goals.help"), self.action_goals, "goals"),
            (t("cmd.check_in"), t("cmd.check_in.help"),
             lambda: self.check_in(self.today()), "runner"),
            (t("cmd.team"), t("cmd.team.help"), self.action_team, "team"),
            (t("cmd.complaints"), t("cmd.complaints.help"), self.action_complaints,
             "complaints"),
            (t("cmd.complaint_new"), t("cmd.complaint_new.help"), self.log_complaint,
             "complaints"),
        ]  # fmt: skip
        for name in ("trend", "pareto", "visits", "league", "satisfaction", "export"):
            commands.append((t(f"report.menu.{name}"), t(f"cmd.report.{name}.help"),
                             partial(self.open_report, name),
                             None if name == "export" else name))  # fmt: skip
        commands.append((t("cmd.staff"), t("cmd.staff.help"), self.action_staff, "staff"))
        for loaded in self.ctx.catalogue.sorted():
            title = str(loaded.template.title)
            commands.append((t("cmd.start", title=title), t("cmd.start.help", title=title),
                             partial(self.start_run, loaded.template.id), "runner"))  # fmt: skip
        open_ids = {s.id for s in self.screen_stack if s.id}
        for title, help_text, callback, opens in commands:
            if opens is None or opens not in open_ids:
                yield SystemCommand(title, help_text, callback)
