"""Every query head office runs, in one place an analyst can read.

The warehouse is plain Parquet in a hive layout (``runs/store_code=…/month=…/*.parquet``,
likewise ``answers`` and ``actions``), so these same statements run unchanged in any
engine that reads such a dataset (Spark, Trino, BigQuery external tables) once ``runs``,
``answers`` and ``actions`` are defined over the folders. ``{where}`` is filled with the
filters a report was asked for (template, period, stores); nothing else is formatted in.
"""

from __future__ import annotations

# Views over the warehouse folders; {root} is the warehouse path, quoted by the caller.
VIEWS = {
    level: (
        f"CREATE OR REPLACE VIEW {level} AS SELECT * FROM read_parquet("
        f"'{{root}}/{level}/*/*/*.parquet', hive_partitioning = true, "
        "hive_types_autocast = false, union_by_name = true)"
    )
    for level in ("runs", "answers", "actions")
}

# Per store and checklist: runs, mean of run scores, latest score, critical failures, and
# the mean of the previous period of the same length (trend). Own stores and competitors
# (target_kind) are ranked apart.
LEAGUE = """
WITH chosen AS (
    SELECT * FROM runs WHERE {where}
), previous AS (
    SELECT store_code, template_id, target_kind, avg(score) AS previous_mean
    FROM runs WHERE {previous_where}
    GROUP BY ALL
), latest AS (
    SELECT store_code, template_id, target_kind,
           arg_max(score, finished_at) AS latest_score
    FROM chosen GROUP BY ALL
)
SELECT c.target_kind,
       rank() OVER (PARTITION BY c.template_id, c.target_kind
                    ORDER BY avg(c.score) DESC NULLS LAST) AS rank,
       c.store_code, c.template_id,
       count(*) AS runs,
       round(avg(c.score), 1) AS mean_score,
       any_value(l.latest_score) AS latest_score,
       count(*) FILTER (WHERE c.critical_failed = 'Y') AS critical_failures,
       round(avg(c.score) - any_value(p.previous_mean), 1) AS trend
FROM chosen c
LEFT JOIN latest l USING (store_code, template_id, target_kind)
LEFT JOIN previous p USING (store_code, template_id, target_kind)
GROUP BY c.target_kind, c.store_code, c.template_id
ORDER BY c.template_id, c.target_kind <> 'own', c.target_kind, rank, c.store_code
"""

# Section × store: the mean of each section's score over the stores' own runs. Section
# scores are worked out from the answer rows (earned ÷ possible), which add up (export v2).
HEATMAP = """
SELECT a.store_code, a.section_id,
       round(100 * sum(a.points_earned) / nullif(sum(a.points_possible), 0), 1) AS score
FROM answers a
WHERE {where} AND a.target_kind = 'own'
GROUP BY ALL
ORDER BY a.section_id, a.store_code
"""

# Mean score per week (ISO, Monday first) or month, per checklist, per store or all.
TREND = """
SELECT template_id, {group_store} AS store_code,
       strftime(date_trunc('{period}', finished_at::TIMESTAMPTZ), '%Y-%m-%d') AS period,
       count(*) AS runs, round(avg(score), 1) AS mean_score
FROM runs
WHERE {where} AND target_kind = 'own'
GROUP BY ALL
ORDER BY template_id, store_code, period
"""

# Failed items across stores: count, % of all failures, cumulative %.
PARETO = """
WITH failed AS (
    SELECT template_id, item_id, any_value(item_text) AS item_text, count(*) AS failures
    FROM answers
    WHERE {where} AND result = 'fail' AND target_kind = 'own'
    GROUP BY ALL
)
SELECT template_id, item_id, item_text, failures,
       round(100.0 * failures / sum(failures) OVER (), 1) AS percent,
       round(100.0 * sum(failures) OVER (ORDER BY failures DESC, template_id, item_id
                                         ROWS UNBOUNDED PRECEDING)
             / sum(failures) OVER (), 1) AS cumulative
FROM failed
ORDER BY failures DESC, template_id, item_id
"""

# Items that failed in consecutive runs of the same checklist at the same store: the
# longest run of consecutive failures ending at the latest run, per item.
REPEATS = """
WITH ordered AS (
    SELECT store_code, template_id, item_id, item_text, finished_at,
           result = 'fail' AS failed,
           row_number() OVER (PARTITION BY store_code, template_id, item_id
                              ORDER BY finished_at DESC) AS recency
    FROM answers
    WHERE {where} AND target_kind = 'own' AND result IN ('pass', 'fail')
), streaks AS (
    SELECT store_code, template_id, item_id, any_value(item_text) AS item_text,
           coalesce(min(recency) FILTER (WHERE NOT failed), max(recency) + 1) - 1 AS consecutive,
           max(finished_at) AS last_run
    FROM ordered GROUP BY ALL
)
SELECT * FROM streaks WHERE consecutive >= 2
ORDER BY consecutive DESC, store_code, template_id, item_id
"""
