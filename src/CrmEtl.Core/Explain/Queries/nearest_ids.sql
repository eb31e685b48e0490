-- The known customer ids closest to one that is not known (edit distance, then the longest
-- common start), to suggest what was meant.
WITH ids AS (
    SELECT DISTINCT customer_id FROM (
        SELECT customer_id FROM purchases
        UNION ALL SELECT customer_id FROM leads
        UNION ALL SELECT customer_id FROM customers)
    WHERE customer_id IS NOT NULL
)
SELECT customer_id
FROM ids
ORDER BY levenshtein(lower(customer_id), lower($customer_id)),
         jaro_winkler_similarity(lower(customer_id), lower($customer_id)) DESC,
         customer_id
LIMIT 3;
