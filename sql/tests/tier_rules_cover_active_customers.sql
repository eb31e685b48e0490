-- Every customer active in the tier window matched a rule (tier_rules.csv needs a catch-all).
SELECT customer_id, total_amount, freq
FROM customer_tiers
WHERE tier IS NULL;
