-- The quarter calendar runs without gaps to the quarter of as_of; every active customer quarter
-- is in it, has a transaction, and bins within the labels of quarter_segment_labels; the story
-- (customer_quarter_segments) then has one row per buyer and quarter from their first.
SELECT 'customer quarter' AS problem, customer_id, quarter_start, frequency, frequency_bin, revenue_bin
FROM customer_quarters
WHERE frequency < 1
   OR quarter_start NOT IN (SELECT quarter_start FROM quarter_calendar)
   OR frequency_bin NOT BETWEEN 1 AND (SELECT count(*) FILTER (WHERE bin >= 1) FROM quarter_segment_labels)
   OR revenue_bin NOT BETWEEN 1 AND (SELECT count(*) FILTER (WHERE bin >= 1) FROM quarter_segment_labels)
UNION ALL
SELECT 'calendar', NULL, quarter_start, NULL, NULL, NULL
FROM (SELECT quarter_start, lag(quarter_start) OVER (ORDER BY quarter_start) AS previous,
             max(quarter_start) OVER () AS last
      FROM quarter_calendar)
WHERE (previous IS NOT NULL AND quarter_start <> previous + INTERVAL 3 MONTH)
   OR last <> date_trunc('quarter', as_of());
