-- One row per transaction up to the as-of date: the grain of the lifecycle analyses.
-- A transaction's lines share a date; if an export splits one across days, its first day counts.
CREATE OR REPLACE TABLE transactions AS
SELECT
    transaction_id,
    customer_id,
    min(purchase_date) AS purchase_date,
    sum(amount)        AS amount,
    count(*)           AS lines
FROM purchases
WHERE purchase_date <= as_of()
GROUP BY transaction_id, customer_id;
