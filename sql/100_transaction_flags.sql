-- Lifecycle flags per transaction (the lifecycle funnel): order of the purchase in the customer's history,
-- first purchase, retention (any repeat) and "second purchase" (the 2nd order, within the window).
CREATE OR REPLACE TABLE transaction_flags AS
WITH ordered AS (
    SELECT
        *,
        row_number() OVER (PARTITION BY customer_id ORDER BY purchase_date, transaction_id) AS purchase_order,
        min(purchase_date) OVER (PARTITION BY customer_id) AS first_purchase_date
    FROM transactions
)
SELECT
    transaction_id,
    customer_id,
    purchase_date,
    amount,
    purchase_order,
    purchase_order = 1                                  AS first_purchase,
    purchase_order >= 2                                 AS retention,
    date_diff('day', first_purchase_date, purchase_date) AS gap_days_since_first,
    purchase_order = 2
        AND date_diff('day', first_purchase_date, purchase_date)
            <= getvariable('second_purchase_window_days') AS second_purchase
FROM ordered;
