-- Each RF-grid rule names its segment, has a distinct rule_order, and score ranges within 1-5
-- that are not empty (min <= max).
SELECT rule_order, recency_score_min, recency_score_max, frequency_score_min, frequency_score_max, segment
FROM rfm_segments
WHERE segment IS NULL
   OR rule_order IS NULL
   OR NOT (recency_score_min BETWEEN 1 AND 5 AND recency_score_max BETWEEN 1 AND 5 AND recency_score_min <= recency_score_max)
   OR NOT (frequency_score_min BETWEEN 1 AND 5 AND frequency_score_max BETWEEN 1 AND 5 AND frequency_score_min <= frequency_score_max)
   OR rule_order IN (SELECT rule_order FROM rfm_segments GROUP BY rule_order HAVING count(*) > 1);
