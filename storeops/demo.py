"""Synthetic history: a store's years of audits, observations, visits and check-ins.

Used by ``storeops demo`` (a few months, so a newcomer sees trends, rankings and reports at
once) and by ``benchmarks/make_history.py`` (five busy years). Runs are made in memory and
filed one month at a time, as an import is, so generating years takes seconds.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from storeops.actions import PRIORITIES, ActionBook
from storeops.context import Context
from storeops.goals import check_in_header
from storeops.profile import StoreProfile
from storeops.runs import Run, review_entry
from storeops.scoring import Answer
from storeops.templates import Item, Template

STAFF = ("李雷", "韩梅梅", "王芳", "Zhang Wei", "Chen Jing", "刘洋", "Lucy Li", "赵敏")
# Visited stores: competitors, and our own (本店) stores.
COMPETITORS = ("竞品 A 南京路", "Competitor B Huaihai Rd", "本店 SH-021", "本店 SH-008")
NOTES = (
    "货架顶部有灰尘", "Fitting room mirror smeared", "收银台杂物较多",
    "Price tags missing on 3 items",
    "安全出口有纸箱", "Greeted late during the lunch rush", "=SUM(A1) typed by mistake",
    "顾客表扬服务热情", "Staff chatting near the entrance", "试衣间遗留衣架",
)  # fmt: skip


@dataclass(frozen=True)
class Plan:
    """How much history to make; the defaults are a busy store."""

    six_s_per_week: int = 3
    observations_per_week: int = 12
    visits_per_month: int = 6
    check_in_every_day: bool = True
    action_share: float = 0.6  # of failed items that get a corrective action


def _answer(item: Item, rng: random.Random, skill: float) -> Answer:
    if item.allow_na and rng.random() < 0.03:
        return Answer(na=True)
    if item.type == "choice":  # e.g. a survey's expectation H: any of its options
        return Answer(rng.choice(item.options).key)
    good = rng.random() < skill
    if item.type == "pass_fail":
        return Answer(good != item.negative)
    if item.type == "scale":
        return Answer(item.max if good else rng.randint(item.min, item.max))
    if item.threshold is None:
        return Answer(float(rng.randint(5, 30)))
    limit = item.threshold
    if item.direction in ("<=", "<"):
        return Answer(round(rng.uniform(0.5, limit), 1) if good else round(limit * 2.5, 1))
    if item.direction == "==":
        return Answer(limit if good else limit + rng.randint(1, 3))
    return Answer(limit + rng.randint(0, 5) if good else max(0.0, limit - rng.randint(1, 3)))


class HistoryMaker:
    """Makes finished runs of every bundled template over a span of days."""

    def __init__(self, ctx: Context, seed: int = 7) -> None:
        self.ctx = ctx
        self.rng = random.Random(seed)
        self.store_code = ctx.profile.store_code if ctx.profile else "DEMO"
        self.actions = ActionBook(ctx.store)
        self.pending: list[Run] = []
        self.action_docs: list[dict[str, Any]] = []

    def _run(self, template: Template, header: dict[str, str], when: datetime, skill: float) -> Run:
        stamp = when.isoformat()
        answers: dict[str, dict[str, Any]] = {}
        for item in template.items:
            if item.type == "text":
                if self.rng.random() < 0.3:
                    answers[item.id] = {"at": stamp, "value": self.rng.choice(NOTES)}
                continue
            if item.bonus and self.rng.random() < 0.8:
                continue
            a = _answer(item, self.rng, skill)
            answers[item.id] = (
                {"at": stamp, "na": True} if a.na else {"at": stamp, "value": a.value}
            )
        run = Run(
            id=uuid.UUID(int=self.rng.getrandbits(128)).hex[:12], template_id=template.id,
            template_version=template.version, template_hash=template.hash,
            store_code=self.store_code, started_at=(when - timedelta(minutes=25)).isoformat(),
            updated_at=stamp, header=header, answers=answers, status="finished",
            finished_at=stamp, signed_off_by=header.get("auditor", "店长"),
        )  # fmt: skip
        run.auditor = run.role_value(template, "auditor")
        run.subject = run.role_value(template, "subject")
        run.signed_off_by = run.auditor or "店长"
        if self.rng.random() < 0.25 and run.answers:
            run.notes[self.rng.choice(sorted(run.answers))] = self.rng.choice(NOTES)
        if template.review:
            run.review = review_entry(None, "submitted", run.auditor, "", stamp)
            if self.rng.random() < 0.9:
                run.review = review_entry(run.review, "accepted", "店长", "", stamp)
        self.pending.append(run)
        return run

    def _actions_for(self, run: Run, template: Template, when: datetime, today: date) -> None:
        from storeops.scoring import score_run

        result = score_run(template, run.scoring_answers(), run.attributes())
        for item_id, r in result.items.items():
            if r.status != "fail" or self.rng.random() > Plan().action_share:
                continue
            due = (when + timedelta(days=self.rng.randint(2, 14))).date()
            status = (
                "verified"
                if due < today - timedelta(days=20)
                else self.rng.choice(["open", "in_progress", "done", "verified"])
            )
            history = [{"status": "open", "at": when.isoformat(), "by": "店长"}]
            if status != "open":
                history.append({"status": status, "at": (when + timedelta(days=2)).isoformat(),
                                "by": "店长", "note": ""})  # fmt: skip
            self.action_docs.append({
                "id": uuid.UUID(int=self.rng.getrandbits(128)).hex[:10], "run_id": run.id,
                "template_id": template.id, "item_id": item_id, "store_code": self.store_code,
                "description": self.rng.choice(NOTES), "owner": self.rng.choice(STAFF),
                "due": due.isoformat(), "priority": self.rng.choice(PRIORITIES),
                "created_at": when.isoformat(), "status": status, "history": history,
            })  # fmt: skip

    def make(
        self,
        start: date,
        end: date,
        plan: Plan = Plan(),
        progress: Callable[[str], None] | None = None,
    ) -> int:
        """Fill the folder with runs from ``start`` to ``end``; returns how many."""
        catalogue = self.ctx.catalogue
        get = catalogue.get
        total = 0
        day = start
        skills = {name: self.rng.uniform(0.8, 0.97) for name in STAFF}
        while day <= end:
            tz_now = self.ctx.clock.at(day, time(9, 0))
            week_day = day.weekday()
            if "six-s" in catalogue and week_day < plan.six_s_per_week * 2 and week_day % 2 == 0:
                template = get("six-s")
                when = tz_now.replace(hour=8, minute=30)
                run = self._run(template, {"auditor": self.rng.choice(STAFF[:3])}, when, 0.93)
                self._actions_for(run, template, when, end)
            if "sales-seven-step" in catalogue:
                template = get("sales-seven-step")
                for k in range(round(plan.observations_per_week / 7 + self.rng.random() - 0.5)):
                    name = self.rng.choice(STAFF)
                    when = tz_now.replace(hour=11 + k)
                    header = {"associate": name, "observer": "王芳"}
                    self._run(template, header, when, skills[name])
            if "mystery-shopper" in catalogue and self.rng.random() < plan.visits_per_month / 30:
                template = get("mystery-shopper")
                target = self.rng.choice(COMPETITORS)
                kind = "own" if target.startswith("本店") else "competitor"
                header = {"shopper": "Mei", "target": target, "target_kind": kind,
                          "visit_date": day.isoformat(), "time_in": "14:20",
                          "time_out": "14:55"}  # fmt: skip
                self._run(template, header, tz_now.replace(hour=15), self.rng.uniform(0.8, 0.97))
            if plan.check_in_every_day and "daily-service-check" in catalogue:
                template = get("daily-service-check")
                header = check_in_header(self.ctx.goals, day, day, "王芳")
                run = self._run(template, header, tz_now.replace(hour=21), 0.9)
                seen = self.rng.randint(10, 40)
                run.answers["DG-08"] = {"at": run.finished_at, "value": float(seen)}
                done = float(round(seen * self.rng.uniform(0.7, 1.0)))
                run.answers["DG-09"] = {"at": run.finished_at, "value": done}
            if day.day == 1 or day == end:
                total += self.flush()
                if progress:
                    progress(day.isoformat())
            day += timedelta(days=1)
        return total + self.flush()

    def flush(self) -> int:
        """File what was made so far (one write per month) and the actions."""
        count = len(self.pending)
        if self.pending:
            for template_id in {run.template_id for run in self.pending}:
                template = self.ctx.catalogue.get(template_id)
                self.ctx.store.archive_template(template.hash, template.data)
            self.ctx.runs.file_runs(self.pending)
            self.pending = []
        if self.action_docs:
            self.ctx.store.collection("actions").put_many(self.action_docs)
            self.action_docs = []
        return count


def make_demo(
    ctx: Context,
    *,
    today: date,
    months: int = 4,
    plan: Plan = Plan(),
    seed: int = 7,
    complaints: bool = True,
) -> int:
    """A few months of a store's history, ending yesterday, plus this month's goal plan and
    (``complaints``) a complaint log; returns how many checklists were made."""
    if ctx.profile is None:
        ctx.save_profile(StoreProfile("DEMO-01", "演示门店 Demo store", "王芳"))
    for name in STAFF:
        ctx.staff.remember(name)
    from storeops.goals import GoalError, month_of

    for offset in range(months + 1):
        month = month_of(today - timedelta(days=30 * offset))
        with suppress(GoalError):  # a month already planned stays as it is
            ctx.goals.new_plan(month, examples=ctx.goal_examples())
    start = today - timedelta(days=30 * months)
    made = HistoryMaker(ctx, seed).make(start, today - timedelta(days=1), plan)
    from storeops.complaints import ComplaintBook

    if complaints and not ComplaintBook(ctx.store).all():  # a demo made again keeps its log
        demo_complaints(ctx, today=today, months=months, seed=seed)
    return made + demo_surveys(ctx, today=today, months=months, seed=seed)


def demo_surveys(ctx: Context, *, today: date, months: int, seed: int = 7) -> int:
    """Customer satisfaction surveys over the demo's months (two a week, in the store or by
    phone), so the satisfaction report has something to show; returns how many."""
    from storeops.survey_report import SURVEY_TEMPLATE

    if SURVEY_TEMPLATE not in ctx.catalogue:
        return 0
    template = ctx.catalogue.get(SURVEY_TEMPLATE)
    maker = HistoryMaker(ctx, seed + 2)
    day = today - timedelta(days=30 * months)
    while day < today - timedelta(days=1):
        if day.weekday() in (2, 5):  # Wednesday and Saturday afternoons
            header = {
                "collected_by": maker.rng.choice(STAFF[:3]),
                "channel": maker.rng.choice(("in_store", "in_store", "phone")),
            }
            when = ctx.clock.at(day, time(16, 0))
            run = maker._run(template, header, when, maker.rng.uniform(0.75, 0.95))
            # Customers expect a good deal (H mostly 4), and the store is slow to respond
            # (its R items lower), so the report shows a gap of each kind.
            for item in template.items:
                if item.type == "choice":
                    value: Any = maker.rng.choice(("3", "4", "4", "4", "5"))
                elif item.type == "scale" and item.section_id == "R":
                    value = maker.rng.choice((2, 3, 3, 4, 4, 5))  # a scale answer is whole
                else:
                    continue
                run.answers[item.id] = {"at": when.isoformat(), "value": value}
        day += timedelta(days=1)
    return maker.flush()


# Complaints a store of this kind hears (ours, after seed 003's 投诉记录): category, cause,
# product, what happened, what the customer asked, days after purchase (None: nothing was
# bought), the remedy given and the refund, the follow-up call's outcome.
COMPLAINTS: tuple[tuple[str, str, str, str, str, int | None, str, float, str], ...] = (
    ("product", "defect", "羊毛大衣 Wool coat M", "开线 seam opened after two wears", "换一件",
     5, "exchange", 0.0, "resolved"),
    ("service", "attitude", "", "Associate ignored me at the fitting room", "An apology",
     None, "apology", 0.0, "reached"),
    ("after_sales", "service_quality", "西裤 Trousers", "裤边修改等了三周 Alteration took 3 weeks",
     "补偿", 20, "compensation", 50.0, "unhappy"),
    ("service", "price", "衬衫 Shirt", "Price tag differs from the till", "差价退回",
     1, "compensation", 20.0, "resolved"),
    ("product", "misuse", "针织衫 Knit top", "热水洗后缩水 Shrank after a hot wash", "退货",
     12, "none", 0.0, "reached"),
    ("product", "defect", "皮鞋 Leather shoes", "鞋底开胶 Sole came off", "维修",
     11, "repair", 0.0, "resolved"),
    ("service", "environment", "", "试衣间太挤 Fitting rooms too crowded on Saturday", "",
     None, "apology", 0.0, "no_answer"),
)  # fmt: skip


def demo_complaints(ctx: Context, *, today: date, months: int, seed: int = 7) -> int:
    """A complaint log over the demo's months, handled as a store handles them: most closed
    with the remedy given and called back (one customer still unhappy, so reopened and
    closed again), corrective actions on those the store caused, one received yesterday and
    still being analysed, and one call due today. Ids come from ``seed``: the same demo each
    time. Returns how many complaints were logged."""
    from storeops.complaints import ComplaintBook

    rng = random.Random(seed + 1)

    def new_id() -> str:
        return uuid.UUID(int=rng.getrandbits(128)).hex[:10]

    book = ComplaintBook(ctx.store, ctx.profile.after_sales if ctx.profile else None, new_id)
    actions = ActionBook(ctx.store, new_id)
    code = ctx.profile.store_code if ctx.profile else "DEMO"
    manager = ctx.profile.manager if ctx.profile and ctx.profile.manager else "王芳"
    logged = 0
    span = max(30 * months, 30)
    cases = [*COMPLAINTS * max(1, months // 2)]
    for n, case in enumerate(cases):
        category, cause, product, description, demand, bought, remedy, refund, call = case
        received = today - timedelta(days=span - n * span // len(cases))
        if received >= today - timedelta(days=4):
            received = today - timedelta(days=5 + n % 3)
        at = ctx.clock.at(received, time(14, 0))
        values = {"category": category, "cause": cause, "product": product,
                  "description": description, "demand": demand,
                  "staff": rng.choice(STAFF) if category == "service" else "",
                  "customer": rng.choice(("张女士", "李先生", "Ms Chen", "王女士")),
                  "phone": f"138{rng.randint(0, 99_999_999):08d}",
                  "received_on": received.isoformat()}  # fmt: skip
        if bought is not None:
            values["purchased"] = (received - timedelta(days=bought)).isoformat()
        complaint = book.log(values, store_code=code, by=manager, now=at)
        logged += 1
        book.move(complaint.id, by=manager, now=at + timedelta(hours=2))  # analysed
        if complaint.store_caused:
            action = book.raise_action(
                actions, complaint.id, description=f"Brief the team: {description}",
                owner=rng.choice(STAFF), due=received + timedelta(days=7), by=manager,
                now=at + timedelta(hours=3),
            )  # fmt: skip
            if received < today - timedelta(days=14):  # done, and the manager checked it
                done = ctx.clock.at(received + timedelta(days=3), time(18, 0))
                actions.set_status(action.id, "done", by=action.owner, now=done,
                                   note="Talked it through at the morning briefing")  # fmt: skip
                actions.verify(action.id, by=manager, now=done + timedelta(days=1))
        closed_on = received + timedelta(days=1 + rng.randint(0, 4))
        book.close(complaint.id, remedy=remedy, refund=refund, by=manager,
                   now=ctx.clock.at(closed_on, time(17, 0)))  # fmt: skip
        due = date.fromisoformat(book.get(complaint.id).follow_up_due)
        if due > today - timedelta(days=1):
            continue  # not called yet: due soon, or today
        book.follow_up(complaint.id, outcome=call, by=manager, now=ctx.clock.at(due, time(10, 0)))
        again = due + timedelta(days=1)
        if again >= today - timedelta(days=1):
            continue  # the last no-answer stays due: the dashboard shows it overdue
        if call == "unhappy":  # reopened: handled again and closed with more
            book.close(complaint.id, remedy="compensation", refund=refund + 50, by=manager,
                       note="Refunded the alteration",
                       now=ctx.clock.at(again, time(16, 0)))  # fmt: skip
            again = date.fromisoformat(book.get(complaint.id).follow_up_due)
        if call in ("unhappy", "no_answer") and again < today - timedelta(days=1):
            book.follow_up(complaint.id, outcome="resolved", by=manager,
                           now=ctx.clock.at(again, time(11, 0)))  # fmt: skip
    # Heard yesterday, being looked into; closed three days ago, its call due today.
    yesterday = ctx.clock.at(today - timedelta(days=1), time(18, 30))
    fresh = book.log({"category": "service", "cause": "attitude", "staff": STAFF[3],
                      "customer": "陈女士 Ms Chen", "phone": "13712345678",
                      "description": "No one helped me find my size", "demand": "A call back",
                      "received_on": (today - timedelta(days=1)).isoformat()},
                     store_code=code, by=manager, now=yesterday)  # fmt: skip
    book.move(fresh.id, by=manager, now=yesterday + timedelta(minutes=30))
    closing = today - timedelta(days=book.rules.follow_up_days)
    received = closing - timedelta(days=1)
    due_today = book.log({"category": "product", "cause": "defect", "product": "围巾 Scarf",
                          "description": "Pulled thread on first wear",
                          "purchased": (received - timedelta(days=3)).isoformat(),
                          "customer": "刘女士", "phone": "13900001234",
                          "received_on": received.isoformat()}, store_code=code, by=manager,
                         now=ctx.clock.at(received, time(15, 0)))  # fmt: skip
    book.close(due_today.id, remedy="exchange", by=manager, now=ctx.clock.at(closing, time(12, 0)))
    return logged + 2
