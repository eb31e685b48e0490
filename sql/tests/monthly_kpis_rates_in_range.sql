-- Monthly KPIs: every rate is a share in [0, 1], churn is 1 - retention, the counts nest
-- (new <= active, converted leads <= leads, retained <= last month's active) and the months are
-- consecutive.
SELECT month, lead_conversion_rate, acquisition_rate, retention_rate, churn_rate
FROM (
    SELECT *,
           lag(active_customers) OVER (ORDER BY month) AS previous_active,
           lag(month) OVER (ORDER BY month) AS previous_month
    FROM monthly_kpis
)
WHERE lead_conversion_rate NOT BETWEEN 0 AND 1
   OR acquisition_rate NOT BETWEEN 0 AND 1
   OR retention_rate NOT BETWEEN 0 AND 1
   OR abs(retention_rate + churn_rate - 1) > 1e-12
   OR new_customers > active_customers
   OR converted_leads > leads
   OR retained_customers > coalesce(previous_active, 0)
   OR returning_customers <> active_customers - new_customers
   OR (previous_month IS NOT NULL AND month <> previous_month + INTERVAL 1 MONTH);
