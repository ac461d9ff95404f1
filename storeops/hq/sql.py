"""Every query head office runs, in one place an analyst can read.

The warehouse is plain Parquet in a hive layout: the detail, one row per run, answer,
action and complaint as the stores exported them (``runs/store_code=…/month=…/*.parquet``,
likewise ``answers``, ``actions`` and ``complaints``), and the summaries kept from it at
ingest (``summary/<name>/month=…/*.parquet``): small per-store-day figures the reports
read, so a report over ten million answer rows reads a few hundred thousand summary rows.
The same statements run unchanged in any engine that reads such a dataset (Spark, Trino,
BigQuery external tables) once ``runs``, ``answers``, ``actions``, ``complaints`` and the
summaries are defined over the folders, and ``round1`` as ``floor(x * 10 + 0.5 + 1e-9) / 10``.

``{where}`` is filled with the filters a report was asked for (checklist, period, stores);
nothing else is formatted in but the column of a period (``week`` or ``month``).
"""

from __future__ import annotations

DETAIL = ("runs", "answers", "actions", "complaints")

# Views over the warehouse folders; {root} is the warehouse path, quoted by the caller.
VIEWS = {
    level: (
        f"CREATE OR REPLACE VIEW {level} AS SELECT * FROM read_parquet("
        f"'{{root}}/{level}/*/*/*.parquet', hive_partitioning = true, "
        "hive_types_autocast = false, union_by_name = true)"
    )
    for level in DETAIL
}

# One decimal, half up (87.25 → 87.3), as storeops rounds every score (``round`` in SQL
# rounds the binary double, which can land on either side: 87.55 → 87.5).
MACROS = "CREATE OR REPLACE MACRO round1(x) AS floor(x * 10 + 0.5 + 1e-9) / 10"

# --- the summaries ------------------------------------------------------------------------
# Each is made from ``detail``: the rows of the store-months an ingest wrote (the runs or
# answers view over just those partitions, with their store_code and month). Each summary
# row belongs to one store and month, so when a partition is written again its summary
# rows are replaced (see storeops.hq.summaries). A run's day is the day in the store's
# time zone (the first ten characters of its finished_at); the reports filter on it.

# Runs per store, checklist, own/competitor and day: league and trend.
RUN_DAYS = """
SELECT store_code, month, template_id, target_kind,
       TRY_CAST(substr(finished_at, 1, 10) AS DATE) AS day,
       count(*) AS runs,
       count(score) AS scored,
       sum(score) AS score_sum,
       count(*) FILTER (WHERE critical_failed = 'Y') AS critical_failures,
       -- the latest scored run of the day and its score (finished_at, then run_id, orders)
       max(finished_at || ' ' || run_id) FILTER (WHERE score IS NOT NULL) AS last_key,
       arg_max(score, finished_at || ' ' || run_id) AS last_score
FROM detail
GROUP BY ALL
"""

# The store's own runs per checklist, by the run's day (a check-in's or a visit's date, else
# the day it was finished) and the due day of the period it belongs to: completion.
COMPLETION_DAYS = """
SELECT store_code, month, template_id,
       TRY_CAST(coalesce(visit_date, substr(finished_at, 1, 10)) AS DATE) AS day,
       TRY_CAST(due_on AS DATE) AS due_on,
       count(*) AS runs,
       count(on_time) AS scheduled,
       count(*) FILTER (WHERE on_time = 'Y') AS on_time
FROM detail
WHERE target_kind = 'own'
GROUP BY ALL
"""

# Points earned and possible per section, store and day, own runs: the heat map. Answer
# rows add up (export version 2 on), so earned ÷ possible is the section's score.
SECTION_DAYS = """
SELECT store_code, month, template_id, section_id,
       TRY_CAST(substr(finished_at, 1, 10) AS DATE) AS day,
       sum(points_earned) AS earned, sum(points_possible) AS possible
FROM detail
WHERE target_kind = 'own'
GROUP BY ALL
"""

# Failures per item, store and day, own runs: the Pareto.
FAILURE_DAYS = """
SELECT store_code, month, template_id, item_id,
       TRY_CAST(substr(finished_at, 1, 10) AS DATE) AS day,
       count(*) AS failures, min(item_text) AS item_text
FROM detail
WHERE target_kind = 'own' AND result = 'fail'
GROUP BY ALL
"""

