-- Each funnel stage is a subset of the one before: no stage holds more customers than the stage
-- before it (Leads may be empty when there is no leads source; the funnel then starts at the
-- first purchase).
SELECT stage, customers, previous_customers
FROM (
    SELECT stage, stage_order, customers,
           lag(customers) OVER (ORDER BY stage_order) AS previous_customers,
           lag(stage_order) OVER (ORDER BY stage_order) AS previous_order
    FROM funnel
)
WHERE customers > previous_customers
  AND NOT (previous_order = 1 AND previous_customers = 0);
