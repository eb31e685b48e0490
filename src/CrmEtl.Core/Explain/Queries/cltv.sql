-- The customer's history as the CLTV models see it (cltv_summary: x, t_x and T in units of
-- cltv_time_unit_days days), what the fitted model predicts (cltv_predictions, over
-- cltv_horizon_months) and the simple CLTV's segment (customer_cltv_simple).
SELECT
    s.frequency::DOUBLE AS x,
    s.recency::DOUBLE AS t_x,
    s.t::DOUBLE AS t,
    s.monetary::DOUBLE AS repeat_spend,
    getvariable('cltv_time_unit_days')::DOUBLE AS time_unit_days,
    getvariable('cltv_horizon_months') AS horizon_months,
    getvariable('cltv_model') AS model,
    p.p_alive::DOUBLE AS p_alive,
    p.expected_purchases::DOUBLE AS expected_purchases,
    p.expected_avg_value::DOUBLE AS expected_avg_value,
    p.clv::DOUBLE AS clv,
    p.clv_scaled::DOUBLE AS clv_scaled,
    p.clv_segment,
    simple.cltv_segment AS simple_cltv_segment
FROM cltv_summary AS s
LEFT JOIN cltv_predictions AS p USING (customer_id)
LEFT JOIN customer_cltv_simple AS simple USING (customer_id)
WHERE s.customer_id = $customer_id;
