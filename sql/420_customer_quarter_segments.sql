-- The quarterly customer story of seed 004 (SPEC analysis 7): per customer and calendar quarter,
-- from the quarter of the customer's first purchase to the quarter of getvariable('as_of')
-- (purchases after as_of are ignored), so that one customer's path reads as consecutive rows.
--
-- customer_quarters (table): one row per customer and quarter
--     quarter_start                 first day of the calendar quarter
--     frequency                     distinct transactions in the quarter (0 when inactive)
--     revenue                       their total amount (0 when inactive)
--     frequency_bin, revenue_bin    1 (lowest) .. n among the quarter's active customers; 0 when
--                                   the customer bought nothing in the quarter
-- customer_quarter_segments (view): the same rows with year, quarter (e.g. '2024-Q3') and the
--     bins' labels from rules/quarter_segment_labels.csv as frequency_segment and revenue_segment
--     (a view, so the labels cost nothing to store: writing two text columns for every customer
--     and quarter would take longer than computing the whole table).
--
-- The rule. Seed 004 clusters each quarter with k-means; here a quarter's active customers are cut
-- into n bins at the quantiles of their frequency and, separately, of their revenue, as
-- pandas.qcut(values, n) cuts: n = the number of rows of quarter_segment_labels with bin >= 1
-- (4 by default: Low Value, Below Average, Average, High Value), edges at the k/n quantiles
-- (linear interpolation), bins closed on the right. Ties are common in frequency (most customers
-- buy once a quarter), so edges often coincide; then the rule of qcut_bin applies
-- (300_pandas_compatible_macros.sql): a value goes to the lowest bin its edge closes, so equal
-- values always share a segment and some bins stay empty. Bin 0 of the rule table labels the
-- quarters without purchases (Inactive); a customer has no row before their first quarter.

CREATE OR REPLACE TABLE customer_quarters AS
WITH
as_of AS (
    SELECT coalesce(getvariable('as_of')::DATE,
                    error('customer_quarter_segments: the parameter as_of is not set')) AS as_of
),
bins AS (
    SELECT count(*) FILTER (WHERE bin >= 1) AS bins FROM quarter_segment_labels
),
-- Quarters as whole numbers (quarters since 1970-Q1) while grouping and joining.
active AS (
    SELECT customer_id,
           date_diff('quarter', DATE '1970-01-01', purchase_date) AS quarter_number,
           count(*)    AS frequency,
           sum(amount) AS revenue
    FROM transactions
    GROUP BY ALL
),
sorted_values AS (
    SELECT quarter_number,
           sorted_doubles(frequency) AS frequency_values,
           sorted_doubles(revenue)   AS revenue_values
    FROM active
    GROUP BY quarter_number
),
edges AS (
    SELECT quarter_number,
           qcut_inner_edges(frequency_values, bins.bins) AS frequency_edges,
           qcut_inner_edges(revenue_values, bins.bins)   AS revenue_edges
    FROM sorted_values, bins
),
binned AS (
    SELECT active.customer_id,
           active.quarter_number,
           active.frequency,
           active.revenue,
           qcut_bin(active.frequency, edges.frequency_edges) AS frequency_bin,
           qcut_bin(active.revenue, edges.revenue_edges)     AS revenue_bin
    FROM active
    JOIN edges USING (quarter_number)
),
-- Every quarter from the customer's first purchase to as_of (customer_purchase_totals holds the
-- first purchase date of every customer with a transaction up to as_of).
customer_quarter_numbers AS (
    SELECT customer_id,
           unnest(range(date_diff('quarter', DATE '1970-01-01', first_purchase_date),
                        date_diff('quarter', DATE '1970-01-01', as_of.as_of) + 1)) AS quarter_number
    FROM customer_purchase_totals, as_of
)
SELECT customer_id,
       (DATE '1970-01-01' + to_months(3 * quarter_number))::DATE AS quarter_start,
       coalesce(binned.frequency, 0)                             AS frequency,
       coalesce(binned.revenue, 0)::DOUBLE                       AS revenue,
       coalesce(binned.frequency_bin, 0)::INTEGER                AS frequency_bin,
       coalesce(binned.revenue_bin, 0)::INTEGER                  AS revenue_bin
FROM customer_quarter_numbers
LEFT JOIN binned USING (customer_id, quarter_number);

CREATE OR REPLACE VIEW customer_quarter_segments AS
SELECT customer_quarters.customer_id,
       customer_quarters.quarter_start,
       year(customer_quarters.quarter_start)::INTEGER                                 AS year,
       year(customer_quarters.quarter_start)::VARCHAR || '-Q'
           || quarter(customer_quarters.quarter_start)::VARCHAR                       AS quarter,
       customer_quarters.frequency,
       customer_quarters.revenue,
       customer_quarters.frequency_bin,
       customer_quarters.revenue_bin,
       frequency_label.label AS frequency_segment,
       revenue_label.label   AS revenue_segment
FROM customer_quarters
LEFT JOIN quarter_segment_labels AS frequency_label ON frequency_label.bin = customer_quarters.frequency_bin
LEFT JOIN quarter_segment_labels AS revenue_label ON revenue_label.bin = customer_quarters.revenue_bin;
