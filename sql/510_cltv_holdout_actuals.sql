-- Calibration / holdout validation, the actual side (the CLTV stage adds the model's side and writes
-- cltv_holdout and cltv_tracking). The calibration period ends at as_of() (cltv_summary
-- is built from it); the holdout period is (as_of, cltv_holdout_end]. Both tables are empty when
-- cltv_holdout_end is not set (NULL), or when there are no purchases (a customer summary export has no
-- purchase dates to count).
-- A purchase occasion is a distinct purchase day, as in cltv_summary's frequency; returns are none.
--
-- cltv_holdout_actuals: per calibration customer (of cltv_summary), the first purchase day and the
-- number of purchase days in the holdout period (all of them repeat purchases).
CREATE OR REPLACE TABLE cltv_holdout_actuals AS
WITH days AS (
    SELECT DISTINCT customer_id, purchase_date
    FROM purchases
    WHERE purchase_date <= getvariable('cltv_holdout_end')
      AND NOT is_return_line(is_return, amount)
      AND customer_id IN (SELECT customer_id FROM cltv_summary)
)
SELECT
    customer_id,
    min(purchase_date)                                                  AS first_purchase_date,
    count(*) FILTER (WHERE purchase_date > as_of())                     AS actual_holdout_purchases
FROM days
GROUP BY customer_id
HAVING min(purchase_date) <= as_of();

-- cltv_tracking_actuals: the tracking plot's actual side. Periods of cltv_time_unit_days days (7 =
-- weeks), laid so that one ends exactly on the as-of date (the calibration/holdout boundary is a period
-- boundary) and numbered from 1 at the period holding the first calibration customer's first purchase;
-- period_start..period_end are the days a period covers within [first purchase, cltv_holdout_end] (the
-- first and last periods may be partial). actual_repeat_purchases = purchase days after each calibration
-- customer's first purchase day that fall in the period, summed over the customers.
-- With a fractional unit a period covers the days d with k·unit ≤ d − (as_of + 1) < (k + 1)·unit.
CREATE OR REPLACE TABLE cltv_tracking_actuals AS
WITH bounds AS (
    SELECT
        min(first_purchase_date)                       AS data_start,
        as_of() + 1                                    AS anchor,
        getvariable('cltv_holdout_end')                AS holdout_end,
        getvariable('cltv_time_unit_days')::DOUBLE     AS unit
    FROM cltv_holdout_actuals
    HAVING count(*) > 0
),
period_numbers AS (
    SELECT unnest(range(
        floor(date_diff('day', anchor, data_start) / unit)::BIGINT,
        floor(date_diff('day', anchor, holdout_end) / unit)::BIGINT + 1)) AS k
    FROM bounds
),
periods AS (
    SELECT
        k,
        greatest(data_start, anchor + ceil(k * unit)::INTEGER)               AS period_start,
        least(holdout_end, anchor + (ceil((k + 1) * unit)::INTEGER - 1))     AS period_end
    FROM period_numbers, bounds
),
repeat_days AS (
    -- Each customer's purchase days after the first one, counted per day.
    SELECT d.purchase_date, count(DISTINCT d.customer_id) AS repeat_purchases
    FROM purchases AS d
    JOIN cltv_holdout_actuals AS a USING (customer_id)
    WHERE d.purchase_date > a.first_purchase_date
      AND d.purchase_date <= getvariable('cltv_holdout_end')
      AND NOT is_return_line(d.is_return, d.amount)
    GROUP BY d.purchase_date
)
SELECT
    (row_number() OVER (ORDER BY p.k))::INTEGER                 AS period_index,
    p.period_start,
    p.period_end,
    p.period_start > as_of()                                    AS in_holdout,
    coalesce(sum(r.repeat_purchases), 0)::BIGINT                AS actual_repeat_purchases
FROM periods AS p
LEFT JOIN repeat_days AS r ON r.purchase_date BETWEEN p.period_start AND p.period_end
WHERE p.period_start <= p.period_end
GROUP BY p.k, p.period_start, p.period_end
ORDER BY period_index;
