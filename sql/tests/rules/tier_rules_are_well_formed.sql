-- Each tier rule names its tier, combines its thresholds with 'any' or 'all', has a distinct
-- priority, and thresholds that are not negative.
SELECT priority, tier, amount_above, transactions_at_least, combine
FROM tier_rules
WHERE tier IS NULL
   OR priority IS NULL
   OR lower(coalesce(combine, '')) NOT IN ('any', 'all')
   OR amount_above < 0
   OR transactions_at_least < 0
   OR priority IN (SELECT priority FROM tier_rules GROUP BY priority HAVING count(*) > 1);
