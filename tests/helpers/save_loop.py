"""Save answers in a tight loop until killed; used by the crash-safety test.

Usage: ``python save_loop.py DATA_DIR LOG_FILE SEED``

Opens the data folder as the app does, prints ``ready`` on stdout, then answers the
bundled six-s checklist over and over, finishing each run once it is complete. After a
call has *returned* it appends a line to LOG_FILE (outside the data folder):
``A <run id> <number of answers>`` after an answer, ``F <run id>`` after a finish.
The test kills this process at a random moment and checks what the log promised.
"""

from __future__ import annotations

import random
import sys

from storeops.context import open_context
from storeops.scoring import Answer


def _value(item_type: str, rng: random.Random) -> Answer:
    if item_type == "pass_fail":
        return Answer(rng.random() < 0.8)
    if item_type == "number":
        return Answer(float(rng.randint(5, 90)))
    return Answer("货架整洁，无杂物")


def main() -> None:
    data_dir, log_path, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rng = random.Random(seed)
    ctx = open_context(data_dir, lang="en")
    template = ctx.catalogue.get("six-s")
    book = ctx.runs
    with open(log_path, "a", encoding="utf-8", buffering=1) as log:
        print("ready", flush=True)
        while True:
            drafts = book.drafts()
            run = drafts[0] if drafts else book.start(
                template, store_code="T1", header={"auditor": "测试员"}
            )  # fmt: skip
            open_items = [i for i in template.items if i.required and i.id not in run.answers]
            if not open_items:
                book.finish(run, "店长")
                log.write(f"F {run.id}\n")
                continue
            # Mostly new answers, sometimes a changed one, so both paths are exercised.
            item = rng.choice(template.items) if rng.random() < 0.2 else open_items[0]
            book.answer(run, item.id, _value(item.type, rng))
            log.write(f"A {run.id} {len(run.answers)}\n")


if __name__ == "__main__":
    main()
