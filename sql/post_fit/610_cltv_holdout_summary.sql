-- Holdout validation in figures, from cltv_holdout (written by the CLTV stage; empty without
-- cltv_holdout_end, and so are both tables here).
--
-- cltv_holdout_summary: one row. Totals over the calibration customers of the purchases predicted
-- for the holdout period and of the actual ones (relative_error = predicted / actual - 1), and the
-- per-customer accuracy: mean absolute error, root mean squared error and the Pearson correlation of
-- predicted and actual purchases. Customers without a prediction (left out of the model) are left
-- out of every figure but `customers`. The sums of predictions run in customer order (ORDER BY in
-- the aggregate): summed in parallel, in no fixed order, their last bits would differ between two
-- runs on the same data.
CREATE OR REPLACE TABLE cltv_holdout_summary AS
SELECT
    as_of()                                                                AS calibration_end,
    getvariable('cltv_holdout_end')                                        AS holdout_end,
    any_value(holdout_length)                                              AS holdout_length,
    count(*)                                                               AS customers,
    count(predicted_holdout_purchases)                                     AS customers_predicted,
    sum(actual_holdout_purchases) FILTER (WHERE predicted_holdout_purchases IS NOT NULL) AS actual_purchases,
    sum(predicted_holdout_purchases ORDER BY customer_id)                  AS predicted_purchases,
    safe_ratio(sum(predicted_holdout_purchases ORDER BY customer_id),
               sum(actual_holdout_purchases) FILTER (WHERE predicted_holdout_purchases IS NOT NULL)) - 1
                                                                           AS relative_error,
    avg(abs(predicted_holdout_purchases - actual_holdout_purchases) ORDER BY customer_id) AS mean_absolute_error,
    sqrt(avg((predicted_holdout_purchases - actual_holdout_purchases) ^ 2 ORDER BY customer_id)) AS root_mean_squared_error,
    CASE WHEN var_pop(predicted_holdout_purchases ORDER BY customer_id) > 0 AND var_pop(actual_holdout_purchases ORDER BY customer_id) > 0
         THEN corr(predicted_holdout_purchases, actual_holdout_purchases ORDER BY customer_id) END AS correlation
FROM cltv_holdout
HAVING count(*) > 0;

-- cltv_holdout_by_frequency: the "conditional expectations" plot (Fader, Hardie & Lee 2005, Figure 4):
-- average actual and predicted holdout purchases of the customers with each calibration frequency,
-- frequencies of 7 and more pooled (frequency_group '7+').
CREATE OR REPLACE TABLE cltv_holdout_by_frequency AS
SELECT
    least(frequency, 7)::INTEGER                                           AS frequency_bin,
    CASE WHEN frequency >= 7 THEN '7+' ELSE (frequency::INTEGER)::VARCHAR END AS frequency_group,
    count(*)                                                               AS customers,
    avg(actual_holdout_purchases)                                          AS mean_actual_purchases,
    avg(predicted_holdout_purchases ORDER BY customer_id)                  AS mean_predicted_purchases
FROM cltv_holdout
WHERE predicted_holdout_purchases IS NOT NULL
GROUP BY ALL
ORDER BY frequency_bin;
