-- customer_rfm: recency, frequency, monetary per customer, their 1-5 scores and the RF segment
-- (RFM analysis). The scores are those of the reference pandas code:
--     recency_score   = pd.qcut(rfm["recency"], 5, labels=[5, 4, 3, 2, 1])
--     frequency_score = pd.qcut(rfm["frequency"].rank(method="first"), 5, labels=[1, 2, 3, 4, 5])
--     monetary_score  = pd.qcut(rfm["monetary"], 5, labels=[1, 2, 3, 4, 5])
-- computed with the macros of 300_pandas_compatible_macros.sql, which repeat numpy's arithmetic.
--
-- Inputs. From purchases up to as_of() (customer_purchase_totals): recency = days
-- from the last purchase to as_of, frequency = distinct transactions, monetary = sum of line
-- amounts (summed as pandas sums them).
-- When purchases is empty, from the per-customer summary table customers (FLO-style exports):
-- recency = as_of - last_purchase_date, frequency and monetary as given; summary rows without a
-- last purchase date, or with one after as_of, are not scored (their state at as_of is unknown).
--
-- Frequency ties are broken by input order, as rank(method="first") breaks them on the pandas
-- frame: for purchases that frame comes from df.groupby("customer_id"), which sorts the ids;
-- pandas, reading ids that are all numbers, gets integer ids, sorted as numbers, so ids that all
-- parse as numbers are ordered numerically, other ids as text. For a summary, the file order.
--
-- Collapsed edges. Where ties make quantile edges coincide, pandas raises "Bin edges must be
-- unique"; here every score is 1 + the number of inner edges the value is strictly greater than
-- (see qcut_bin), recency reversed as 6 - that. Identical to pandas.qcut while edges are distinct.
--
-- frequency_rank is that rank (1 = lowest frequency), the value the frequency score is cut on.
--
-- Segments: the first row of rules/rfm_segments.csv (by rule_order) whose recency and frequency
-- score ranges contain the customer's scores; a customer no rule matches is 'unclassified'.

