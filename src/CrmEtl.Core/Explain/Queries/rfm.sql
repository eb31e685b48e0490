-- The customer's RFM values and scores (customer_rfm), the quintile edges they were cut at
-- (rfm_quintile_edges), the scores those edges give (qcut_bin, as sql/310_customer_rfm.sql scores),
-- the frequencies that share the customer's frequency score, and the first rule of
-- rules/rfm_segments.csv whose ranges hold the scores.
WITH customer AS (
    SELECT * FROM customer_rfm WHERE customer_id = $customer_id
),
edges AS (
    SELECT
        list(value ORDER BY edge) FILTER (WHERE measure = 'recency') AS recency_edges,
        list(value ORDER BY edge) FILTER (WHERE measure = 'frequency_rank') AS frequency_rank_edges,
        list(value ORDER BY edge) FILTER (WHERE measure = 'monetary') AS monetary_edges
    FROM rfm_quintile_edges
),
same_frequency_score AS (
    SELECT min(r.frequency) AS low, max(r.frequency) AS high
    FROM customer_rfm AS r, customer AS c
    WHERE r.frequency_score = c.frequency_score
),
matched_rule AS (
    SELECT rule.*
    FROM rfm_segments AS rule, customer AS c
    WHERE c.recency_score BETWEEN rule.recency_score_min AND rule.recency_score_max
      AND c.frequency_score BETWEEN rule.frequency_score_min AND rule.frequency_score_max
    ORDER BY rule.rule_order
    LIMIT 1
)
SELECT
    c.recency::DOUBLE AS recency,
    c.frequency::DOUBLE AS frequency,
    c.monetary::DOUBLE AS monetary,
    c.frequency_rank,
    (SELECT count(*) FROM customer_rfm) AS customers,
    c.recency_score,
    c.frequency_score,
    c.monetary_score,
    c.segment,
    e.recency_edges,
    e.frequency_rank_edges,
    e.monetary_edges,
    (6 - qcut_bin(c.recency, e.recency_edges))::INTEGER AS recency_score_from_edges,
    qcut_bin(c.frequency_rank, e.frequency_rank_edges)::INTEGER AS frequency_score_from_edges,
    qcut_bin(c.monetary, e.monetary_edges)::INTEGER AS monetary_score_from_edges,
    s.low::DOUBLE AS frequency_score_low,
    s.high::DOUBLE AS frequency_score_high,
    m.rule_order,
    m.recency_score_min,
    m.recency_score_max,
    m.frequency_score_min,
    m.frequency_score_max,
    m.segment AS rule_segment
FROM customer AS c
CROSS JOIN edges AS e
CROSS JOIN same_frequency_score AS s
LEFT JOIN matched_rule AS m ON true;
