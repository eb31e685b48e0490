-- tier_distribution: how the buyers split over the tiers of rules/tier_rules.csv, one row per
-- tier (and 'No Tier' for buyers without a purchase in the lookback window). Each buyer is in
-- exactly one row: the exclusive tier counts, each buyer in one tier. They are not nested (a
-- shop can have more Tier 3 than Tier 2 customers), so the funnel does not stack them; see
-- 120_funnel.sql.
--     tier, priority (NULL for No Tier), customers, share_of_buyers
CREATE OR REPLACE TABLE tier_distribution AS
WITH tiers AS (
    SELECT tier, priority FROM tier_rules
    UNION ALL
    SELECT 'No Tier', NULL
),
counted AS (
    SELECT t.tier, t.priority, count(c.customer_id) AS customers
    FROM tiers AS t
    LEFT JOIN customer_tiers AS c ON c.tier = t.tier
    GROUP BY t.tier, t.priority
)
SELECT
    tier,
    priority,
    customers,
    safe_ratio(customers, sum(customers) OVER ()) AS share_of_buyers
FROM counted
ORDER BY priority DESC NULLS FIRST;
