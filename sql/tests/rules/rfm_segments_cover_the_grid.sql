-- Every cell of the 5 x 5 RF grid falls in some rule; a cell no rule covers would give its
-- customers the segment 'unclassified'.
SELECT r.recency_score, f.frequency_score
FROM range(1, 6) AS r(recency_score)
CROSS JOIN range(1, 6) AS f(frequency_score)
WHERE NOT EXISTS (
    SELECT 1 FROM rfm_segments AS rule
    WHERE r.recency_score BETWEEN rule.recency_score_min AND rule.recency_score_max
      AND f.frequency_score BETWEEN rule.frequency_score_min AND rule.frequency_score_max);
