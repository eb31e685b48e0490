-- The per-customer summary the probabilistic CLTV models are fitted on (BG/NBD, Gamma-Gamma), in the
-- time unit getvariable('cltv_time_unit_days') (7 = weeks):
--   frequency (x) = purchase days - 1: purchases on one day are one occasion, the first is not a repeat;
--   recency (t_x) = first to last purchase day; t (T) = first purchase day to the as-of date;
--   monetary      = mean spend of the repeat occasions (the first day's spend excluded, as the
--                   Gamma-Gamma model wants it); NULL for customers without a repeat.
-- Returns (010_transactions.sql) are never purchase days. With returns = 'net' a return netted
-- against a purchase after the customer's first purchase day is subtracted from the repeat spend;
-- one netted against the first day's purchase lowers the first day's spend, which monetary leaves
-- out; with 'drop' returns are ignored.
-- From the per-customer summary export instead when there are no purchases: x = frequency - 1,
-- monetary = monetary / frequency (the export cannot separate the first order's spend).
CREATE OR REPLACE TABLE cltv_summary AS
WITH purchase_days AS (
    SELECT customer_id, purchase_date, stable_sum(amount) AS spend
    FROM purchases
    WHERE purchase_date <= as_of()
      AND NOT is_return_line(is_return, amount)
    GROUP BY customer_id, purchase_date
),
per_customer AS (
    SELECT
        customer_id,
        count(*) - 1                                                      AS x,
        min(purchase_date)                                                AS first_day,
        max(purchase_date)                                                AS last_day,
        stable_sum(spend) - arg_min(spend, purchase_date)                 AS repeat_spend_total
    FROM purchase_days
    GROUP BY customer_id
),
returns_after_first_day AS (
    SELECT r.customer_id, stable_sum(r.counted_amount) AS counted_amount
    FROM purchase_returns AS r
    JOIN per_customer AS c ON c.customer_id = r.customer_id AND r.nets_against_date > c.first_day
    GROUP BY r.customer_id
),
from_purchases AS (
    SELECT
        c.customer_id,
        c.x,
        c.first_day,
        c.last_day,
        safe_ratio(c.repeat_spend_total + coalesce(r.counted_amount, 0), c.x) AS repeat_spend
    FROM per_customer AS c
    LEFT JOIN returns_after_first_day AS r USING (customer_id)
),
from_summary AS (
    SELECT
        customer_id,
        frequency - 1                         AS x,
        first_purchase_date                   AS first_day,
        last_purchase_date                    AS last_day,
        CASE WHEN frequency > 1 THEN monetary / frequency END AS repeat_spend
    FROM customers
    WHERE NOT EXISTS (FROM purchases)
      AND first_purchase_date <= as_of()
      AND last_purchase_date <= as_of()
      AND frequency >= 1
)
SELECT
    customer_id,
    CAST(x AS DOUBLE)                                                                   AS frequency,
    date_diff('day', first_day, last_day) / getvariable('cltv_time_unit_days')          AS recency,
    date_diff('day', first_day, as_of()) / getvariable('cltv_time_unit_days') AS t,
    repeat_spend                                                                        AS monetary
FROM (SELECT * FROM from_purchases UNION ALL SELECT * FROM from_summary);
