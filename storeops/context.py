"""One factory that opens everything a session needs, shared by the CLI, the TUI and tests."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from storeops.clock import Clock
from storeops.i18n import LANGUAGES, set_language
from storeops.locations import bundled_templates_dir, resolve_data_dir
from storeops.profile import PROFILE_FILE, StoreProfile, load_profile, save_profile
from storeops.storage import DataStore, read_sources
from storeops.templates import TemplateCatalogue, load_catalogue

if TYPE_CHECKING:
    from storeops.actions import ActionBook
    from storeops.goals import GoalBook, GoalExample
    from storeops.runs import RunBook
    from storeops.schedules import ScheduleBook
    from storeops.staff import StaffBook


class Context:
    """The open data folder, the store profile and the templates.

    The books (runs, actions, staff, goals) are made on first use, so a command that
    only lists templates does not import the scoring and history modules.
    """

    def __init__(
        self,
        data_dir: Path,
        store: DataStore,
        profile: StoreProfile | None,
        catalogue: TemplateCatalogue,
        language: str,
    ) -> None:
        self.data_dir = data_dir
        self.store = store
        self.profile = profile
        self.catalogue = catalogue
        self.language = language

    @property
    def clock(self) -> Clock:
        """The one clock every book, screen and command asks for now and today."""
        return self.store.clock

    @cached_property
    def runs(self) -> RunBook:
        from storeops.runs import RunBook

        return RunBook(self.store, self.catalogue)

    @cached_property
    def actions(self) -> ActionBook:
        from storeops.actions import ActionBook

        return ActionBook(self.store)

    @cached_property
    def schedules(self) -> ScheduleBook:
        from storeops.schedules import ScheduleBook

        return ScheduleBook(self.store)

    @cached_property
    def staff(self) -> StaffBook:
        from storeops.staff import StaffBook

        return StaffBook(self.store)

    @cached_property
    def goals(self) -> GoalBook:
        from storeops.goals import GoalBook

        return GoalBook(self.store)

    @property
    def problems(self) -> list[str]:
        """Data warnings (unreadable files moved aside, …) to show the user."""
        return self.store.problems

    def read_everything(self) -> None:
        """Read every record of every kind once (history months the index does not vouch
        for, drafts, actions, staff, goal plans), so that each one that cannot be read is
        set aside and named in :attr:`problems` (for the doctor)."""
        self.runs.index.entries()
        self.runs.drafts()
        self.actions.all()
        self.staff.all(include_inactive=True)
        self.goals.all()
        from storeops.complaints import ComplaintBook

        ComplaintBook(self.store).all()

    def reload_templates(self) -> None:
        self.catalogue = load_catalogue(self.profile.templates_dir if self.profile else None)
        if "runs" in self.__dict__:
            self.runs.catalogue = self.catalogue

    def save_profile(self, profile: StoreProfile) -> StoreProfile:
        self.profile = save_profile(self.store, profile)
        self.reload_templates()
        return self.profile

    def goal_examples(self) -> list[GoalExample]:
        """The sample weekly goals shipped with storeops (seed 002's examples)."""
        from storeops.goals import parse_examples

        [source] = read_sources([bundled_templates_dir() / "samples" / "goal-examples.toml"])
        return parse_examples(source)

    def close(self) -> None:
        self.store.close()


def _peek_language(data_dir: Path) -> str | None:
    """The profile's language, read before opening so early messages use it."""
    data = DataStore(data_dir, readonly=True).read_json(PROFILE_FILE)
    lang = (data or {}).get("language")
    return lang if lang in LANGUAGES else None


def open_context(
    data_dir: str | Path | None = None,
    *,
    readonly: bool = False,
    lang: str | None = None,
    clock: Clock | None = None,
    wait: float = 0.0,
    on_wait: Callable[[str], None] | None = None,
) -> Context:
    """Open the data folder (locked unless ``readonly``) and load profile and templates.

    Language: ``lang`` if given, else the store profile's, else English. Clock: ``clock``
    if given, else the system clock (or the one ``STOREOPS_NOW`` pins). A writer waits up to
    ``wait`` seconds for another copy of storeops to free the folder (see
    :meth:`DataStore.open`).
    """
    root = resolve_data_dir(data_dir)
    language = lang or _peek_language(root) or "en"
    set_language(language)
    store = DataStore.open(
        root, readonly=readonly, clock=clock or Clock.from_env(), wait=wait, on_wait=on_wait
    )
    try:
        profile = load_profile(store)
        catalogue = load_catalogue(profile.templates_dir if profile else None)
        context = Context(root, store, profile, catalogue, language)
        if not readonly:
            # Read (and check) the drafts first: one that cannot be read is set aside,
            # so the recovery of interrupted finishes never meets it.
            context.runs.drafts()
            context.runs.recover_finished()
    except BaseException:
        store.close()
        raise
    return context