# Streaks of failures per item (repeat findings). Over an item's pass/fail results at one
# store, in order (finished_at, then run_id), a streak is the fails between two passes,
# numbered in that order (streak). Kept: per streak and day, the fails that day (fails >
# 0), and the pass that ends the streak (a row with fails = 0), which is all the repeats
# report needs for any period. A streak of one fail that a pass has ended can never be
# reported and is left out (most failures are such).
#
# ``detail`` holds a store's answers from a month on; ``carry`` the item's last streak
# before that month (from the summary rows before it) and whether it is still open. A
# streak of one fail that began before that month keeps its ending pass, so a later month
# knows it ended.
STREAK_DAYS = """
WITH numbered AS (  -- only what the order needs goes through the sort
    SELECT store_code, template_id, item_id, finished_at, run_id,
           result = 'fail' AS failed,
           -- passes so far: the fails after the n-th pass are streak n; a pass ends n - 1
           sum(CASE WHEN result = 'fail' THEN 0 ELSE 1 END) OVER item_order AS passes,
           lag(result = 'fail') OVER item_order AS failed_before
    FROM detail
    WHERE target_kind = 'own' AND result IN ('pass', 'fail')
    WINDOW item_order AS (PARTITION BY store_code, template_id, item_id
                          ORDER BY finished_at, run_id ROWS UNBOUNDED PRECEDING)
), kept AS (  -- the fails, and each pass that ends a streak
    SELECT n.store_code, substr(n.finished_at, 1, 7) AS month, n.template_id, n.item_id,
           n.failed, TRY_CAST(substr(n.finished_at, 1, 10) AS DATE) AS day,
           n.finished_at || ' ' || n.run_id AS key,
           n.passes - CASE WHEN n.failed THEN 0 ELSE 1 END AS passes_before,
           -- numbered on from the item's last streak (the same one while it is open)
           coalesce(c.streak + CASE WHEN c.open THEN 0 ELSE 1 END, 0) + passes_before
               AS streak,
           passes_before = 0 AND coalesce(c.open, false) AS continued
    FROM numbered n
    LEFT JOIN carry c USING (store_code, template_id, item_id)
    WHERE n.failed OR coalesce(n.failed_before, c.open, false)
), streaks AS (
    SELECT store_code, template_id, item_id, streak,
           bool_or(continued) AS continued,
           count(*) FILTER (WHERE failed) AS fails,
           bool_or(NOT failed) AS ended
    FROM kept
    GROUP BY store_code, template_id, item_id, streak
)
SELECT k.store_code, k.month, k.template_id, k.item_id, k.day, k.streak,
       CASE WHEN k.failed THEN count(*) ELSE 0 END AS fails,
       max(k.key) AS last_key
FROM kept k
JOIN streaks s USING (store_code, template_id, item_id, streak)
WHERE NOT (s.ended AND s.fails < 2 AND NOT s.continued)
GROUP BY k.store_code, k.month, k.template_id, k.item_id, k.day, k.streak, k.failed
"""

# The item's last streak before the month a store's streaks are worked out again from
# (``recompute``), from its latest summary row before then (``streak_days_known``: the
# summary as it stands), and whether it is open: that row is a day of fails, not the pass
# that ended it.
STREAK_CARRY = """
SELECT o.store_code, o.template_id, o.item_id,
       arg_max(o.streak, o.last_key) AS streak,
       arg_max(o.fails, o.last_key) > 0 AS open
FROM streak_days_known o
JOIN recompute r ON o.store_code = r.store_code AND o.month < r.month
GROUP BY ALL
"""

# The summaries' columns (the table layout an analyst's engine declares over the folders;
# ``month`` is the folder's, as ``store_code`` and ``month`` are in the detail).
SCHEMAS = {
    "run_days": "store_code VARCHAR, month VARCHAR, template_id VARCHAR, target_kind VARCHAR, "
    "day DATE, runs BIGINT, scored BIGINT, score_sum DOUBLE, critical_failures BIGINT, "
    "last_key VARCHAR, last_score DOUBLE",
    "completion_days": "store_code VARCHAR, month VARCHAR, template_id VARCHAR, day DATE, "
    "due_on DATE, runs BIGINT, scheduled BIGINT, on_time BIGINT",
    "section_days": "store_code VARCHAR, month VARCHAR, template_id VARCHAR, "
    "section_id VARCHAR, day DATE, earned DOUBLE, possible DOUBLE",
    "failure_days": "store_code VARCHAR, month VARCHAR, template_id VARCHAR, item_id VARCHAR, "
    "day DATE, failures BIGINT, item_text VARCHAR",
    "streak_days": "store_code VARCHAR, month VARCHAR, template_id VARCHAR, item_id VARCHAR, "
    "day DATE, streak BIGINT, fails BIGINT, last_key VARCHAR",
    "complaint_days": "store_code VARCHAR, month VARCHAR, category VARCHAR, cause VARCHAR, "
    "day DATE, received BIGINT, closed BIGINT, days_to_close HUGEINT, timed BIGINT, "
    "calls BIGINT, calls_on_time BIGINT, reopened HUGEINT, refund DOUBLE",
}

