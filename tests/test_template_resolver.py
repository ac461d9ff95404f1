"""Old runs after a template change: the archived template is read once, not per question."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from storeops.context import open_context
from storeops.profile import StoreProfile
from storeops.scoring import Answer
from storeops.templates import LoadedTemplate, TemplateCatalogue, Text


def test_an_archived_template_is_read_once(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = open_context(data_dir)
    ctx.save_profile(StoreProfile("SH-021", "Nanjing Rd", "Wang Fang"))
    template = ctx.catalogue.get("six-s")
    runs = []
    for _ in range(3):
        run = ctx.runs.start(template, store_code="SH-021", header={"auditor": "Li"})
        answers = {i.id: Answer(True) for i in template.items if i.type == "pass_fail"}
        answers |= {i.id: Answer(1) for i in template.items if i.type == "number"}
        ctx.runs.answer_many(run, answers)
        runs.append(ctx.runs.finish(run, "Li"))
    before = [ctx.runs.score(run).score for run in runs]
    # Head office changes the template: a new title is a new content hash.
    changed = replace(template, title=Text("6S audit v2", "6S 审核 v2"), hash="changed")
    old_loaded = ctx.catalogue.templates["six-s"]
    catalogue = TemplateCatalogue(
        {**ctx.catalogue.templates, "six-s": LoadedTemplate(changed, old_loaded.bundled)}
    )
    ctx.runs.catalogue = catalogue
    reads: list[str] = []
    original = ctx.store.archived_template

    def counting(template_hash: str):  # type: ignore[no-untyped-def]
        reads.append(template_hash)
        return original(template_hash)

    monkeypatch.setattr(ctx.store, "archived_template", counting)
    for _ in range(50):
        assert [ctx.runs.template_for(run).hash for run in runs] == [template.hash] * 3
        assert [ctx.runs.score(run).score for run in runs] == before
    assert reads == [template.hash]
    ctx.close()


def test_a_template_gone_and_never_archived_is_a_key_error(data_dir: Path) -> None:
    ctx = open_context(data_dir)
    with pytest.raises(KeyError):
        ctx.runs.templates.resolve("no-such-template", "0123456789abcdef")
    ctx.close()
