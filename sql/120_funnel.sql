-- Lifecycle funnel: distinct customers per stage, in stage order, each stage a subset
-- of the one before, so no step exceeds 100 %:
--   Leads            customers with a lead up to the as-of date;
--   First Purchase   customers with a first purchase (of the leads, when there are leads);
--   Second Purchase  of those, customers whose second purchase came within the window;
--   one stage per tier of tier_rules.csv, lowest first: of the stage before, the customers who
--                    reached that tier or a higher one (a lower priority number) in the lookback
--                    window. "Tier 2" is everyone at Tier 2, Tier 3 or Power User, not Tier 2 alone.
-- conversion_rate = this stage / the one before (1.0 for the first), share_of_leads = this stage /
-- the first. How buyers split over the tiers, each counted once, is table tier_distribution.
CREATE OR REPLACE TABLE funnel AS
WITH lead_customers AS (
    SELECT DISTINCT customer_id
    FROM leads
    WHERE lead_date <= as_of()
),
-- A customer has at most one first and one second purchase, so neither list needs DISTINCT.
-- (Two branches rather than one OR: DuckDB then filters with a plain semi-join.)
first_buyers AS (
    SELECT customer_id
    FROM transaction_flags
    WHERE first_purchase
      AND customer_id IN (FROM lead_customers)
    UNION ALL
    SELECT customer_id
    FROM transaction_flags
    WHERE first_purchase
      AND NOT EXISTS (FROM lead_customers)
),
second_buyers AS (
    SELECT customer_id
    FROM transaction_flags
    WHERE second_purchase
      AND customer_id IN (FROM first_buyers)
),
tier_stages AS (
    -- A stage per tier, lowest tier (highest priority number) first.
    SELECT tier, priority, CAST(rank() OVER (ORDER BY priority DESC) AS INTEGER) AS tier_order
    FROM tier_rules
),
stage_counts AS (
    SELECT 'Leads' AS stage, 1 AS stage_order, (SELECT count(*) FROM lead_customers) AS customers
    UNION ALL
    SELECT 'First Purchase', 2, (SELECT count(*) FROM first_buyers)
    UNION ALL
    SELECT 'Second Purchase', 3, (SELECT count(*) FROM second_buyers)
    UNION ALL
    SELECT
        s.tier,
        3 + s.tier_order,
        count(c.customer_id)
    FROM tier_stages AS s
    LEFT JOIN (
        SELECT c.customer_id, r.priority
        FROM customer_tiers AS c
        JOIN tier_rules AS r ON r.tier = c.tier
        WHERE c.customer_id IN (FROM second_buyers)
    ) AS c ON c.priority <= s.priority
    GROUP BY s.tier, s.tier_order
)
SELECT
    stage,
    stage_order,
    customers,
    CASE
        WHEN stage_order = 1 THEN 1.0
        ELSE safe_ratio(customers, lag(customers) OVER (ORDER BY stage_order))
    END AS conversion_rate,
    safe_ratio(customers, first_value(customers) OVER (ORDER BY stage_order)) AS share_of_leads
FROM stage_counts
ORDER BY stage_order;
