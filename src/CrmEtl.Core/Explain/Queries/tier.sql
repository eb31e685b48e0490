-- The customer's tier (customer_tiers) and the window it was computed on.
SELECT
    t.tier,
    t.total_amount::DOUBLE AS total_amount,
    t.freq,
    getvariable('tier_lookback_months') AS lookback_months,
    tier_window_start()::DATE AS window_start
FROM customer_tiers AS t
WHERE t.customer_id = $customer_id;
