"""RunBook: drafts saved at once, answers checked, finishing, recovery, finding runs."""

from __future__ import annotations

import copy
import errno
import json
import math
import os
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from storeops.context import open_context
from storeops.i18n import current_language, set_language
from storeops.runs import INDEX_VERSION, Run, RunBook, RunError
from storeops.scoring import Answer
from storeops.storage import DataStore, FileOps, WriteFailed
from storeops.templates import (
    LoadedTemplate,
    Template,
    TemplateCatalogue,
    load_catalogue,
    template_from_data,
)

CST = timezone(timedelta(hours=8))
AUDITOR = {"auditor": "王芳"}
NOW = datetime(2026, 3, 14, 9, 30, tzinfo=CST)

FLOOR_WALK = {
    "id": "floor-walk",
    "version": 1,
    "title": {"en": "Floor walk", "zh": "巡店观察"},
    "header": [
        {"id": "observer", "role": "auditor", "text": "Observer"},
        {"id": "associate", "role": "subject", "text": "Associate"},
    ],
    "sections": [
        {
            "id": "SVC",
            "title": "Service",
            "items": [
                {"id": "greet", "type": "scale", "min": 1, "max": 5, "points": 5, "text": "Greet"},
                {"id": "smile", "type": "pass_fail", "text": "Smiles"},
            ],
        }
    ],
}


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    before = current_language()
    set_language("en")
    yield
    set_language(before)


@pytest.fixture(scope="module")
def six_s() -> Template:
    return load_catalogue().get("six-s")


@pytest.fixture(scope="module")
def floor_walk() -> Template:
    return template_from_data(FLOOR_WALK, "test:floor-walk")


@pytest.fixture
def catalogue(six_s: Template, floor_walk: Template) -> TemplateCatalogue:
    return _catalogue(six_s, floor_walk)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(root: Path) -> Iterator[DataStore]:
    with DataStore.open(root) as opened:
        yield opened


@pytest.fixture
def book(store: DataStore, catalogue: TemplateCatalogue) -> RunBook:
    return RunBook(store, catalogue)


def _catalogue(*templates: Template) -> TemplateCatalogue:
    return TemplateCatalogue({tpl.id: LoadedTemplate(tpl, True) for tpl in templates})


def _answer_required(book: RunBook, run: Run, template: Template, now: datetime = NOW) -> None:
    for item in template.items:
        if not item.required:
            continue
        value: bool | int | float = True
        if item.type == "number":
            value = 30.0
        elif item.type == "scale":
            value = item.max
        book.answer(run, item.id, Answer(value), now=now)


def _finished_run(
    book: RunBook, template: Template, finished: datetime, header: dict[str, str] | None = None
) -> Run:
    if header is None:
        header = {f.id: "店长" for f in template.header if f.required}
    run = book.start(template, store_code="SH-021", header=header, now=finished)
    _answer_required(book, run, template, now=finished)
    return book.finish(run, "店长", now=finished)


def _draft_on_disk(root: Path, catalogue: TemplateCatalogue, run_id: str) -> Run:
    """The run as a fresh, separate store reads it from disk."""
    with DataStore.open(root, readonly=True) as fresh:
        return RunBook(fresh, catalogue).get(run_id)


# --- drafts ---------------------------------------------------------------------


def test_start_saves_a_draft_with_header_and_auditor(
    book: RunBook, root: Path, six_s: Template, catalogue: TemplateCatalogue
) -> None:
    header = {"auditor": " 王芳 ", "staff_on_duty": "李雷", "photos": "  "}
    run = book.start(six_s, store_code="SH-021", header=header, now=NOW)

    saved = _draft_on_disk(root, catalogue, run.id)
    assert saved.status == "draft"
    assert saved.header == {"auditor": "王芳", "staff_on_duty": "李雷"}
    assert saved.auditor == "王芳"
    assert saved.subject == ""
    assert (saved.template_id, saved.template_hash) == ("six-s", six_s.hash)
    assert saved.started_at == NOW.isoformat()
    assert [draft.id for draft in book.drafts()] == [run.id]


