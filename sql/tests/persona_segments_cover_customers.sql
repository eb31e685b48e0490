-- Every customer with a persona is counted in exactly one persona row, and every persona with an
-- average gets a segment.
SELECT persona, customers, avg_monetary, segment
FROM persona_segments
WHERE avg_monetary IS NOT NULL AND segment IS NULL
UNION ALL
SELECT 'customers counted: ' || coalesce(sum(customers), 0), (SELECT count(*) FROM customer_personas), NULL, NULL
FROM persona_segments
HAVING coalesce(sum(customers), 0) <> (SELECT count(*) FROM customer_personas);
