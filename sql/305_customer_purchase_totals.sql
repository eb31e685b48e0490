-- customer_purchase_totals: one row per customer with purchases up to as_of():
-- the totals that customer_rfm and customer_cltv_simple start from, summed as the reference
-- pandas code sums them (df.groupby("customer_id").agg({... lambda x: x.sum()})): numpy's
-- pairwise summation over the customer's lines in file order (source_line), see numpy_pairwise_block.
--     first_purchase_date, last_purchase_date   of purchase lines
--     transactions  distinct transaction ids with a purchase line (pandas: Invoice.nunique())
--     units         sum of qty
--     amount        sum of line amounts
-- Returns (010_transactions.sql) are never purchases: with returns = 'net' their lines count with
-- -abs(amount) and -abs(qty), as pandas sums an export whose returns are negative lines; with
-- 'drop' they are left out, as pandas sums the export without them. A customer with returns only
-- bought nothing and has no row. On data without returns both give the sums above, bit for bit.
--
-- Two formulations give the same table, bit for bit; the size of the data picks one:
-- - in lists (fast): each customer's lines gathered in a list, sorted and summed by numpy_pairwise_block.
--   DuckDB cannot move lists to disk, so this is used only while they fit easily in memory
--   (per_customer_lists, set in 010_transactions.sql).
-- - bounded (for more data): the lines numbered per customer by a window, and numpy_pairwise_block taken
--   apart into running sums of at most 16 values (numpy_sum_chain) added by aggregates of fixed
--   size. DuckDB moves the window's sort and the aggregates to temp_directory when they outgrow
--   memory_limit.

-- Which formulation runs is the variable per_customer_lists, set in 010_transactions.sql.