def test_subject_comes_from_the_subject_role_header(
    book: RunBook, root: Path, floor_walk: Template, catalogue: TemplateCatalogue
) -> None:
    run = book.start(
        floor_walk, store_code="SH-021", header={"observer": "王芳", "associate": "李雷"}
    )

    saved = _draft_on_disk(root, catalogue, run.id)
    assert (saved.auditor, saved.subject) == ("王芳", "李雷")


def test_answer_is_saved_at_once(
    book: RunBook, root: Path, six_s: Template, catalogue: TemplateCatalogue
) -> None:
    run = book.start(six_s, store_code="SH-021", header=AUDITOR)
    book.answer(run, "6S-SRT-01", Answer(False))
    assert _draft_on_disk(root, catalogue, run.id).answer_for("6S-SRT-01") == Answer(False)

    book.answer(run, "6S-SIO-03", Answer(42))
    assert _draft_on_disk(root, catalogue, run.id).answer_for("6S-SIO-03") == Answer(42.0)

    book.set_note(run, "6S-SRT-01", "仓库有私人物品")
    assert _draft_on_disk(root, catalogue, run.id).notes == {"6S-SRT-01": "仓库有私人物品"}


def test_na_on_a_critical_six_s_item_is_refused(
    book: RunBook, root: Path, six_s: Template, catalogue: TemplateCatalogue
) -> None:
    critical = next(item for item in six_s.items if item.critical)
    run = book.start(six_s, store_code="SH-021", header=AUDITOR)

    with pytest.raises(RunError, match="N/A"):
        book.answer(run, critical.id, Answer(na=True))

    assert _draft_on_disk(root, catalogue, run.id).answers == {}
    book.answer(run, "6S-SRT-01", Answer(na=True))  # N/A is fine where allowed
    assert _draft_on_disk(root, catalogue, run.id).answer_for("6S-SRT-01") == Answer(na=True)


@pytest.mark.parametrize("value", [0, 6, -1, 2.5, True, "3"])
def test_scale_answer_out_of_range_is_refused(
    book: RunBook, floor_walk: Template, value: object
) -> None:
    run = book.start(floor_walk, store_code="SH-021")
    with pytest.raises(RunError):
        book.answer(run, "greet", Answer(value))  # type: ignore[arg-type]
    assert "greet" not in run.answers


@pytest.mark.parametrize("value", ["yes", 1, None])
def test_non_boolean_for_pass_fail_is_refused(
    book: RunBook, six_s: Template, value: object
) -> None:
    run = book.start(six_s, store_code="SH-021", header=AUDITOR)
    with pytest.raises(RunError):
        book.answer(run, "6S-SRT-01", Answer(value))  # type: ignore[arg-type]
    assert run.answers == {}


def test_unknown_item_is_refused(book: RunBook, six_s: Template) -> None:
    run = book.start(six_s, store_code="SH-021", header=AUDITOR)
    with pytest.raises(RunError, match="6S-NOPE"):
        book.answer(run, "6S-NOPE", Answer(True))


def test_infinite_number_answer_is_refused(book: RunBook, six_s: Template) -> None:
    run = book.start(six_s, store_code="SH-021", header=AUDITOR)
    with pytest.raises(RunError):
        book.answer(run, "6S-SIO-03", Answer(math.inf))


# --- finishing ------------------------------------------------------------------


def test_finish_refuses_while_required_items_are_open(
    book: RunBook, root: Path, six_s: Template, catalogue: TemplateCatalogue
) -> None:
    run = book.start(six_s, store_code="SH-021", header=AUDITOR)
    _answer_required(book, run, six_s)
    book.clear_answer(run, "6S-SAF-06")

    with pytest.raises(RunError, match="1"):
        book.finish(run, "店长")

    assert not run.finished
    assert _draft_on_disk(root, catalogue, run.id).status == "draft"
    assert book.finished() == []


@pytest.mark.parametrize("signoff", ["", "   "])
def test_finish_refuses_an_empty_signoff(book: RunBook, six_s: Template, signoff: str) -> None:
    run = book.start(six_s, store_code="SH-021", header=AUDITOR)
    _answer_required(book, run, six_s)

    with pytest.raises(RunError, match="sign-off"):
        book.finish(run, signoff)

    assert [draft.id for draft in book.drafts()] == [run.id]
    assert book.finished() == []


