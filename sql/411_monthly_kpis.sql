-- monthly_kpis: the monthly lifecycle KPIs, one row per calendar month from the first
-- month with a purchase or a lead to the month of as_of(); purchases and leads after
-- as_of are ignored. Definitions (a customer is "active" in a month when they made at least one
-- transaction in it):
--     month                 first day of the calendar month
--     month_complete        false for the month of as_of when as_of is not its last day (its
--                           counts cover only part of the month)
--     leads                 distinct customers with a lead dated in the month
--     converted_leads       those of them with at least one purchase up to as_of (whenever made)
--     lead_conversion_rate  converted_leads / leads
--     new_customers         customers whose first purchase falls in the month
--     active_customers      customers active in the month
--     returning_customers   active customers whose first purchase was in an earlier month
--                           (active_customers - new_customers)
--     retained_customers    customers active both in the month and in the month before
--     acquisition_rate      new_customers / active_customers
--     retention_rate        retained_customers / active customers of the month before
--     churn_rate            1 - retention_rate: the share of last month's active customers who
--                           did not buy this month
--     transactions, revenue distinct transactions of the month and their total amount
--     revenue_growth        revenue / revenue of the month before - 1
-- Every rate is NULL when its denominator is 0 (or, for the first month, has no month before).

CREATE OR REPLACE TABLE monthly_kpis AS
WITH
activity AS (
    SELECT month,
           sum(customers)::BIGINT                                         AS active_customers,
           sum(customers) FILTER (WHERE cohort_month = month)::BIGINT     AS new_customers,
           sum(customers) FILTER (WHERE active_in_previous_month)::BIGINT AS retained_customers
    FROM cohort_activity
    GROUP BY month
),
sales AS (
    SELECT date_trunc('month', purchase_date)::DATE AS month,
           count(*)      AS transactions,
           stable_sum(amount) AS revenue
    FROM transactions
    GROUP BY ALL
),
lead_months AS (
    SELECT DISTINCT date_trunc('month', lead_date)::DATE AS month, customer_id
    FROM leads
    WHERE lead_date <= as_of()
),
lead_conversion AS (
    SELECT lead_months.month,
           count(*)                          AS leads,
           count(totals.customer_id)         AS converted_leads
    FROM lead_months
    LEFT JOIN customer_purchase_totals AS totals USING (customer_id)
    GROUP BY lead_months.month
),
calendar AS (
    SELECT unnest(range(first_month, date_trunc('month', as_of())::DATE + INTERVAL 1 MONTH, INTERVAL 1 MONTH))::DATE AS month
    FROM (SELECT least((SELECT min(month) FROM sales), (SELECT min(month) FROM lead_conversion)) AS first_month)
    WHERE first_month IS NOT NULL
),
monthly AS (
    SELECT calendar.month,
           (calendar.month + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE <= as_of() AS month_complete,
           coalesce(lead_conversion.leads, 0)               AS leads,
           coalesce(lead_conversion.converted_leads, 0)     AS converted_leads,
           coalesce(activity.new_customers, 0)              AS new_customers,
           coalesce(activity.active_customers, 0)           AS active_customers,
           coalesce(activity.retained_customers, 0)         AS retained_customers,
           coalesce(sales.transactions, 0)                  AS transactions,
           coalesce(sales.revenue, 0)::DOUBLE               AS revenue
    FROM calendar
    LEFT JOIN activity USING (month)
    LEFT JOIN sales USING (month)
    LEFT JOIN lead_conversion USING (month)
),
with_previous AS (
    SELECT *,
           lag(active_customers) OVER (ORDER BY month) AS previous_active_customers,
           lag(revenue) OVER (ORDER BY month)          AS previous_revenue
    FROM monthly
)
SELECT month,
       month_complete,
       leads,
       converted_leads,
       safe_ratio(converted_leads, leads)                           AS lead_conversion_rate,
       new_customers,
       active_customers,
       active_customers - new_customers                             AS returning_customers,
       retained_customers,
       safe_ratio(new_customers, active_customers)                  AS acquisition_rate,
       safe_ratio(retained_customers, previous_active_customers)    AS retention_rate,
       1 - safe_ratio(retained_customers, previous_active_customers) AS churn_rate,
       transactions,
       revenue,
       safe_ratio(revenue, previous_revenue) - 1                    AS revenue_growth
FROM with_previous
ORDER BY month;