# Complaints per store, category and cause by the day they were received: how many, how
# many are closed and the days they took, the follow-up calls made and how many on time,
# reopenings and refunds. A complaint's row is its latest state (see ingest's WINNERS).
COMPLAINT_DAYS = """
SELECT store_code, month, category, cause,
       TRY_CAST(received_on AS DATE) AS day,
       count(*) AS received,
       count(*) FILTER (WHERE status = 'closed') AS closed,
       sum(days_to_close) FILTER (WHERE status = 'closed') AS days_to_close,
       count(days_to_close) FILTER (WHERE status = 'closed') AS timed,
       count(*) FILTER (WHERE follow_up_on_time IN ('Y', 'N')) AS calls,
       count(*) FILTER (WHERE follow_up_on_time = 'Y') AS calls_on_time,
       coalesce(sum(reopened), 0) AS reopened,
       coalesce(sum(refund), 0) AS refund
FROM detail
GROUP BY ALL
"""

SUMMARIES = {
    # name: (detail level it is made from, query)
    "run_days": ("runs", RUN_DAYS),
    "completion_days": ("runs", COMPLETION_DAYS),
    "section_days": ("answers", SECTION_DAYS),
    "failure_days": ("answers", FAILURE_DAYS),
    "streak_days": ("answers", STREAK_DAYS),
    "complaint_days": ("complaints", COMPLAINT_DAYS),
}

# --- the reports ----------------------------------------------------------------------------

# Per store and checklist: runs, mean of run scores, latest score, critical failures, and
# the change against the mean of the previous period of the same length (trend). Own
# stores and competitors (target_kind) are ranked apart.
LEAGUE = """
WITH chosen AS (
    SELECT * FROM run_days WHERE {where}
), previous AS (
    SELECT store_code, template_id, target_kind,
           sum(score_sum) / nullif(sum(scored), 0) AS previous_mean
    FROM run_days WHERE {previous_where}
    GROUP BY ALL
), stores AS (
    SELECT target_kind, store_code, template_id,
           sum(runs)::BIGINT AS runs,
           sum(score_sum) / nullif(sum(scored), 0) AS mean,
           arg_max(last_score, last_key) AS latest_score,
           sum(critical_failures)::BIGINT AS critical_failures
    FROM chosen
    GROUP BY ALL
)
SELECT s.target_kind,
       rank() OVER (PARTITION BY s.template_id, s.target_kind
                    ORDER BY round1(s.mean) DESC NULLS LAST) AS rank,
       s.store_code, s.template_id, s.runs,
       round1(s.mean) AS mean_score,
       s.latest_score,
       s.critical_failures,
       round1(s.mean - p.previous_mean) AS trend
FROM stores s
LEFT JOIN previous p USING (store_code, template_id, target_kind)
ORDER BY s.template_id, s.target_kind <> 'own', s.target_kind, rank, s.store_code
"""

# Section × store: each section's score over the stores' own runs (earned ÷ possible).
HEATMAP = """
SELECT store_code, section_id,
       round1(100 * sum(earned) / nullif(sum(possible), 0)) AS score
FROM section_days
WHERE {where}
GROUP BY ALL
ORDER BY section_id, store_code
"""

# Mean score per week (Monday first) or month of the store's day, per checklist, per store
# or all (store_code '*'), own runs.
TREND = """
SELECT template_id, {group_store} AS store_code,
       strftime(date_trunc('{period}', day), '%Y-%m-%d') AS period,
       sum(runs)::BIGINT AS runs,
       round1(sum(score_sum) / nullif(sum(scored), 0)) AS mean_score
FROM run_days
WHERE {where} AND target_kind = 'own'
GROUP BY ALL
ORDER BY template_id, store_code, period
"""

# Failed items across stores: count, % of all failures, cumulative %.
PARETO = """
WITH failed AS (
    SELECT template_id, item_id, min(item_text) AS item_text,
           sum(failures)::BIGINT AS failures
    FROM failure_days
    WHERE {where}
    GROUP BY ALL
)
SELECT template_id, item_id, item_text, failures,
       round1(100.0 * failures / sum(failures) OVER ()) AS percent,
       round1(100.0 * sum(failures) OVER (ORDER BY failures DESC, template_id, item_id
                                          ROWS UNBOUNDED PRECEDING)
              / sum(failures) OVER ()) AS cumulative
FROM failed
ORDER BY failures DESC, template_id, item_id
"""

