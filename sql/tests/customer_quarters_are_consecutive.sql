-- Every buyer has one row per quarter from the quarter of their first purchase to the quarter of
-- as_of (compared in total, which is cheap: the rows come from one range per customer); a
-- quarter is inactive (bin 0) exactly when it has no transaction; bins stay within the labels of
-- quarter_segment_labels.
SELECT customer_id, quarter_start, frequency, frequency_bin, revenue_bin
FROM customer_quarters
WHERE (frequency = 0) <> (frequency_bin = 0)
   OR (frequency = 0) <> (revenue_bin = 0)
   OR quarter_start > getvariable('as_of')::DATE
   OR frequency_bin NOT BETWEEN 0 AND (SELECT count(*) FILTER (WHERE bin >= 1) FROM quarter_segment_labels)
   OR revenue_bin NOT BETWEEN 0 AND (SELECT count(*) FILTER (WHERE bin >= 1) FROM quarter_segment_labels)
UNION ALL
SELECT 'rows: ' || (SELECT count(*) FROM customer_quarters), NULL, NULL, NULL, NULL
FROM customer_purchase_totals
HAVING coalesce(sum(date_diff('quarter', date_trunc('quarter', first_purchase_date),
                              date_trunc('quarter', getvariable('as_of')::DATE)) + 1), 0)
       <> (SELECT count(*) FROM customer_quarters);
