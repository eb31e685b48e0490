-- cohort_retention: the monthly cohort retention table as a long table, one row per
-- cohort and month since: a cohort is the customers whose first purchase (up to
-- as_of()) fell in cohort_month; months_since runs from 0 (the cohort's own month)
-- to the month of as_of, at most getvariable('cohort_max_months_since').
--     cohort_size       customers in the cohort
--     customers         of them, those active (at least one transaction) in the month
--                       cohort_month + months_since; 0 when none was
--     retention_rate    customers / cohort_size (1 for months_since 0)
-- The month of as_of may be partial (see monthly_kpis.month_complete).
CREATE OR REPLACE TABLE cohort_retention AS
WITH
settings AS (
    SELECT coalesce(getvariable('cohort_max_months_since')::INTEGER,
                    error('cohort_retention: the parameter cohort_max_months_since is not set')) AS max_months_since
),
cohorts AS (
    SELECT cohort_month, sum(customers)::BIGINT AS cohort_size
    FROM cohort_activity
    WHERE month = cohort_month
    GROUP BY cohort_month
),
grid AS (
    SELECT cohort_month,
           cohort_size,
           unnest(range(0, least(date_diff('month', cohort_month, as_of()), settings.max_months_since) + 1)) AS months_since
    FROM cohorts, settings
),
active AS (
    SELECT cohort_month, date_diff('month', cohort_month, month) AS months_since, sum(customers)::BIGINT AS customers
    FROM cohort_activity
    GROUP BY ALL
)
SELECT grid.cohort_month,
       grid.months_since::INTEGER                      AS months_since,
       grid.cohort_size,
       coalesce(active.customers, 0)                   AS customers,
       coalesce(active.customers, 0) / grid.cohort_size AS retention_rate
FROM grid
LEFT JOIN active USING (cohort_month, months_since)
ORDER BY grid.cohort_month, months_since;