# Items that failed in consecutive runs of the same checklist at the same store: the fails
# since the item's last pass, when its latest result in the period is a fail. The latest
# summary row of an item in the period says which: a day of fails (its streak) or the pass
# that ended one (no streak now). The item's text is the Pareto's.
REPEATS = """
WITH chosen AS NOT MATERIALIZED (
    SELECT * FROM streak_days WHERE {where}
), latest AS (
    SELECT store_code, template_id, item_id, max(last_key) AS last_key
    FROM chosen GROUP BY ALL
), ending AS (  -- the item's latest row in the period, when it is a day of fails
    SELECT c.store_code, c.template_id, c.item_id, c.streak, c.last_key
    FROM chosen c JOIN latest l USING (store_code, template_id, item_id, last_key)
    WHERE c.fails > 0
), texts AS (
    SELECT template_id, item_id, min(item_text) AS item_text
    FROM failure_days GROUP BY ALL
)
SELECT e.store_code, e.template_id, e.item_id, any_value(t.item_text) AS item_text,
       sum(c.fails)::BIGINT AS consecutive, split_part(e.last_key, ' ', 1) AS last_run
FROM ending e
JOIN chosen c USING (store_code, template_id, item_id, streak)
LEFT JOIN texts t USING (template_id, item_id)
GROUP BY e.store_code, e.template_id, e.item_id, e.last_key
HAVING sum(c.fails) >= 2
ORDER BY consecutive DESC, e.store_code, e.template_id, e.item_id
"""

# The store's own runs per checklist and week (by the run's day): runs, the due periods they
# fell in (due_on, from the store's schedule when it exported), the runs done on time and
# their share of the scheduled runs (a checklist without a schedule has neither).
COMPLETION = """
SELECT store_code, template_id,
       strftime(date_trunc('week', day), '%Y-%m-%d') AS week,
       sum(runs)::BIGINT AS runs,
       count(DISTINCT due_on) AS due_periods,
       sum(on_time)::BIGINT AS on_time,
       round1(100.0 * sum(on_time) / nullif(sum(scheduled), 0)) AS on_time_share
FROM completion_days
WHERE {where}
GROUP BY ALL
ORDER BY store_code, template_id, week
"""

# Complaints per store, by the day they were received: received, closed, still open, mean
# days to close (of those closed), follow-up calls made and the share on time, reopenings,
# refunds, and the category most complained of (ties: the first by name).
COMPLAINTS = """
WITH chosen AS (
    SELECT * FROM complaint_days WHERE {where}
), top AS (
    SELECT store_code, category, sum(received) AS n
    FROM chosen GROUP BY store_code, category
    QUALIFY row_number() OVER (PARTITION BY store_code ORDER BY n DESC, category) = 1
)
SELECT c.store_code,
       sum(c.received)::BIGINT AS received,
       sum(c.closed)::BIGINT AS closed,
       (sum(c.received) - sum(c.closed))::BIGINT AS open,
       round1(sum(c.days_to_close) / nullif(sum(c.timed), 0)) AS mean_days_to_close,
       sum(c.calls)::BIGINT AS calls,
       round1(100.0 * sum(c.calls_on_time) / nullif(sum(c.calls), 0)) AS calls_on_time_share,
       sum(c.reopened)::BIGINT AS reopened,
       round(sum(c.refund), 2) AS refund,
       any_value(t.category) AS top_category
FROM chosen c
LEFT JOIN top t USING (store_code)
GROUP BY c.store_code
ORDER BY received DESC, c.store_code
"""

# Complaints across the stores by category or cause ({by}, one of the two, never typed in by
# a user): how many, in how many stores, % of all and cumulative % (a Pareto of the chain's
# complaints), then as per store above.
COMPLAINTS_BY = """
WITH grouped AS (
    SELECT coalesce({by}, '') AS {by},
           sum(received) AS received, count(DISTINCT store_code) AS stores,
           sum(closed) AS closed, sum(days_to_close) AS days, sum(timed) AS timed,
           sum(calls) AS calls, sum(calls_on_time) AS on_time, sum(reopened) AS reopened,
           sum(refund) AS refund
    FROM complaint_days
    WHERE {where}
    GROUP BY 1
)
SELECT {by}, received::BIGINT AS received, stores,
       round1(100.0 * received / sum(received) OVER ()) AS percent,
       round1(100.0 * sum(received) OVER (ORDER BY received DESC, {by}
                                         ROWS UNBOUNDED PRECEDING)
              / sum(received) OVER ()) AS cumulative,
       closed::BIGINT AS closed, (received - closed)::BIGINT AS open,
       round1(days / nullif(timed, 0)) AS mean_days_to_close,
       calls::BIGINT AS calls,
       round1(100.0 * on_time / nullif(calls, 0)) AS calls_on_time_share,
       reopened::BIGINT AS reopened, round(refund, 2) AS refund
FROM grouped
ORDER BY received DESC, {by}
"""
