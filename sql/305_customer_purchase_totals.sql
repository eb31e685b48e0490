-- customer_purchase_totals: one row per customer with purchases up to as_of():
-- the totals that customer_rfm and customer_cltv_simple start from, summed as the reference
-- pandas code sums them (df.groupby("customer_id").agg({... lambda x: x.sum()})): numpy's
-- pairwise summation over the customer's lines in file order (source_line), see numpy_sum.
--     first_purchase_date, last_purchase_date   of purchase lines
--     transactions  distinct transaction ids with a purchase line (pandas: Invoice.nunique())
--     units         sum of qty
--     amount        sum of line amounts
-- Returns (010_transactions.sql) are never purchases: with returns = 'net' their lines count with
-- -abs(amount) and -abs(qty), as pandas sums an export whose returns are negative lines; with
-- 'drop' they are left out, as pandas sums the export without them. A customer with returns only
-- bought nothing and has no row. On data without returns both give the sums above, bit for bit.
-- (len(list_distinct(list(...))) and sorting each customer's small list of lines are used
-- because they are several times faster in DuckDB than count(DISTINCT ...) and an ORDER BY
-- inside the aggregate, on a million lines.)

CREATE OR REPLACE TABLE customer_purchase_totals AS
WITH lines AS (
    SELECT customer_id, purchase_date, transaction_id, source_line, qty, amount,
           is_return_line(is_return, amount) AS returned
    FROM purchases
    WHERE purchase_date <= as_of()
),
per_customer AS (
    SELECT customer_id,
           min(purchase_date) FILTER (WHERE NOT returned) AS first_purchase_date,
           max(purchase_date) FILTER (WHERE NOT returned) AS last_purchase_date,
           len(list_distinct(list(transaction_id) FILTER (WHERE NOT returned))) AS transactions,
           list_sort(list(struct_pack(line := source_line,
                                      qty := coalesce(CASE WHEN returned THEN -abs(qty) ELSE qty END, 0)::DOUBLE,
                                      amount := coalesce(CASE WHEN returned THEN -abs(amount) ELSE amount END, 0)::DOUBLE))
                     FILTER (WHERE NOT returned OR getvariable('returns') = 'net')) AS lines_in_file_order
    FROM lines
    GROUP BY customer_id
    HAVING count(*) FILTER (WHERE NOT returned) > 0
)
SELECT customer_id,
       first_purchase_date,
       last_purchase_date,
       transactions,
       numpy_sum(list_transform(lines_in_file_order, lambda line: line.qty)) AS units,
       numpy_sum(list_transform(lines_in_file_order, lambda line: line.amount)) AS amount
FROM per_customer;
