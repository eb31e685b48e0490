-- The funnel has its three lifecycle stages and one stage per tier rule, with no negative count.
SELECT 'stage count' AS problem, count(*) AS found
FROM funnel
HAVING count(*) <> 3 + (SELECT count(*) FROM tier_rules)
UNION ALL
SELECT 'negative customers: ' || stage, customers
FROM funnel
WHERE customers < 0;
