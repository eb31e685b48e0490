-- The holdout validation's counts are sound: no negative or missing actual, no negative prediction
-- (beyond rounding), each tracking period's cumulative actual is the running sum of the actuals, and
-- the holdout periods' actuals add up to the customers' holdout purchases.
SELECT 'cltv_holdout customer ' || customer_id AS problem, actual_holdout_purchases AS found
FROM cltv_holdout
WHERE actual_holdout_purchases IS NULL OR actual_holdout_purchases < 0 OR predicted_holdout_purchases < -1e-9
UNION ALL
(SELECT 'cltv_tracking period ' || period_index, actual_repeat_purchases
 FROM cltv_tracking
 QUALIFY actual_repeat_purchases IS NULL OR actual_repeat_purchases < 0 OR expected_repeat_purchases < -1e-9
      OR cumulative_actual_repeat_purchases
         <> sum(actual_repeat_purchases) OVER (ORDER BY period_index ROWS UNBOUNDED PRECEDING))
UNION ALL
SELECT 'holdout periods and customers disagree', holdout_periods
FROM (SELECT (SELECT coalesce(sum(actual_repeat_purchases), 0) FROM cltv_tracking WHERE in_holdout) AS holdout_periods,
             (SELECT coalesce(sum(actual_holdout_purchases), 0) FROM cltv_holdout) AS holdout_customers)
WHERE holdout_periods <> holdout_customers;
