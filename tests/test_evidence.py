"""Actions closed with evidence: files copied into the data folder and hashed, required where
the template asks, listed in the history, and a changed file found by doctor."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from storeops.cli import build_app
from storeops.context import Context, open_context
from storeops.profile import StoreProfile
from storeops.scoring import Answer

TEMPLATE = """
id = "shelf"
version = 1
title = { en = "Shelf check", zh = "货架检查" }
[[sections]]
id = "A"
title = { en = "Shelves", zh = "货架" }
[[sections.items]]
id = "S1"
type = "pass_fail"
text = { en = "Shelves faced", zh = "货架整齐" }
on_fail = { evidence = true }
[[sections.items]]
id = "S2"
type = "pass_fail"
text = { en = "Prices shown", zh = "价签齐全" }
"""


def _store(tmp_path: Path) -> tuple[Context, dict[str, str]]:
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "shelf.toml").write_text(TEMPLATE, "utf-8")
    ctx = open_context(tmp_path / "data")
    ctx.save_profile(StoreProfile("SH-1", "Store", "Wang", templates_dir=str(folder)))
    template = ctx.catalogue.get("shelf")
    run = ctx.runs.start(template, store_code="SH-1")
    ctx.runs.answer_many(run, {"S1": Answer(False), "S2": Answer(False)})
    ctx.runs.finish(run, "Wang")
    ids = {}
    for item in ("S1", "S2"):
        action = ctx.actions.raise_action(
            run_id=run.id, template_id="shelf", item_id=item, store_code="SH-1",
            description="Fix it", owner="Li", due=date(2026, 11, 25),
        )  # fmt: skip
        ids[item] = action.id
    return ctx, ids


def _cli(tmp_path: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(build_app(), ["--data-dir", str(tmp_path / "data"), *args])


def test_an_action_the_template_asks_evidence_for_closes_only_with_a_file(tmp_path: Path) -> None:
    ctx, ids = _store(tmp_path)
    ctx.close()
    refused = _cli(tmp_path, "actions", "done", ids["S1"], "--note", "faced")
    assert refused.exit_code == 1 and "evidence" in refused.output
    photo = tmp_path / "IMG_0001.jpg"
    photo.write_bytes(b"\xff\xd8 a shelf, faced")
    done = _cli(tmp_path, "actions", "done", ids["S1"], "--note", "faced", "--evidence", str(photo))
    assert done.exit_code == 0, done.output
    # An item the template does not ask evidence for closes without one.
    assert _cli(tmp_path, "actions", "done", ids["S2"]).exit_code == 0
    ctx = open_context(tmp_path / "data", readonly=True)
    action = ctx.actions.get(ids["S1"])
    [file] = action.history[-1]["evidence"]
    digest = hashlib.sha256(photo.read_bytes()).hexdigest()
    assert file["name"] == "IMG_0001.jpg" and file["sha256"] == digest
    kept = tmp_path / "data" / file["path"]
    assert kept.read_bytes() == photo.read_bytes() and kept.parent.name == "evidence"
    ctx.close()
    shown = _cli(tmp_path, "actions", "show", ids["S1"])
    assert "IMG_0001.jpg" in shown.output
    assert _cli(tmp_path, "backup").exit_code == 0
    healthy = _cli(tmp_path, "doctor")
    assert healthy.exit_code == 0 and "Evidence files: 1, all as attached" in healthy.output
    kept.write_bytes(b"another picture")
    doctor = _cli(tmp_path, "doctor")
    assert doctor.exit_code == 1 and "not what was attached" in doctor.output
    kept.unlink()
    assert "missing" in _cli(tmp_path, "doctor").output


def test_evidence_can_be_attached_later_and_a_bad_file_is_refused(tmp_path: Path) -> None:
    ctx, ids = _store(tmp_path)
    ctx.close()
    photo = tmp_path / "after.png"
    photo.write_bytes(b"png")
    attached = _cli(tmp_path, "actions", "attach", ids["S1"], str(photo), "--note", "after")
    assert attached.exit_code == 0, attached.output
    assert _cli(tmp_path, "actions", "done", ids["S1"]).exit_code == 0  # attached before
    missing = _cli(tmp_path, "actions", "attach", ids["S2"], str(tmp_path / "nope.jpg"))
    assert missing.exit_code == 1 and "nope.jpg" in missing.output
    exported = _cli(tmp_path, "export", "--format", "json", "-o", str(tmp_path / "all.json"))
    assert exported.exit_code == 0, exported.output
    doc = json.loads((tmp_path / "all.json").read_text("utf-8"))
    [action] = [a for a in doc["actions"] if a["id"] == ids["S1"]]
    assert any(e.get("evidence") for e in action["history"])


def test_the_printable_report_names_the_evidence_and_the_verifier(tmp_path: Path) -> None:
    ctx, ids = _store(tmp_path)
    run_id = ctx.actions.get(ids["S1"]).run_id
    ctx.actions.set_status(ids["S1"], "done", by="Li", evidence=[("shelf.jpg", b"jpg")])
    ctx.actions.verify(ids["S1"], by="Wang")
    ctx.close()
    out = tmp_path / "run.html"
    assert _cli(tmp_path, "report", "run", run_id, "--html", str(out)).exit_code == 0
    page = out.read_text("utf-8")
    assert "shelf.jpg" in page and "Verified by Wang" in page
