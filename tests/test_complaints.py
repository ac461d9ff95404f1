"""The complaint log with a pinned clock (2026-11-23): logging with 三包's remedies, the seed's
steps, a corrective action when the cause is the store's, closing, the follow-up calls due
(and in `storeops due`), a still-unhappy customer reopening it, the analysis (Pareto and
cumulative %, month over month, days to close, calls on time), the contact details masked in
every export format and never in a table, retention and its erasure (and `doctor`), a damaged
record set aside, and the two bundled items that now point at the log."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from storeops.actions import ActionBook
from storeops.cli import build_app
from storeops.complaint_report import analyse, calls_on_time, month_over_month, pareto
from storeops.complaints import (
    Complaint,
    ComplaintBook,
    ComplaintError,
    follow_ups_due,
    mask_name,
    mask_phone,
)
from storeops.context import open_context
from storeops.i18n import set_language
from storeops.profile import StoreProfile
from storeops.sanbao import AfterSales
from storeops.storage import DataStore
from storeops.templates import load_catalogue

runner = CliRunner()
TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 10, 0).astimezone()
PHONE = "13812345678"


def invoke(data_dir: Path, *args: str) -> Any:
    return runner.invoke(build_app(), ["--data-dir", str(data_dir), *args])


def _setup(data_dir: Path) -> None:
    done = invoke(data_dir, "setup", "--store-code", "SH-021", "--store-name", "南京路店",
                  "--manager", "王芳")  # fmt: skip
    assert done.exit_code == 0, done.output


def _add(data_dir: Path, *args: str) -> dict[str, Any]:
    result = invoke(data_dir, "complaints", "add", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _book(data_dir: Path) -> tuple[DataStore, ComplaintBook]:
    store = DataStore.open(data_dir)
    return store, ComplaintBook(store)


# --- logging and 三包 -------------------------------------------------------------------------


def test_the_issue_example_logs_a_complaint_with_its_remedies_and_masks_the_contact(
    data_dir: Path,
) -> None:
    _setup(data_dir)
    logged = _add(data_dir, "--customer", "张女士", "--phone", PHONE, "--purchased", "2026-11-20",
                  "--product", "羊毛大衣 M", "--category", "product",
                  "--description", "开线")  # fmt: skip
    assert logged["remedies"] == ["return", "exchange", "repair"]
    assert logged["days_after_purchase"] == 3 and "day 3" in logged["rule_text"]
    assert logged["customer"] == "张**" and logged["phone"] == "138****5678"
    assert logged["received_on"] == "2026-11-23" and logged["received_by"] == "王芳"
    [row] = json.loads(invoke(data_dir, "complaints", "list", "--format", "json").stdout)
    assert {"id", "customer", "status", "remedies"} <= set(row)
    assert row["id"] == logged["id"] and row["status"] == "received"
    assert row["remedies"] == ["return", "exchange", "repair"] and row["phone"] == "138****5678"
    full = json.loads(invoke(data_dir, "complaints", "list", "--format", "json",
                             "--include-contact").stdout)  # fmt: skip
    assert full[0]["customer"] == "张女士" and full[0]["phone"] == PHONE
    # The contact fields are never in a table, in either language.
    for lang in ("en", "zh"):
        table = invoke(data_dir, "--lang", lang, "complaints", "list")
        shown = invoke(data_dir, "--lang", lang, "complaints", "show", logged["id"])
        assert table.exit_code == 0 and shown.exit_code == 0, shown.output
        for output in (table.stdout, shown.stdout):
            assert "张" not in output and "5678" not in output and "羊毛大衣" in output
    assert "退货 · 换货 · 维修" in invoke(data_dir, "--lang", "zh", "complaints", "list").stdout
    contact = invoke(data_dir, "complaints", "show", logged["id"], "--include-contact")
    assert "张女士" in contact.stdout and PHONE in contact.stdout


def test_bad_input_gets_a_clear_message_and_changes_nothing(data_dir: Path) -> None:
    _setup(data_dir)
    cases = [
        (["--phone", "call me"], "not a phone number"),
        (["--purchased", "2026-13-01"], "not a date"),
        (["--purchased", "2026-11-30"], "after today"),
        (["--received-on", "2026-11-01", "--purchased", "2026-11-10"], "after the complaint"),
    ]
    for extra, said in cases:
        result = invoke(data_dir, "complaints", "add", "--category", "product",
                        "--description", "开线", *extra)  # fmt: skip
        assert result.exit_code == 2 and said in result.output, result.output
        assert "Traceback" not in result.output
    no_text = invoke(data_dir, "complaints", "add", "--category", "product", "--description", " ")
    assert no_text.exit_code == 2 and "What happened" in no_text.output
    wrong = invoke(data_dir, "complaints", "add", "--category", "food", "--description", "x")
    assert wrong.exit_code == 2
    assert json.loads(invoke(data_dir, "complaints", "list", "--format", "json").stdout) == []


def test_misuse_owes_nothing_and_a_change_of_purchase_date_works_it_out_again(
    data_dir: Path,
) -> None:
    _setup(data_dir)
    logged = _add(data_dir, "--category", "product", "--purchased", "2026-11-10",
                  "--description", "起球")  # fmt: skip
    assert logged["remedies"] == ["exchange", "repair"]  # day 13
    changed = invoke(data_dir, "complaints", "update", logged["id"], "--cause", "misuse")
    assert changed.exit_code == 0 and "misuse" in changed.stdout.lower()
    store, book = _book(data_dir)
    assert book.get(logged["id"]).owed.remedies == ()
    book.update(logged["id"], {"cause": "defect", "purchased": "2026-11-20"}, by="王芳")
    assert book.get(logged["id"]).owed.remedies == ("return", "exchange", "repair")
    book.update(logged["id"], {"phone": "13900001111"}, by="王芳")
    history = json.dumps(book.get(logged["id"]).history, ensure_ascii=False)
    assert "13900001111" not in history  # a contact change is recorded, never its value
    with pytest.raises(ComplaintError):
        book.update(logged["id"], {"phone": "13900001111"}, by="王芳")  # nothing changed
    store.close()


# --- handling, the action, closing, calls --------------------------------------------------------


def _logged(book: ComplaintBook, **values: str) -> Complaint:
    fields = {"category": "service", "description": "态度冷淡", "customer": "李先生",
              "phone": "13900001111", **values}  # fmt: skip
    return book.log(fields, store_code="SH-021", by="王芳", now=NOW)


def test_the_steps_go_forward_only_and_claimed_is_for_a_defect(data_dir: Path) -> None:
    store, book = _book(data_dir)
    service = _logged(book, cause="attitude")
    for step in ("analysed", "countermeasure", "replied"):
        assert book.move(service.id, by="王芳").status == step
    with pytest.raises(ComplaintError):  # only closing is left: no supplier to claim from
        book.move(service.id, by="王芳")
    with pytest.raises(ComplaintError):
        book.move(service.id, "analysed", by="王芳")  # backwards
    defect = _logged(book, category="product", cause="defect")
    book.move(defect.id, "replied", by="王芳")
    assert book.move(defect.id, by="王芳").status == "claimed"
    store.close()


def test_a_store_cause_raises_a_linked_action_another_cause_does_not(data_dir: Path) -> None:
    store, book = _book(data_dir)
    actions = ActionBook(store)
    rude = _logged(book, cause="attitude", staff="小王")
    action = book.raise_action(actions, rude.id, description="接待礼仪培训", owner="李店助",
                               due=TODAY + timedelta(days=7), by="王芳")  # fmt: skip
    assert (action.run_id, action.template_id, action.item_id) == (rude.id, "complaints",
                                                                   "attitude")  # fmt: skip
    assert [a.id for a in book.actions_of(actions, rude)] == [action.id]
    misuse = _logged(book, category="product", cause="misuse")
    with pytest.raises(ComplaintError, match="not the store's"):
        book.raise_action(actions, misuse.id, description="x", owner="y", due=TODAY, by="王芳")
    store.close()


def test_closing_sets_the_call_due_and_the_due_list_follows_it(data_dir: Path) -> None:
    store, book = _book(data_dir)
    first = _logged(book)
    second = _logged(book, cause="price")
    closed = book.close(first.id, remedy="apology", refund=0, by="王芳", now=NOW)
    assert closed.follow_up_due == "2026-11-26"  # 3 days by default
    book.close(second.id, remedy="compensation", refund=50, by="王芳",
               now=NOW + timedelta(days=1))  # fmt: skip
    every = book.all()
    assert follow_ups_due(every, date(2026, 11, 25)) == []
    assert [c.id for c in follow_ups_due(every, date(2026, 11, 26))] == [first.id]
    assert [c.id for c in follow_ups_due(every, date(2026, 11, 30))] == [first.id, second.id]
    # Nobody answered: still due. Reached: done.
    book.follow_up(first.id, outcome="no_answer", by="王芳", now=NOW + timedelta(days=3))
    assert [c.id for c in follow_ups_due(book.all(), date(2026, 11, 26))] == [first.id]
    book.follow_up(first.id, outcome="resolved", by="王芳", now=NOW + timedelta(days=3))
    assert follow_ups_due(book.all(), date(2026, 11, 26)) == []
    assert book.get(second.id).refund == 50.0
    with pytest.raises(ComplaintError):
        book.close(first.id, remedy="apology", by="王芳")  # closed already
    with pytest.raises(ComplaintError):
        book.follow_up(first.id, outcome="resolved", by="王芳")  # the call was made
    store.close()


def test_a_still_unhappy_customer_reopens_the_complaint(data_dir: Path) -> None:
    store, book = _book(data_dir)
    complaint = _logged(book, cause="attitude")
    book.close(complaint.id, remedy="apology", by="王芳", now=NOW)
    reopened = book.follow_up(complaint.id, outcome="unhappy", note="还是不满意", by="王芳",
                              now=NOW + timedelta(days=2))  # fmt: skip
    assert reopened.status == "received" and not reopened.closed and reopened.reopened == 1
    assert reopened.closed_on == "" and follow_ups_due(book.all(), date(2026, 12, 31)) == []
    assert (
        reopened.history[-1]["kind"] == "reopened" and "还是不满意" in reopened.history[-1]["note"]
    )
    again = book.close(complaint.id, remedy="compensation", by="王芳", now=NOW + timedelta(days=4))
    assert again.follow_up_due == "2026-11-30" and again.follow_up_pending()
    store.close()


def test_storeops_due_lists_the_calls_and_keeps_its_json(data_dir: Path) -> None:
    _setup(data_dir)
    logged = _add(data_dir, "--category", "service", "--cause", "attitude", "--description", "冷淡")
    closed = invoke(data_dir, "complaints", "close", logged["id"], "--remedy", "apology")
    assert closed.exit_code == 0 and "2026-11-26" in closed.stdout
    assert logged["id"] not in invoke(data_dir, "due").stdout  # not due yet
    store = DataStore.open(data_dir)
    doc = store.collection("complaints").get(logged["id"])
    assert doc is not None
    store.collection("complaints").put({**doc, "follow_up_due": "2026-11-20"})
    store.close()
    table = invoke(data_dir, "due")
    assert table.exit_code == 0 and logged["id"] in table.stdout and "⚠ 2026-11-20" in table.stdout
    shape = json.loads(invoke(data_dir, "due", "--format", "json").stdout)
    assert isinstance(shape, list) and all("template_id" in entry for entry in shape)
    calls = json.loads(invoke(data_dir, "complaints", "due", "--format", "json").stdout)
    assert [c["id"] for c in calls] == [logged["id"]] and calls[0]["follow_up_overdue"] is True
    called = invoke(data_dir, "complaints", "follow-up", logged["id"], "--outcome", "reached")
    assert called.exit_code == 0
    assert logged["id"] not in invoke(data_dir, "due").stdout


# --- analysis ----------------------------------------------------------------------------------


def _fixture() -> list[Complaint]:
    """Ten complaints: 5 product, 3 service, 2 after-sales; over October and December."""

    def one(n: int, category: str, cause: str, received: str, closed: str = "") -> Complaint:
        return Complaint(id=f"c{n}", store_code="SH-021", received_on=received, received_by="王芳",
                         category=category, description="x", cause=cause,
                         status="closed" if closed else "received", closed_on=closed)  # fmt: skip

    return [
        *(one(n, "product", "defect", "2026-10-05", "2026-10-07") for n in range(4)),
        one(4, "product", "misuse", "2026-12-01"),
        *(one(n, "service", "attitude", "2026-12-02", "2026-12-03") for n in range(5, 8)),
        *(one(n, "after_sales", "attitude", "2026-12-03") for n in range(8, 10)),
    ]


def test_pareto_counts_and_cumulative_percent_on_a_fixture() -> None:
    rows = pareto(_fixture(), "category")
    assert [(r.key, r.count, r.percent, r.cumulative) for r in rows] == [
        ("product", 5, 50.0, 50.0), ("service", 3, 30.0, 80.0), ("after_sales", 2, 20.0, 100.0),
    ]  # fmt: skip
    by_cause = pareto(_fixture(), "cause")
    assert [(r.key, r.count, r.cumulative) for r in by_cause] == [
        ("attitude", 5, 50.0), ("defect", 4, 90.0), ("misuse", 1, 100.0),
    ]  # fmt: skip
    assert by_cause[0].label == "Service attitude"
    set_language("zh")
    assert pareto(_fixture(), "category")[0].label == "商品质量"


def test_month_over_month_days_to_close_and_calls_on_time() -> None:
    months = month_over_month(_fixture())
    assert [(m.month, m.count, m.change) for m in months] == [
        ("2026-10", 4, None), ("2026-11", 0, -4), ("2026-12", 6, 6),
    ]  # fmt: skip
    analysis = analyse(_fixture(), "category", TODAY)
    assert analysis.total == 10 and analysis.closed == 7
    assert analysis.mean_days_to_close == round((4 * 2 + 3 * 1) / 7, 1)
    on_time = Complaint(id="a", store_code="", received_on="2026-11-01", received_by="",
                        category="service", description="", status="closed",
                        history=[{"kind": "closed", "follow_up_due": "2026-11-04"}],
                        follow_ups=[{"at": "2026-11-04T09:00", "outcome": "resolved",
                                     "due": "2026-11-04"}])  # fmt: skip
    late = Complaint(id="b", store_code="", received_on="2026-11-01", received_by="",
                     category="service", description="", status="closed",
                     history=[{"kind": "closed", "follow_up_due": "2026-11-04"}],
                     follow_ups=[{"at": "2026-11-03T09:00", "outcome": "no_answer",
                                  "due": "2026-11-04"},
                                 {"at": "2026-11-06T09:00", "outcome": "reached",
                                  "due": "2026-11-04"}])  # fmt: skip
    not_yet = Complaint(id="c", store_code="", received_on="2026-11-20", received_by="",
                        category="service", description="", status="closed",
                        history=[{"kind": "closed", "follow_up_due": "2026-11-25"}])  # fmt: skip
    assert calls_on_time([on_time, late, not_yet], TODAY) == (1, 2)


def test_report_complaints_in_both_languages_and_json(data_dir: Path) -> None:
    _setup(data_dir)
    for cause in ("attitude", "attitude", "price"):
        _add(data_dir, "--category", "service", "--cause", cause, "--description", "x")
    result = invoke(data_dir, "report", "complaints", "--by", "cause", "--format", "json")
    doc = json.loads(result.stdout)
    assert [(r["key"], r["count"], r["cumulative"]) for r in doc["pareto"]] == [
        ("attitude", 2, 66.7), ("price", 1, 100.0)]  # fmt: skip
    assert doc["months"] == [{"month": "2026-11", "count": 3, "change": None}]
    english = invoke(data_dir, "report", "complaints", "--by", "cause")
    assert "Service attitude" in english.stdout and "not a target" in english.stdout
    chinese = invoke(data_dir, "--lang", "zh", "report", "complaints", "--by", "cause")
    assert "服务态度" in chinese.stdout and "66.7" in chinese.stdout


# --- exports and personal data ------------------------------------------------------------------


def _complaint_with_contact(data_dir: Path) -> str:
    _setup(data_dir)
    logged = _add(data_dir, "--customer", "张女士", "--phone", PHONE, "--purchased", "2026-11-20",
                  "--product", "羊毛大衣", "--category", "product",
                  "--description", "=开线")  # fmt: skip
    invoke(data_dir, "complaints", "close", logged["id"], "--remedy", "exchange")
    return str(logged["id"])


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_the_complaint_export_masks_the_contact_in_every_format(
    data_dir: Path, tmp_path: Path
) -> None:
    import openpyxl

    complaint_id = _complaint_with_contact(data_dir)
    masked = invoke(data_dir, "export", "--level", "complaint")
    assert masked.exit_code == 0, masked.output
    [row] = _csv_rows(masked.stdout)
    assert row["complaint_id"] == complaint_id and row["customer"] == "张**"
    assert row["phone"] == "138****5678" and row["remedies_entitled"] == "return exchange repair"
    assert row["remedy_given"] == "exchange" and row["status"] == "closed"
    assert row["follow_up_due"] == "2026-11-26" and row["description"] == "'=开线"
    assert "closed@" in row["history"] and PHONE not in masked.stdout
    doc = json.loads(invoke(data_dir, "export", "--level", "complaint", "--format", "json").stdout)
    [entry] = doc["complaints"]
    assert entry["customer"] == "张**" and entry["phone"] == "138****5678"
    assert doc["gaps"] == [] and PHONE not in json.dumps(doc, ensure_ascii=False)
    target = tmp_path / "complaints.xlsx"
    done = invoke(data_dir, "export", "--level", "complaint", "--format", "xlsx", "-o",
                  str(target))  # fmt: skip
    assert done.exit_code == 0, done.output
    sheet = openpyxl.load_workbook(target)["complaint"]
    header = [c.value for c in sheet[1]]
    values = dict(zip(header, (c.value for c in sheet[2]), strict=True))
    assert values["customer"] == "张**" and values["phone"] == "138****5678"
    assert values["received_on"] == datetime(2026, 11, 23)
    # --include-contact: every format unmasked, and a warning on standard error.
    for fmt in ("csv", "json"):
        full = invoke(data_dir, "export", "--level", "complaint", "--format", fmt,
                      "--include-contact")  # fmt: skip
        assert PHONE in full.stdout and "张女士" in full.stdout
        assert "Warning" in full.stderr and PHONE not in full.stderr
    xlsx = invoke(data_dir, "export", "--level", "complaint", "--format", "xlsx", "-o",
                  str(target), "--include-contact")  # fmt: skip
    assert xlsx.exit_code == 0 and "Warning" in xlsx.stderr
    sheet = openpyxl.load_workbook(target)["complaint"]
    assert PHONE in [c.value for c in sheet[2]]


def test_complaint_exports_of_two_stores_merge(data_dir: Path, tmp_path: Path) -> None:
    _complaint_with_contact(data_dir)
    first = tmp_path / "a.csv"
    assert invoke(data_dir, "export", "--level", "complaint", "-o", str(first)).exit_code == 0
    merged = runner.invoke(build_app(), ["merge", str(first), str(first)])
    assert merged.exit_code == 0 and len(_csv_rows(merged.stdout)) == 1  # a duplicate dropped


def test_the_printed_complaint_shows_what_the_manager_chooses(data_dir: Path,
                                                              tmp_path: Path) -> None:  # fmt: skip
    complaint_id = _complaint_with_contact(data_dir)
    page = tmp_path / "c.html"
    assert invoke(data_dir, "complaints", "show", complaint_id, "--html", str(page)).exit_code == 0
    text = page.read_text("utf-8")
    assert "138****5678" in text and PHONE not in text and "=开线" in text
    invoke(data_dir, "complaints", "show", complaint_id, "--html", str(page), "--include-contact")
    assert PHONE in page.read_text("utf-8")


def test_masking() -> None:
    assert mask_phone(PHONE) == "138****5678"
    assert mask_phone("+86 138 1234 5678") == "+86 1** **** 5678"
    assert mask_phone("021-6543210") == "021-***3210" and mask_phone("12345") == "***45"
    assert mask_name("张女士") == "张**" and mask_name("") == ""


# --- retention --------------------------------------------------------------------------------


def test_contact_details_past_retention_are_reported_and_erased(data_dir: Path) -> None:
    _setup(data_dir)
    store, book = _book(data_dir)
    old = _logged(book)
    book.close(old.id, remedy="apology", by="王芳", now=datetime(2024, 10, 1, 9).astimezone())
    recent = _logged(book)
    book.close(recent.id, remedy="apology", by="王芳",
               now=datetime(2025, 1, 1, 9).astimezone())  # fmt: skip
    store.close()
    doctor = invoke(data_dir, "doctor")
    assert doctor.exit_code == 1 and old.id in doctor.stdout and recent.id not in doctor.stdout
    assert "erase-contacts" in doctor.stdout
    dry = invoke(data_dir, "complaints", "erase-contacts", "--dry-run")
    assert dry.exit_code == 0 and old.id in dry.stdout
    store, book = _book(data_dir)
    assert book.get(old.id).phone == "13900001111"  # a dry run erases nothing
    store.close()
    erased = invoke(data_dir, "complaints", "erase-contacts")
    assert erased.exit_code == 0 and old.id in erased.stdout
    store, book = _book(data_dir)
    gone = book.get(old.id)
    assert (gone.customer, gone.phone, gone.contact_erased_on) == ("", "", "2026-11-23")
    assert gone.history[-1]["kind"] == "erased" and book.get(recent.id).phone == "13900001111"
    store.close()
    assert invoke(data_dir, "doctor").exit_code == 0
    # A shorter retention makes the other one due too.
    assert invoke(data_dir, "complaints", "settings", "--retention-months", "12").exit_code == 0
    assert recent.id in invoke(data_dir, "doctor").stdout


def test_settings_change_the_windows_and_the_follow_up_days(data_dir: Path) -> None:
    _setup(data_dir)
    shown = invoke(data_dir, "complaints", "settings", "--return-days", "3", "--follow-up-days",
                   "2", "--warranty", "trousers=90")  # fmt: skip
    assert shown.exit_code == 0 and "trousers" in shown.stdout
    logged = _add(data_dir, "--category", "product", "--purchased", "2026-11-19",
                  "--product-category", "trousers", "--description", "开线")  # fmt: skip
    assert logged["remedies"] == ["exchange", "repair"]  # day 4: past a 3-day return window
    closed = invoke(data_dir, "complaints", "close", logged["id"], "--remedy", "exchange")
    assert "2026-11-25" in closed.stdout
    bad = invoke(data_dir, "complaints", "settings", "--return-days", "20")
    assert bad.exit_code == 2 and "cannot end before" in bad.output
    assert invoke(data_dir, "complaints", "settings", "--warranty", "trousers").exit_code == 2
    ctx = open_context(data_dir, readonly=True)
    assert ctx.profile is not None and ctx.profile.rules.return_days == 3
    ctx.close()


# --- damaged data and the bundled items -----------------------------------------------------------


def test_a_damaged_complaint_is_set_aside_and_named(data_dir: Path) -> None:
    _setup(data_dir)
    good = _add(data_dir, "--category", "service", "--description", "x")
    store = DataStore.open(data_dir)
    store.collection("complaints").put({"id": "bad1", "received_on": "yesterday",
                                        "category": "service"})  # fmt: skip
    store.close()
    result = invoke(data_dir, "complaints", "list", "--format", "json")
    assert result.exit_code == 4 and "complaints.json" in result.stderr
    assert [c["id"] for c in json.loads(result.stdout)] == [good["id"]]
    export = invoke(data_dir, "export", "--level", "complaint")
    assert export.exit_code == 4 and "complaints.json" in export.stderr
    assert invoke(data_dir, "doctor").exit_code == 1


def test_the_bundled_items_point_at_the_log_and_count_nothing() -> None:
    catalogue = load_catalogue(None)
    check_in = catalogue.get("daily-service-check")
    count = check_in.item("DG-11")
    assert count.points == 0 and count.threshold is None
    assert "complaint log" in count.guidance.en and "投诉记录" in count.guidance.zh
    assert check_in.version == 4
    observation = catalogue.get("sales-seven-step")
    record = observation.item("SS-C-08")
    assert "complaint log" in str(record.guidance.en) and "v" in str(record.guidance.en)
    assert observation.version == 4


def test_a_profile_without_after_sales_settings_uses_the_defaults(data_dir: Path) -> None:
    ctx = open_context(data_dir)
    ctx.save_profile(StoreProfile("SH-1", "Store", "Wang"))
    assert ctx.profile is not None and ctx.profile.rules == AfterSales()
    ctx.close()


def test_readme_documents_the_complaint_columns_and_the_dashboard_key() -> None:
    import re

    from storeops.complaint_export import COMPLAINT_COLUMNS

    text = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    match = re.search(r"<!-- columns:complaint -->\s*```text\n(.*?)```", text, re.S)
    assert match and match.group(1).split() == list(COMPLAINT_COLUMNS)
    assert "### A customer complains" in text and "| `v` | complaints" in text


def test_an_action_raised_on_a_complaint_shows_the_complaint_not_a_missing_item(
    tmp_path: Path,
) -> None:
    from datetime import date as _date

    from storeops.actions import item_text
    from storeops.complaints import ComplaintBook
    from storeops.context import open_context as _open
    from storeops.profile import StoreProfile as _Profile

    ctx = _open(tmp_path / "data")
    ctx.save_profile(_Profile("SH-1", "Store", "Wang"))
    book = ComplaintBook(ctx.store)
    complaint = book.log({"category": "service", "description": "Rude at the till"},
                         store_code="SH-1", by="Wang")  # fmt: skip
    action = ctx.actions.raise_action(
        run_id=complaint.id, template_id="complaints", item_id="attitude", store_code="SH-1",
        description="Train the team", owner="Li", due=_date(2026, 11, 30),
    )  # fmt: skip
    assert item_text(action, ctx.runs) == complaint.description
    ctx.close()


def test_the_full_json_export_carries_the_complaint_log_masked(tmp_path: Path) -> None:
    from typer.testing import CliRunner as _Runner

    from storeops.cli import build_app as _app
    from storeops.complaints import ComplaintBook
    from storeops.context import open_context as _open
    from storeops.profile import StoreProfile as _Profile

    ctx = _open(tmp_path / "data")
    ctx.save_profile(_Profile("SH-1", "Store", "Wang"))
    ComplaintBook(ctx.store).log({"category": "service", "description": "Rude",
                                  "customer": "张女士", "phone": "13812345678"},
                                 store_code="SH-1", by="Wang")  # fmt: skip
    ctx.close()
    out = tmp_path / "all.json"
    done = _Runner().invoke(_app(), ["--data-dir", str(tmp_path / "data"), "export",
                                     "--format", "json", "-o", str(out)])  # fmt: skip
    assert done.exit_code == 0, done.output
    doc = json.loads(out.read_text("utf-8"))
    [row] = doc["complaints"]
    assert row["phone"] == "138****5678" and "张女士" not in json.dumps(doc, ensure_ascii=False)
    only_6s = tmp_path / "six.json"
    _Runner().invoke(_app(), ["--data-dir", str(tmp_path / "data"), "export", "--format", "json",
                              "--template", "six-s", "-o", str(only_6s)])  # fmt: skip
    assert "complaints" not in json.loads(only_6s.read_text("utf-8"))
