-- Returns and cancellations. A purchase line is a return when its amount is negative or the
-- source marks it (the optional is_return column, e.g. "is_return": "starts_with(InvoiceNo, 'C')").
-- A return is never a purchase occasion: it makes no transaction, no first or second purchase,
-- no tier transaction, no RFM frequency and no CLTV purchase day. Its amount, taken as
-- -abs(amount) whatever sign the export gives it, is subtracted from the customer's spend
-- (parameter returns = 'net', the default) or ignored (returns = 'drop').
CREATE OR REPLACE MACRO is_return_line(is_return, amount) AS
    coalesce(is_return, false) OR coalesce(amount < 0, false);

CREATE OR REPLACE MACRO returned_amount(amount) AS
    CASE getvariable('returns')
        WHEN 'net' THEN -abs(amount)
        WHEN 'drop' THEN 0.0
        ELSE error('parameter returns must be net or drop, not ' || coalesce(getvariable('returns'), 'empty'))
    END;

-- purchase_returns: the return lines up to the as-of date, and the purchase each one is netted
-- against (nets_against_transaction, its date nets_against_date): the return's own transaction
-- when that also holds purchase lines (within_purchase: a line taken back on the invoice); else
-- the customer's latest purchase on or before the return's date (a credit note, a cancelled
-- invoice); else, for a return dated before any purchase, the customer's first purchase. A
-- customer with returns only has none (NULL): there is no spend to net against.
CREATE OR REPLACE TABLE purchase_returns AS
WITH return_lines AS (
    -- Only the return lines are kept: most data has few or none, and then the purchase lines
    -- below are not read at all.
    SELECT transaction_id, customer_id, purchase_date, sku, qty, amount, source_line
    FROM purchases
    WHERE purchase_date <= as_of()
      AND is_return_line(is_return, amount)
),
purchase_transactions AS (
    SELECT customer_id, transaction_id, min(purchase_date) AS purchase_date
    FROM purchases
    WHERE purchase_date <= as_of()
      AND NOT is_return_line(is_return, amount)
      AND customer_id IN (SELECT customer_id FROM return_lines)
    GROUP BY customer_id, transaction_id
),
events AS (
    -- On one day, purchases come before returns, so a return can be netted against that day's purchase.
    SELECT customer_id, purchase_date AS event_date, 0 AS event_kind, transaction_id, NULL::BIGINT AS source_line
    FROM purchase_transactions
    UNION ALL
    SELECT customer_id, purchase_date, 1, transaction_id, source_line
    FROM return_lines
),
placed AS (
    SELECT
        source_line,
        last_value(CASE WHEN event_kind = 0 THEN transaction_id END IGNORE NULLS) OVER (
            PARTITION BY customer_id ORDER BY event_date, event_kind, transaction_id
            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS latest_purchase,
        first_value(CASE WHEN event_kind = 0 THEN transaction_id END IGNORE NULLS) OVER (
            PARTITION BY customer_id ORDER BY event_kind, event_date, transaction_id
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS first_purchase
    FROM events
    QUALIFY event_kind = 1
),
netted AS (
    SELECT
        l.*,
        own.transaction_id IS NOT NULL AS within_purchase,
        coalesce(own.transaction_id, p.latest_purchase, p.first_purchase) AS nets_against_transaction
    FROM return_lines AS l
    JOIN placed AS p USING (source_line)
    LEFT JOIN purchase_transactions AS own
           ON own.customer_id = l.customer_id AND own.transaction_id = l.transaction_id
)
SELECT
    n.transaction_id,
    n.customer_id,
    n.purchase_date            AS return_date,
    n.sku,
    n.qty,
    n.amount,
    returned_amount(n.amount)  AS counted_amount,
    n.within_purchase,
    n.nets_against_transaction,
    t.purchase_date            AS nets_against_date,
    n.source_line
FROM netted AS n
LEFT JOIN purchase_transactions AS t
       ON t.customer_id = n.customer_id AND t.transaction_id = n.nets_against_transaction
ORDER BY n.source_line;

-- One row per purchase transaction up to the as-of date: the grain of the lifecycle analyses.
-- A transaction is a purchase when it has at least one purchase line; amount = its purchase lines
-- plus the counted amount of the returns netted against it (purchase_returns), lines = its purchase
-- lines. A transaction's lines share a date; if an export splits one across days, its first day counts.
-- The lifecycle flags (the lifecycle funnel) are stored here too, so that the transactions are
-- written once (transaction_flags, 100_transaction_flags.sql, is a view of them):
--     purchase_order        1-based order in the customer's history, by date then transaction id
--     first_purchase        purchase_order = 1
--     retention             any repeat: purchase_order >= 2
--     gap_days_since_first  days since the customer's first purchase
--     second_purchase       the 2nd order, within second_purchase_window_days of the first
CREATE OR REPLACE TABLE transactions AS
WITH purchase_lines AS (
    SELECT transaction_id, customer_id, purchase_date, amount
    FROM purchases
    WHERE purchase_date <= as_of()
      AND NOT is_return_line(is_return, amount)
),
netted_returns AS (
    SELECT customer_id, nets_against_transaction AS transaction_id, stable_sum(counted_amount) AS counted_amount
    FROM purchase_returns
    WHERE nets_against_transaction IS NOT NULL
    GROUP BY customer_id, nets_against_transaction
),
purchase_transactions AS (
    SELECT
        transaction_id,
        customer_id,
        min(purchase_date) AS purchase_date,
        stable_sum(amount) AS amount,
        count(*)           AS lines
    FROM purchase_lines
    GROUP BY transaction_id, customer_id
),
ordered AS (
    SELECT
        t.transaction_id,
        t.customer_id,
        t.purchase_date,
        t.amount + coalesce(r.counted_amount, 0) AS amount,
        t.lines,
        row_number() OVER (PARTITION BY t.customer_id ORDER BY t.purchase_date, t.transaction_id) AS purchase_order,
        min(t.purchase_date) OVER (PARTITION BY t.customer_id) AS first_purchase_date
    FROM purchase_transactions AS t
    LEFT JOIN netted_returns AS r USING (customer_id, transaction_id)
)
SELECT
    transaction_id,
    customer_id,
    purchase_date,
    amount,
    lines,
    purchase_order,
    purchase_order = 1                                  AS first_purchase,
    purchase_order >= 2                                 AS retention,
    date_diff('day', first_purchase_date, purchase_date) AS gap_days_since_first,
    purchase_order = 2
        AND date_diff('day', first_purchase_date, purchase_date)
            <= getvariable('second_purchase_window_days') AS second_purchase
FROM ordered;

-- Whether scripts may gather each customer's rows in a list (list(...) GROUP BY customer): often
-- the fastest way in DuckDB, but lists cannot be moved to disk when memory runs short. Scripts
-- that do so (customer_purchase_totals and cohort_activity) have a second formulation, with the
-- same result, that sorts and aggregates instead, which DuckDB spills to temp_directory; they use
-- it when the lists would take more than an eighth of memory_limit (estimated at 200 bytes a
-- purchase line). A value set before this script (SET VARIABLE per_customer_lists = false) is kept.
-- Set here, in the first script that reads the purchases, because crmetl runs a script that sets a
-- variable only after every script before it, and every later script after it: set in a later
-- script, it would keep the CLTV fit from starting alongside the analyses.
SET VARIABLE per_customer_lists = coalesce(getvariable('per_customer_lists'),
    (SELECT count(*) FROM purchases) * 200 <= memory_limit_bytes() / 8);
