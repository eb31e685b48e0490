-- Lifecycle flags per transaction (the lifecycle funnel): order of the purchase in the customer's history,
-- first purchase, retention (any repeat) and "second purchase" (the 2nd order, within the window).
-- A view: the flags are computed and stored with the transactions (010_transactions.sql, where
-- each column is defined), which are then written once instead of twice.
CREATE OR REPLACE VIEW transaction_flags AS
SELECT
    transaction_id,
    customer_id,
    purchase_date,
    amount,
    purchase_order,
    first_purchase,
    retention,
    gap_days_since_first,
    second_purchase
FROM transactions;