CREATE OR REPLACE TABLE customer_rfm AS
WITH
ids_are_numbers AS (
    -- NOT EXISTS stops at the first id that is not a number instead of converting every id.
    SELECT NOT EXISTS (SELECT 1 FROM customer_purchase_totals WHERE TRY_CAST(customer_id AS DOUBLE) IS NULL) AS all_numeric
),
from_purchases AS (
    SELECT customer_id,
           date_diff('day', last_purchase_date, as_of()) AS recency,
           transactions::DOUBLE AS frequency,
           amount AS monetary,
           CASE WHEN all_numeric THEN TRY_CAST(customer_id AS DOUBLE) END AS order_number,
           customer_id AS order_text
    FROM customer_purchase_totals, ids_are_numbers
),
from_summary AS (
    SELECT customer_id,
           date_diff('day', last_purchase_date, as_of()) AS recency,
           frequency::DOUBLE AS frequency,
           monetary::DOUBLE AS monetary,
           source_line::DOUBLE AS order_number,
           NULL::VARCHAR AS order_text
    FROM customers
    WHERE NOT EXISTS (FROM purchases)
      AND last_purchase_date <= as_of()
),
-- NOT MATERIALIZED: metrics is read twice (for the sorted values, then the ranks and scores), and
-- reading the totals again is faster than DuckDB storing every customer's row in between.
metrics AS NOT MATERIALIZED (
    SELECT * FROM from_purchases
    UNION ALL BY NAME
    SELECT * FROM from_summary
),
ranked AS (
    SELECT *,
           CASE WHEN frequency IS NOT NULL THEN
               row_number() OVER (PARTITION BY frequency IS NULL
                                  ORDER BY frequency, order_number, order_text)
           END AS frequency_rank
    FROM metrics
),
-- frequency_rank numbers the customers with a frequency 1 .. n: its edges need only n.
frequency_edges AS (
    SELECT qcut_inner_edges_of_ranks(count(frequency), 5) AS frequency_edges FROM metrics
),
-- The recency and monetary edges, two ways with the same result bit for bit (per_customer_lists,
-- set in 010_transactions.sql, picks one): in sorted lists (fast, while they fit in memory), or
-- by qcut_edges_of_large_groups (bounded: DuckDB can move its work to disk).
sorted_values AS (
    SELECT sorted_doubles(recency) AS recency_values,
           sorted_doubles(monetary) AS monetary_values
    FROM metrics
    WHERE coalesce(getvariable('per_customer_lists'), true)
),
metric_values AS (
    SELECT unnest([{'grp': 'recency', 'value': recency::DOUBLE}, {'grp': 'monetary', 'value': monetary::DOUBLE}], recursive := true)
    FROM metrics
    WHERE NOT coalesce(getvariable('per_customer_lists'), true)
),
edges AS (
    SELECT qcut_inner_edges(recency_values, 5) AS recency_edges,
           qcut_inner_edges(monetary_values, 5) AS monetary_edges
    FROM sorted_values
    WHERE coalesce(getvariable('per_customer_lists'), true)
    UNION ALL
    SELECT any_value(edges) FILTER (WHERE grp = 'recency'),
           any_value(edges) FILTER (WHERE grp = 'monetary')
    FROM qcut_edges_of_large_groups('metric_values', 5)
    HAVING NOT coalesce(getvariable('per_customer_lists'), true)
),
scored AS (
    SELECT ranked.*,
           (6 - qcut_bin(recency, recency_edges))::INTEGER AS recency_score,
           qcut_bin(frequency_rank, frequency_edges)::INTEGER AS frequency_score,
           qcut_bin(monetary, monetary_edges)::INTEGER AS monetary_score
    FROM ranked, edges, frequency_edges
),
-- The 25 cells of the RF grid, each with the segment of the first rule (by rule_order) containing it.
segment_grid AS (
    SELECT r.recency_score, f.frequency_score, arg_min(rule.segment, rule.rule_order) AS segment
    FROM range(1, 6) AS r(recency_score)
    CROSS JOIN range(1, 6) AS f(frequency_score)
    LEFT JOIN rfm_segments AS rule
           ON r.recency_score BETWEEN rule.recency_score_min AND rule.recency_score_max
          AND f.frequency_score BETWEEN rule.frequency_score_min AND rule.frequency_score_max
    GROUP BY r.recency_score, f.frequency_score
)
SELECT scored.customer_id,
       scored.recency,
       scored.frequency,
       scored.monetary,
       scored.recency_score,
       scored.frequency_score,
       scored.monetary_score,
       scored.frequency_rank,
       scored.recency_score::VARCHAR || scored.frequency_score::VARCHAR AS rf_score,
       scored.recency_score::VARCHAR || scored.frequency_score::VARCHAR
           || scored.monetary_score::VARCHAR AS rfm_score,
       coalesce(segment_grid.segment, 'unclassified') AS segment
FROM scored
LEFT JOIN segment_grid
       ON scored.recency_score = segment_grid.recency_score
      AND scored.frequency_score = segment_grid.frequency_score;

-- rfm_quintile_edges: the four inner edges each score was cut at (measure recency, frequency_rank or
-- monetary; edge 1-4 at quantile 0.2-0.8), recomputed from customer_rfm with the same macros, so
-- they are the edges above bit for bit. A score is 1 + the number of edges its value is strictly
-- greater than (recency: 6 minus that); `crmetl explain` prints them next to a customer's values.
-- A view: nothing in a run reads the edges, so they are computed when queried, not on every run.
CREATE OR REPLACE VIEW rfm_quintile_edges AS
WITH sorted_values AS (
    SELECT sorted_doubles(recency) AS recency_values,
           count(frequency_rank) AS frequency_ranks,
           sorted_doubles(monetary) AS monetary_values
    FROM customer_rfm
),
measures AS (
    SELECT 'recency' AS measure, 1 AS measure_order, qcut_inner_edges(recency_values, 5) AS inner_edges FROM sorted_values
    UNION ALL
    SELECT 'frequency_rank', 2, qcut_inner_edges_of_ranks(frequency_ranks, 5) FROM sorted_values
    UNION ALL
    SELECT 'monetary', 3, qcut_inner_edges(monetary_values, 5) FROM sorted_values
)
SELECT measure, edge, edge * (1.0::DOUBLE / 5) AS quantile, inner_edges[edge] AS value
FROM measures, range(1, 5) AS e(edge)
WHERE EXISTS (FROM customer_rfm)
ORDER BY measure_order, edge;
