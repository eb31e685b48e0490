-- Returns and cancellations. A purchase line is a return when its amount is negative or the
-- source marks it (the optional is_return column, e.g. "is_return": "starts_with(InvoiceNo, 'C')").
-- A return is never a purchase occasion: it does not make a transaction, a first or second
-- purchase, a tier's transaction count, RFM frequency or a CLTV purchase day. Its amount, taken as
-- -abs(amount) whatever sign the export gives it, is subtracted from the customer's spend where
-- spend is summed (parameter returns = 'net', the default), or ignored (returns = 'drop').
CREATE OR REPLACE MACRO is_return_line(is_return, amount) AS
    coalesce(is_return, false) OR coalesce(amount < 0, false);

CREATE OR REPLACE MACRO returned_amount(amount) AS
    CASE getvariable('returns')
        WHEN 'net' THEN -abs(amount)
        WHEN 'drop' THEN 0.0
        ELSE error('parameter returns must be net or drop, not ' || coalesce(getvariable('returns'), 'empty'))
    END;

SELECT CASE WHEN getvariable('returns') NOT IN ('net', 'drop')
            THEN error('parameter returns must be net or drop, not ''' || coalesce(getvariable('returns'), '') || '''') END;

-- purchase_returns: the return lines up to the as-of date. within_purchase: the same transaction
-- also holds purchase lines (a line taken back on the invoice), else it is a return of its own
-- (a credit note, a cancelled invoice).
CREATE OR REPLACE TABLE purchase_returns AS
WITH lines AS (
    SELECT *, is_return_line(is_return, amount) AS returned
    FROM purchases
    WHERE purchase_date <= getvariable('as_of')
)
SELECT
    transaction_id,
    customer_id,
    purchase_date                AS return_date,
    sku,
    qty,
    amount,
    returned_amount(amount)      AS counted_amount,
    bool_or(NOT returned) OVER (PARTITION BY transaction_id, customer_id) AS within_purchase,
    source_line
FROM lines
QUALIFY returned;

-- One row per transaction up to the as-of date: the grain of the lifecycle analyses. Only
-- transactions with at least one purchase line are purchases; amount = their purchase lines plus
-- the counted amount of the returns on the same transaction (returns on a transaction of their
-- own reach the customer's totals in customer_purchase_totals and cltv_summary, not this table).
-- A transaction's lines share a date; if an export splits one across days, its first day counts.
CREATE OR REPLACE TABLE transactions AS
WITH lines AS (
    SELECT transaction_id, customer_id, purchase_date, amount, is_return_line(is_return, amount) AS returned
    FROM purchases
    WHERE purchase_date <= getvariable('as_of')
)
SELECT
    transaction_id,
    customer_id,
    min(purchase_date) FILTER (WHERE NOT returned)            AS purchase_date,
    sum(amount) FILTER (WHERE NOT returned)
        + coalesce(sum(returned_amount(amount)) FILTER (WHERE returned), 0) AS amount,
    count(*) FILTER (WHERE NOT returned)                      AS lines
FROM lines
GROUP BY transaction_id, customer_id
HAVING count(*) FILTER (WHERE NOT returned) > 0;