def test_finish_moves_run_to_month_of_finishing(
    book: RunBook, store: DataStore, six_s: Template
) -> None:
    started = datetime(2026, 1, 31, 21, 0, tzinfo=CST)
    finished = datetime(2026, 2, 1, 8, 15, tzinfo=CST)
    run = book.start(six_s, store_code="SH-021", header=AUDITOR, now=started)
    _answer_required(book, run, six_s, now=started)

    book.finish(run, "  店长 ", now=finished)

    assert store.months("runs") == ["2026-02"]
    [doc] = store.month_collection("runs", "2026-02").all()
    assert doc["id"] == run.id
    assert doc["status"] == "finished"
    assert doc["signed_off_by"] == "店长"
    assert doc["finished_at"] == finished.isoformat()
    assert store.collection("drafts").all() == []
    assert book.drafts() == []


def test_finished_run_refuses_changes(book: RunBook, six_s: Template) -> None:
    run = _finished_run(book, six_s, NOW)
    reloaded = book.get(run.id)

    for target in (run, reloaded):
        with pytest.raises(RunError, match="finished"):
            book.answer(target, "6S-SRT-01", Answer(False))
        with pytest.raises(RunError, match="finished"):
            book.set_note(target, "6S-SRT-01", "late note")
        with pytest.raises(RunError, match="finished"):
            book.finish(target, "店长")
    assert book.get(run.id).answer_for("6S-SRT-01") == Answer(True)


class HistoryFull(FileOps):
    """The disk is full, but only for writes to the run history."""

    full = False

    def replace(self, src: object, dst: object) -> None:  # type: ignore[override]
        if self.full and Path(str(dst)).parent.name == "runs":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        os.replace(src, dst)  # type: ignore[arg-type]


def test_failed_finish_keeps_the_run_visible(
    root: Path, six_s: Template, catalogue: TemplateCatalogue
) -> None:
    ops = HistoryFull()
    with DataStore.open(root, fs=ops) as store:
        book = RunBook(store, catalogue)
        run = book.start(six_s, store_code="SH-021", header=AUDITOR)
        _answer_required(book, run, six_s)
        ops.full = True

        with pytest.raises(WriteFailed):
            book.finish(run, "店长")

        visible = [r.id for r in book.drafts()] + [r.id for r in book.finished()]
        assert visible == [run.id]


# --- recovery ---------------------------------------------------------------------


def _crashed_finish(store: DataStore, book: RunBook, six_s: Template) -> Run:
    """A run marked finished in the drafts, as if the app died before filing it."""
    run = book.start(six_s, store_code="SH-021", header=AUDITOR, now=NOW)
    _answer_required(book, run, six_s)
    doc = run.to_doc() | {
        "status": "finished",
        "finished_at": NOW.isoformat(),
        "signed_off_by": "店长",
    }
    store.collection("drafts").put(doc)
    return run


def test_recover_files_a_finish_cut_before_history(
    root: Path, six_s: Template, catalogue: TemplateCatalogue
) -> None:
    with DataStore.open(root) as store:
        run = _crashed_finish(store, RunBook(store, catalogue), six_s)

    ctx = open_context(root, lang="en")
    try:
        assert [r.id for r in ctx.runs.finished()] == [run.id]
        assert ctx.store.collection("drafts").all() == []
        assert ctx.store.months("runs") == ["2026-03"]
    finally:
        ctx.close()


def test_recover_does_not_duplicate_a_finish_cut_after_history(
    root: Path, six_s: Template, catalogue: TemplateCatalogue
) -> None:
    with DataStore.open(root) as store:
        run = _crashed_finish(store, RunBook(store, catalogue), six_s)
        doc = store.collection("drafts").get(run.id)
        assert doc is not None
        store.month_collection("runs", "2026-03").put(doc)

    ctx = open_context(root, lang="en")
    try:
        assert [r.id for r in ctx.runs.finished()] == [run.id]
        assert ctx.store.collection("drafts").all() == []
    finally:
        ctx.close()


