-- The known customer ids closest to one that is not known, to suggest what was meant: ids that
-- start with it (a truncated id) first, then by edit distance.
WITH ids AS (
    SELECT DISTINCT customer_id FROM (
        SELECT customer_id FROM purchases
        UNION ALL SELECT customer_id FROM leads
        UNION ALL SELECT customer_id FROM customers)
    WHERE customer_id IS NOT NULL
)
SELECT customer_id
FROM ids
ORDER BY NOT starts_with(lower(customer_id), lower($customer_id)),
         levenshtein(lower(customer_id), lower($customer_id)),
         jaro_winkler_similarity(lower(customer_id), lower($customer_id)) DESC,
         customer_id
LIMIT 3;
