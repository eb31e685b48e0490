-- customer_purchase_totals: one row per customer with purchases up to as_of():
-- the totals that customer_rfm and customer_cltv_simple start from, summed as the reference
-- pandas code sums them (df.groupby("customer_id").agg({... lambda x: x.sum()})): numpy's
-- pairwise summation over the customer's lines in file order (source_line), see numpy_sum.
--     first_purchase_date, last_purchase_date
--     transactions  distinct transaction ids (pandas: Invoice.nunique())
--     units         sum of qty
--     amount        sum of line amounts
-- (len(list_distinct(list(...))) and sorting each customer's small list of lines are used
-- because they are several times faster in DuckDB than count(DISTINCT ...) and an ORDER BY
-- inside the aggregate, on a million lines.)

CREATE OR REPLACE TABLE customer_purchase_totals AS
WITH per_customer AS (
    SELECT customer_id,
           min(purchase_date) AS first_purchase_date,
           max(purchase_date) AS last_purchase_date,
           len(list_distinct(list(transaction_id))) AS transactions,
           list_sort(list(struct_pack(line := source_line,
                                      qty := coalesce(qty, 0)::DOUBLE,
                                      amount := coalesce(amount, 0)::DOUBLE))) AS lines_in_file_order
    FROM purchases
    WHERE purchase_date <= as_of()
    GROUP BY customer_id
)
SELECT customer_id,
       first_purchase_date,
       last_purchase_date,
       transactions,
       numpy_sum(list_transform(lines_in_file_order, lambda line: line.qty)) AS units,
       numpy_sum(list_transform(lines_in_file_order, lambda line: line.amount)) AS amount
FROM per_customer;
