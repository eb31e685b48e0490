-- Lifecycle funnel: distinct customers per stage, in stage order, with the step
-- conversion rate (this stage / the previous one; 1.0 for the first stage) and the share of
-- the first stage. Tier stages follow tier_rules.csv, from the lowest tier to the highest.
CREATE OR REPLACE TABLE funnel AS
WITH stage_counts AS (
    SELECT 'Leads' AS stage, 1 AS stage_order, count(DISTINCT customer_id) AS customers
    FROM leads
    WHERE lead_date <= as_of()
    UNION ALL
    SELECT 'First Purchase', 2, count(DISTINCT customer_id) FILTER (WHERE first_purchase)
    FROM transaction_flags
    UNION ALL
    SELECT 'Second Purchase', 3, count(DISTINCT customer_id) FILTER (WHERE second_purchase)
    FROM transaction_flags
    UNION ALL
    SELECT
        r.tier,
        3 + CAST(rank() OVER (ORDER BY r.priority DESC) AS INTEGER),
        count(c.customer_id)
    FROM tier_rules AS r
    LEFT JOIN customer_tiers AS c ON c.tier = r.tier
    GROUP BY r.tier, r.priority
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
