-- A customer's purchases up to the as-of date (customer_purchase_totals), their returns
-- (purchase_returns), lifecycle flags (transaction_flags) and leads. One row, NULLs where the
-- customer has none.
WITH totals AS (
    SELECT * FROM customer_purchase_totals WHERE customer_id = $customer_id
),
returns AS (
    SELECT count(*) AS return_lines,
           count(DISTINCT transaction_id) AS return_transactions,
           sum(amount) AS returned_amount,
           sum(counted_amount) AS counted_return_amount,
           min(return_date) AS first_return_date,
           max(return_date) AS last_return_date
    FROM purchase_returns
    WHERE customer_id = $customer_id
),
flags AS (
    SELECT count(*) AS flagged_transactions,
           bool_or(retention) AS retained,
           bool_or(second_purchase) AS second_purchase,
           min(purchase_date) FILTER (WHERE purchase_order = 2) AS second_purchase_date,
           min(gap_days_since_first) FILTER (WHERE purchase_order = 2) AS days_to_second_purchase
    FROM transaction_flags
    WHERE customer_id = $customer_id
),
lead_rows AS (
    SELECT count(*) AS leads,
           min(lead_date) AS first_lead_date,
           arg_min(campaign_id, lead_date) AS first_lead_campaign,
           arg_min(source, lead_date) AS first_lead_source
    FROM leads
    WHERE customer_id = $customer_id AND lead_date <= as_of()
)
SELECT
    totals.first_purchase_date,
    totals.last_purchase_date,
    totals.transactions,
    totals.units::DOUBLE AS units,
    totals.amount::DOUBLE AS amount,
    returns.return_lines,
    returns.return_transactions,
    returns.returned_amount::DOUBLE AS returned_amount,
    returns.counted_return_amount::DOUBLE AS counted_return_amount,
    returns.first_return_date,
    returns.last_return_date,
    getvariable('returns') AS returns_rule,
    coalesce(flags.retained, false) AS retained,
    coalesce(flags.second_purchase, false) AS second_purchase,
    flags.second_purchase_date,
    flags.days_to_second_purchase,
    getvariable('second_purchase_window_days') AS second_purchase_window_days,
    lead_rows.leads,
    lead_rows.first_lead_date,
    lead_rows.first_lead_campaign,
    lead_rows.first_lead_source
FROM returns, flags, lead_rows
LEFT JOIN totals ON true;
