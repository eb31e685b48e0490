-- The quarterly customer story: per customer and calendar quarter,
-- from the quarter of the customer's first purchase to the quarter of as_of()
-- (purchases after as_of are ignored), so that one customer's path reads as consecutive rows.
--
-- customer_quarters (table): one row per customer and quarter with at least one transaction
--     quarter_start                 first day of the calendar quarter
--     frequency                     distinct transactions in the quarter
--     revenue                       their total amount
--     frequency_bin, revenue_bin    1 (lowest) .. n among the quarter's active customers
-- quarter_calendar (table): every quarter from the first with a purchase to the quarter of as_of
--     quarter_start, year, quarter (its name, e.g. '2024-Q3')
-- customer_quarter_segments (view): the story, one row per customer and quarter from the
--     customer's first quarter to as_of's: the columns of customer_quarters plus year, quarter and
--     the bins' labels from rules/quarter_segment_labels.csv as frequency_segment and
--     revenue_segment. A quarter without purchases has frequency 0, revenue 0, bins 0 and the
--     label of bin 0 ('Inactive'). (A view because it is cheap to compute and costly to store:
--     writing a row and two labels for every customer and quarter, active or not, takes longer
--     than computing the story.)
--
-- The rule. Rather than clustering each quarter (k-means), a quarter's active customers are cut
-- into n bins at the quantiles of their frequency and, separately, of their revenue, as
-- pandas.qcut(values, n) cuts: n = the number of rows of quarter_segment_labels with bin >= 1
-- (4 by default: Low Value, Below Average, Average, High Value), edges at the k/n quantiles
-- (linear interpolation), bins closed on the right. Ties are common in frequency (most customers
-- buy once a quarter), so edges often coincide; then the rule of qcut_bin applies
-- (300_pandas_compatible_macros.sql): a value goes to the lowest bin its edge closes, so equal
-- values always share a segment and some bins stay empty.

CREATE OR REPLACE TABLE customer_quarters AS
WITH
bins AS (
    SELECT count(*) FILTER (WHERE bin >= 1) AS bins FROM quarter_segment_labels
),
active AS (
    SELECT customer_id,
           date_trunc('quarter', purchase_date)::DATE AS quarter_start,
           count(*)    AS frequency,
           stable_sum(amount) AS revenue
    FROM transactions
    GROUP BY ALL
),
-- Each quarter's edges, two ways with the same result bit for bit (per_customer_lists, set in
-- 010_transactions.sql, picks one): in sorted lists (fast, while they fit in memory), or by
-- qcut_edges_of_large_groups (bounded: a hundred times the data holds tens of millions of
-- customer-quarters, and DuckDB can move that work to disk).
sorted_values AS (
    SELECT quarter_start,
           sorted_doubles(frequency) AS frequency_values,
           sorted_doubles(revenue)   AS revenue_values
    FROM active
    WHERE coalesce(getvariable('per_customer_lists'), true)
    GROUP BY quarter_start
),
quarter_values AS (
    SELECT quarter_value.grp, quarter_value.value
    FROM (SELECT unnest([{'grp': {'quarter_start': quarter_start, 'measure': 'frequency'}, 'value': frequency::DOUBLE},
                         {'grp': {'quarter_start': quarter_start, 'measure': 'revenue'}, 'value': revenue::DOUBLE}])
                     AS quarter_value
          FROM active
          WHERE NOT coalesce(getvariable('per_customer_lists'), true))
),
edges AS (
    SELECT quarter_start,
           qcut_inner_edges(frequency_values, bins.bins) AS frequency_edges,
           qcut_inner_edges(revenue_values, bins.bins)   AS revenue_edges
    FROM sorted_values, bins
    UNION ALL
    SELECT grp.quarter_start,
           any_value(edges) FILTER (WHERE grp.measure = 'frequency'),
           any_value(edges) FILTER (WHERE grp.measure = 'revenue')
    FROM qcut_edges_of_large_groups('quarter_values', (SELECT bins FROM bins))
    GROUP BY grp.quarter_start
)
SELECT active.customer_id,
       active.quarter_start,
       active.frequency,
       active.revenue,
       qcut_bin(active.frequency, coalesce(edges.frequency_edges, []))::INTEGER AS frequency_bin,
       qcut_bin(active.revenue, coalesce(edges.revenue_edges, []))::INTEGER     AS revenue_bin
FROM active
LEFT JOIN edges USING (quarter_start);

CREATE OR REPLACE TABLE quarter_calendar AS
WITH
quarters AS (
    SELECT unnest(range(min(quarter_start), date_trunc('quarter', as_of())::DATE + INTERVAL 1 DAY,
                        INTERVAL 3 MONTH))::DATE AS quarter_start
    FROM customer_quarters
    HAVING count(*) > 0
)
SELECT quarter_start,
       year(quarter_start)::INTEGER                                            AS year,
       year(quarter_start)::VARCHAR || '-Q' || quarter(quarter_start)::VARCHAR AS quarter
FROM quarters
ORDER BY quarter_start;

CREATE OR REPLACE VIEW customer_quarter_segments AS
SELECT totals.customer_id,
       calendar.quarter_start,
       calendar.year,
       calendar.quarter,
       coalesce(active.frequency, 0)        AS frequency,
       coalesce(active.revenue, 0)::DOUBLE  AS revenue,
       coalesce(active.frequency_bin, 0)    AS frequency_bin,
       coalesce(active.revenue_bin, 0)      AS revenue_bin,
       frequency_label.label                AS frequency_segment,
       revenue_label.label                  AS revenue_segment
FROM customer_purchase_totals AS totals
JOIN quarter_calendar AS calendar
  ON calendar.quarter_start >= date_trunc('quarter', totals.first_purchase_date)
LEFT JOIN customer_quarters AS active
  ON active.customer_id = totals.customer_id AND active.quarter_start = calendar.quarter_start
LEFT JOIN quarter_segment_labels AS frequency_label ON frequency_label.bin = coalesce(active.frequency_bin, 0)
LEFT JOIN quarter_segment_labels AS revenue_label ON revenue_label.bin = coalesce(active.revenue_bin, 0);