# --- finding runs -----------------------------------------------------------------


@pytest.fixture
def history(book: RunBook, six_s: Template, floor_walk: Template) -> dict[str, Run]:
    return {
        "six_s_jan": _finished_run(book, six_s, datetime(2026, 1, 10, 18, 0, tzinfo=CST)),
        "li_feb": _finished_run(
            book, floor_walk, datetime(2026, 2, 5, 11, 0, tzinfo=CST), {"associate": "Li Lei"}
        ),
        "wang_mar": _finished_run(
            book, floor_walk, datetime(2026, 3, 20, 16, 0, tzinfo=CST), {"associate": "王芳"}
        ),
    }


def _ids(runs: list[Run]) -> list[str]:
    return [run.id for run in runs]


def test_finished_lists_newest_first(book: RunBook, history: dict[str, Run]) -> None:
    expected = [history[k].id for k in ("wang_mar", "li_feb", "six_s_jan")]
    assert _ids(book.finished()) == expected


def test_finished_filters_by_template(book: RunBook, history: dict[str, Run]) -> None:
    assert _ids(book.finished(template_id="six-s")) == [history["six_s_jan"].id]
    assert len(book.finished(template_id="floor-walk")) == 2
    assert book.finished(template_id="nope") == []


def test_finished_filters_by_subject_ignoring_case(book: RunBook, history: dict[str, Run]) -> None:
    assert _ids(book.finished(subject="LI LEI")) == [history["li_feb"].id]
    assert _ids(book.finished(subject="王芳")) == [history["wang_mar"].id]
    assert book.finished(subject="Li") == []


def test_finished_filters_by_date_range(book: RunBook, history: dict[str, Run]) -> None:
    feb_on = book.finished(since=date(2026, 2, 1))
    assert _ids(feb_on) == [history["wang_mar"].id, history["li_feb"].id]
    assert _ids(book.finished(until=date(2026, 2, 5))) == [
        history["li_feb"].id,
        history["six_s_jan"].id,
    ]
    # days inside a month count, not only the month
    assert _ids(book.finished(since=date(2026, 2, 6), until=date(2026, 3, 31))) == [
        history["wang_mar"].id
    ]
    assert book.finished(since=date(2026, 1, 11), until=date(2026, 2, 4)) == []


def test_get_finds_drafts_and_finished_runs(
    book: RunBook, six_s: Template, history: dict[str, Run]
) -> None:
    draft = book.start(six_s, store_code="SH-021", header=AUDITOR)

    assert book.get(draft.id).status == "draft"
    for run in history.values():
        found = book.get(run.id)
        assert found.finished
        assert found.finished_at == run.finished_at


def test_get_unknown_id_raises(book: RunBook, history: dict[str, Run]) -> None:
    with pytest.raises(RunError, match="no-such-run"):
        book.get("no-such-run")


# --- template versions ------------------------------------------------------------


def test_run_keeps_scoring_with_the_archived_template(
    store: DataStore, six_s: Template, floor_walk: Template
) -> None:
    old_book = RunBook(store, _catalogue(six_s, floor_walk))
    run = old_book.start(six_s, store_code="SH-021", header=AUDITOR)
    _answer_required(old_book, run, six_s)
    old_book.answer(run, "6S-SRT-01", Answer(False))
    old_score = old_book.score(run)

    data = copy.deepcopy(dict(six_s.data))
    data["version"] = 2
    first_items = data["sections"][0]["items"]
    first_items[0]["points"] = 50  # the failed item now weighs far more
    first_items.append({"id": "6S-SRT-99", "type": "pass_fail", "text": "New required item"})
    changed = template_from_data(data, "test:six-s-v2")
    assert changed.hash != six_s.hash

    new_book = RunBook(store, _catalogue(changed, floor_walk))
    assert new_book.template_for(run).hash == six_s.hash
    assert new_book.score(run) == old_score
    assert old_score.complete
    with pytest.raises(RunError):
        new_book.answer(run, "6S-SRT-99", Answer(True))
    new_book.finish(run, "店长")  # the new required item does not block the old run
    assert new_book.finished()[0].template_hash == six_s.hash


