-- cohort_activity: how many customers were active in each calendar month, split by their cohort
-- (the month of their first purchase) and by whether they were also active the month before;
-- from transactions, so up to as_of(). A small table (months x cohorts x 2) that
-- monthly_kpis and cohort_retention read instead of going over the transactions again.
--     month                       first day of the calendar month
--     cohort_month                first day of the month of the customers' first purchase
--     active_in_previous_month    the customers also bought in the calendar month before
--     customers                   distinct customers with at least one transaction in the month
-- Months are handled as whole numbers (months since 1970-01) while grouping. Two formulations
-- with the same result (per_customer_lists, set by 010_transactions.sql): each customer's active
-- months as a small list (fast), or, for data too large for lists in memory, each distinct
-- (customer, month) with a window over the customer's months.
CREATE OR REPLACE TABLE cohort_activity AS
WITH
per_customer AS (
    SELECT list(DISTINCT date_diff('month', DATE '1970-01-01', purchase_date)) AS active_months
    FROM transactions
    WHERE coalesce(getvariable('per_customer_lists'), true)
    GROUP BY customer_id
),
months_in_lists AS (
    SELECT month_number,
           list_min(active_months)                        AS cohort_number,
           list_contains(active_months, month_number - 1) AS active_in_previous_month
    FROM (SELECT unnest(active_months) AS month_number, active_months FROM per_customer)
),
customer_months AS (
    SELECT DISTINCT customer_id, date_diff('month', DATE '1970-01-01', purchase_date) AS month_number
    FROM transactions
    WHERE NOT coalesce(getvariable('per_customer_lists'), true)
),
months_in_windows AS (
    SELECT month_number,
           first_value(month_number) OVER customer_history                     AS cohort_number,
           coalesce(lag(month_number) OVER customer_history = month_number - 1, false) AS active_in_previous_month
    FROM customer_months
    WINDOW customer_history AS (PARTITION BY customer_id ORDER BY month_number)
)
SELECT (DATE '1970-01-01' + to_months(month_number))::DATE  AS month,
       (DATE '1970-01-01' + to_months(cohort_number))::DATE AS cohort_month,
       active_in_previous_month,
       count(*)                                             AS customers
FROM (FROM months_in_lists UNION ALL FROM months_in_windows)
GROUP BY ALL
ORDER BY month, cohort_month, active_in_previous_month;