CREATE OR REPLACE TABLE customer_purchase_totals AS
WITH lines AS (
    SELECT customer_id, purchase_date, transaction_id, source_line, returned,
           coalesce(CASE WHEN returned THEN -abs(qty) ELSE qty END, 0)::DOUBLE AS qty,
           coalesce(CASE WHEN returned THEN -abs(amount) ELSE amount END, 0)::DOUBLE AS amount
    FROM (SELECT *, is_return_line(is_return, amount) AS returned FROM purchases)
    WHERE purchase_date <= as_of()
      AND (NOT returned OR getvariable('returns') = 'net')
      AND NOT coalesce(getvariable('per_customer_lists'), true)
),
-- Each summed line numbered (i) in the customer's file order, the customer's number of summed
-- lines (n), and the running sum (chain) and place in it each line's values go to.
-- A customer with fewer than 8 lines (most customers) is summed right here, on its last line,
-- from that line's values and the 6 before it: one chain from 0.
numbered AS MATERIALIZED (
    SELECT * EXCLUDE (qty_before, amount_before),
           numpy_sum_chain(i, n) AS chain,
           numpy_sum_place(i, n) AS place,
           CASE WHEN n < 8 AND i = n
                THEN numpy_fold(list_filter(list_append(qty_before, qty), lambda v: v IS NOT NULL), 0.0::DOUBLE)
           END AS few_lines_units,
           CASE WHEN n < 8 AND i = n
                THEN numpy_fold(list_filter(list_append(amount_before, amount), lambda v: v IS NOT NULL), 0.0::DOUBLE)
           END AS few_lines_amount
    FROM (SELECT *,
                 row_number() OVER customer_lines AS i,
                 count(*) OVER (customer_lines ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS n,
                 [lag(qty, 6) OVER customer_lines,
                  lag(qty, 5) OVER customer_lines,
                  lag(qty, 4) OVER customer_lines,
                  lag(qty, 3) OVER customer_lines,
                  lag(qty, 2) OVER customer_lines,
                  lag(qty, 1) OVER customer_lines] AS qty_before,
                 [lag(amount, 6) OVER customer_lines,
                  lag(amount, 5) OVER customer_lines,
                  lag(amount, 4) OVER customer_lines,
                  lag(amount, 3) OVER customer_lines,
                  lag(amount, 2) OVER customer_lines,
                  lag(amount, 1) OVER customer_lines] AS amount_before
          FROM lines
          WINDOW customer_lines AS (PARTITION BY customer_id ORDER BY source_line, qty, amount))
),
few_lines AS (
    SELECT customer_id,
           min(purchase_date) FILTER (WHERE NOT returned) AS first_purchase_date,
           max(purchase_date) FILTER (WHERE NOT returned) AS last_purchase_date,
           max(few_lines_units) AS units,
           max(few_lines_amount) AS amount
    FROM numbered
    WHERE n < 8
    GROUP BY customer_id
    HAVING count(*) FILTER (WHERE NOT returned) > 0
),
many_lines AS (
    SELECT customer_id,
           min(purchase_date) FILTER (WHERE NOT returned) AS first_purchase_date,
           max(purchase_date) FILTER (WHERE NOT returned) AS last_purchase_date
    FROM numbered
    WHERE n >= 8
    GROUP BY customer_id
    HAVING count(*) FILTER (WHERE NOT returned) > 0
),
-- 8 to 128 lines: numpy's 8 lanes summed, then the remaining values (chain 9) added in order.
chains AS (
    SELECT customer_id, chain,
           numpy_chain_values(qty, place) AS qty_values,
           numpy_chain_values(amount, place) AS amount_values
    FROM numbered
    WHERE n BETWEEN 8 AND 128
    GROUP BY customer_id, chain
),
lane_sums AS (
    SELECT customer_id,
           numpy_lane_sums(qty_values, chain) AS qty_lanes,
           numpy_lane_sums(amount_values, chain) AS amount_lanes,
           numpy_rest_values(qty_values, chain) AS qty_rest,
           numpy_rest_values(amount_values, chain) AS amount_rest
    FROM chains
    GROUP BY customer_id
),
-- The lists' formulation, same columns. (Sorting each customer's small list of lines is
-- several times faster in DuckDB than an ORDER BY inside the aggregate.)
in_lists AS MATERIALIZED (
    SELECT customer_id,
           min(purchase_date) FILTER (WHERE NOT returned) AS first_purchase_date,
           max(purchase_date) FILTER (WHERE NOT returned) AS last_purchase_date,
           list_sort(list(struct_pack(line := source_line,
                                      qty := coalesce(CASE WHEN returned THEN -abs(qty) ELSE qty END, 0)::DOUBLE,
                                      amount := coalesce(CASE WHEN returned THEN -abs(amount) ELSE amount END, 0)::DOUBLE))
                     FILTER (WHERE NOT returned OR getvariable('returns') = 'net')) AS lines_in_file_order
    FROM (SELECT *, is_return_line(is_return, amount) AS returned FROM purchases)
    WHERE purchase_date <= as_of()
      AND coalesce(getvariable('per_customer_lists'), true)
    GROUP BY customer_id
    HAVING count(*) FILTER (WHERE NOT returned) > 0
),
-- More than 128 summed lines (either formulation): numpy sums blocks of 8192 lines, each split in
-- halves down to runs of at most 128 lines (numpy_runs); each run is summed as 8 to 128 lines are
-- above (or, a short last block, in order), the halves are added back together (numpy_merged) and
-- the blocks one after the other from 0. On rows rather than in lists, so that a customer with
-- millions of lines (a wholesaler, a placeholder id) costs no more per line than one with 200.
long_lines AS (
    SELECT customer_id, i::BIGINT AS i, n::BIGINT AS n, qty, amount
    FROM numbered
    WHERE n > 128
    UNION ALL
    SELECT customer_id, line.i::BIGINT, n::BIGINT, line.qty, line.amount
    FROM (SELECT customer_id, len(lines_in_file_order) AS n,
                 unnest(list_transform(lines_in_file_order, lambda line, i: {'i': i, 'qty': line.qty, 'amount': line.amount})) AS line
          FROM in_lists
          WHERE len(lines_in_file_order) > 128)
),
long_runs AS (
    SELECT customer_id, run.start AS run_start, run.len AS run_len, run.depth AS depth, run.path AS path
    FROM (SELECT customer_id, unnest(numpy_runs(n)) AS run
          FROM (SELECT customer_id, any_value(n) AS n FROM long_lines GROUP BY customer_id))
),
long_run_chains AS (
    SELECT r.customer_id, r.run_start, r.run_len, r.depth, r.path,
           numpy_sum_chain(l.i - r.run_start + 1, r.run_len) AS chain,
           numpy_chain_values(l.qty, numpy_sum_place(l.i - r.run_start + 1, r.run_len)) AS qty_values,
           numpy_chain_values(l.amount, numpy_sum_place(l.i - r.run_start + 1, r.run_len)) AS amount_values
    FROM long_lines AS l
    ASOF JOIN long_runs AS r ON l.customer_id = r.customer_id AND l.i >= r.run_start
    GROUP BY ALL
),
long_run_sums AS (
    SELECT customer_id, run_start, depth, path,
           CASE WHEN run_len < 8 THEN numpy_fold(any_value(qty_values) FILTER (WHERE chain = 0), 0.0::DOUBLE)
                ELSE numpy_fold(numpy_rest_values(qty_values, chain), numpy_combine_eight(numpy_lane_sums(qty_values, chain)))
           END AS units,
           CASE WHEN run_len < 8 THEN numpy_fold(any_value(amount_values) FILTER (WHERE chain = 0), 0.0::DOUBLE)
                ELSE numpy_fold(numpy_rest_values(amount_values, chain), numpy_combine_eight(numpy_lane_sums(amount_values, chain)))
           END AS amount
    FROM long_run_chains
    GROUP BY customer_id, run_start, run_len, depth, path
),
long_block_sums AS (
    SELECT customer_id, (run_start - 1) // 8192 AS block,
           numpy_merged(list({'depth': depth, 'path': path, 'total': units} ORDER BY run_start))[1].total AS units,
           numpy_merged(list({'depth': depth, 'path': path, 'total': amount} ORDER BY run_start))[1].total AS amount
    FROM long_run_sums
    GROUP BY customer_id, block
),
long_sums AS (
    SELECT customer_id,
           list_reduce(list(units ORDER BY block), lambda total, x: total + x, 0.0::DOUBLE) AS units,
           list_reduce(list(amount ORDER BY block), lambda total, x: total + x, 0.0::DOUBLE) AS amount
    FROM long_block_sums
    GROUP BY customer_id
),
many_line_sums AS (
    SELECT customer_id,
           numpy_fold(qty_rest, numpy_combine_eight(qty_lanes)) AS units,
           numpy_fold(amount_rest, numpy_combine_eight(amount_lanes)) AS amount
    FROM lane_sums
    UNION ALL
    SELECT customer_id, units, amount
    FROM long_sums
),
sums AS (
    SELECT customer_id, first_purchase_date, last_purchase_date,
           numpy_pairwise_block(list_transform(lines_in_file_order, lambda line: line.qty)) AS units,
           numpy_pairwise_block(list_transform(lines_in_file_order, lambda line: line.amount)) AS amount
    FROM in_lists
    WHERE len(lines_in_file_order) <= 128
    UNION ALL
    SELECT customer_id, first_purchase_date, last_purchase_date, units, amount
    FROM in_lists
    JOIN long_sums USING (customer_id)
    UNION ALL
    SELECT customer_id, first_purchase_date, last_purchase_date, units, amount
    FROM few_lines
    UNION ALL
    SELECT many_lines.customer_id, first_purchase_date, last_purchase_date, units, amount
    FROM many_lines
    JOIN many_line_sums USING (customer_id)
),
-- The distinct transactions with a purchase line are the customer's rows of transactions
-- (010_transactions.sql): counting those is several times faster than distinct ids of the lines.
transaction_counts AS (
    SELECT customer_id, count(*) AS transactions
    FROM transactions
    GROUP BY customer_id
)
SELECT customer_id, first_purchase_date, last_purchase_date, transaction_counts.transactions, units, amount
FROM sums
JOIN transaction_counts USING (customer_id);