def test_finish_refuses_without_required_header_fields(book: RunBook, six_s: Template) -> None:
    run = book.start(six_s, store_code="SH-021", now=NOW)
    _answer_required(book, run, six_s)
    with pytest.raises(RunError, match="Auditor"):
        book.finish(run, "店长", now=NOW)
    book.set_header(run, {"auditor": "王芳"})
    assert book.finish(run, "店长", now=NOW).finished


# --- the index of finished runs -------------------------------------------------------


def _summaries_from_disk(root: Path, catalogue: TemplateCatalogue) -> list[tuple[str, ...]]:
    with DataStore.open(root) as fresh:
        return [(s.id, s.template_id, s.subject, str(s.score), s.band or "")
                for s in RunBook(fresh, catalogue).summaries()]  # fmt: skip


def test_index_is_written_and_read_back(
    root: Path, book: RunBook, catalogue: TemplateCatalogue, history: dict[str, Run]
) -> None:
    index = json.loads((root / "runs" / "index.json").read_text("utf-8"))
    assert index["version"] == INDEX_VERSION
    assert {row[0] for row in index["runs"]} == {run.id for run in history.values()}
    book.store.close()
    expected = [(s.id, s.template_id, s.subject, str(s.score), s.band or "")
                for s in book.summaries()]  # fmt: skip
    assert _summaries_from_disk(root, catalogue) == expected


@pytest.mark.parametrize(
    "damage",
    [
        b"",  # emptied
        b'{"version": 2, "runs": [{"id": "x"}]}',  # an older storeops's index
        b'{"version": 3, "signature": {}, "runs": [[1, 2, 3]]}',  # rows of the wrong shape
        # a number where the run id belongs
        b'{"version": 3, "signature": {}, "runs": [[1,"t","m","f","a","s",1,"b",["",""],[],null,""]]}',  # noqa: E501
        b'{"version": 3, "signature": {}, "runs": {"not": "a list"}}',
    ],
)
def test_a_damaged_index_is_rebuilt_from_the_months(
    root: Path, book: RunBook, catalogue: TemplateCatalogue, history: dict[str, Run],
    damage: bytes,
) -> None:  # fmt: skip
    book.store.close()
    expected = _summaries_from_disk(root, catalogue)
    (root / "runs" / "index.json").write_bytes(damage)
    assert _summaries_from_disk(root, catalogue) == expected
    rebuilt = json.loads((root / "runs" / "index.json").read_text("utf-8"))
    assert rebuilt["version"] == INDEX_VERSION
    assert len(rebuilt["runs"]) == len(history)


def test_a_month_changed_behind_the_index_is_read_again(
    root: Path, book: RunBook, catalogue: TemplateCatalogue, history: dict[str, Run]
) -> None:
    """A restore, or an older storeops, may change a month without the index."""
    book.store.close()
    month = root / "runs" / "2026-02.json"
    doc = json.loads(month.read_text("utf-8"))
    [run] = doc["_default"].values()
    run["subject"] = "Han Mei"
    month.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    subjects = {s[2] for s in _summaries_from_disk(root, catalogue)}
    assert "Han Mei" in subjects and "Li Lei" not in subjects


def test_latest_and_lists_follow_each_run_filed(
    book: RunBook, six_s: Template, floor_walk: Template, history: dict[str, Run]
) -> None:
    """The index is sorted once and kept: a run finished afterwards must still show."""
    latest = book.latest("floor-walk")
    assert latest is not None and latest.id == history["wang_mar"].id
    assert book.latest("nope") is None
    newer = _finished_run(
        book, floor_walk, datetime(2026, 4, 2, 9, 0, tzinfo=CST), {"associate": "Han Mei"}
    )
    latest = book.latest("floor-walk")
    assert latest is not None and latest.id == newer.id
    assert _ids(book.finished())[0] == newer.id
    older = _finished_run(book, six_s, datetime(2025, 12, 1, 9, 0, tzinfo=CST))
    assert _ids(book.finished(template_id="six-s")) == [history["six_s_jan"].id, older.id]
