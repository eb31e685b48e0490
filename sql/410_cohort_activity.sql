-- cohort_activity: how many customers were active in each calendar month, split by their cohort
-- (the month of their first purchase) and by whether they were also active the month before;
-- from transactions, so up to as_of(). A small table (months x cohorts x 2) that
-- monthly_kpis and cohort_retention read instead of going over the transactions again.
--     month                       first day of the calendar month
--     cohort_month                first day of the month of the customers' first purchase
--     active_in_previous_month    the customers also bought in the calendar month before
--     customers                   distinct customers with at least one transaction in the month
-- Months are handled as whole numbers (months since 1970-01) while grouping: one pass over
-- transactions grouped by customer, each customer's active months as a small list.
CREATE OR REPLACE TABLE cohort_activity AS
WITH
per_customer AS (
    SELECT list(DISTINCT date_diff('month', DATE '1970-01-01', purchase_date)) AS active_months
    FROM transactions
    GROUP BY customer_id
),
customer_months AS (
    SELECT unnest(active_months)   AS month_number,
           list_min(active_months) AS cohort_number,
           active_months
    FROM per_customer
)
SELECT (DATE '1970-01-01' + to_months(month_number))::DATE  AS month,
       (DATE '1970-01-01' + to_months(cohort_number))::DATE AS cohort_month,
       list_contains(active_months, month_number - 1)       AS active_in_previous_month,
       count(*)                                             AS customers
FROM customer_months
GROUP BY ALL
ORDER BY month, cohort_month, active_in_previous_month;
