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
-- Computed as one aggregation per customer over their leads, first and second purchases and tier
-- (one row each: transactions numbers a customer's purchases once, and customer_tiers has a row
-- per buyer), so that a hundred times the data needs no set of every lead customer held in
-- memory: DuckDB moves a grouped aggregate to disk when it outgrows memory_limit.
CREATE OR REPLACE TABLE funnel AS
WITH any_leads AS (
    SELECT EXISTS (FROM leads WHERE lead_date <= as_of()) AS any_leads
),
customer_events AS (
    SELECT customer_id, true AS lead, false AS first_purchase, false AS second_purchase, NULL::INTEGER AS tier_priority
    FROM leads
    WHERE lead_date <= as_of()
    UNION ALL
    SELECT customer_id, false, first_purchase, second_purchase, NULL
    FROM transaction_flags
    WHERE first_purchase OR second_purchase
    UNION ALL
    SELECT c.customer_id, false, false, false, r.priority
    FROM customer_tiers AS c
    JOIN tier_rules AS r ON r.tier = c.tier
),
per_customer AS (
    SELECT customer_id,
           bool_or(lead) AS lead,
           bool_or(first_purchase) AS first_purchase,
           bool_or(second_purchase) AS second_purchase,
           min(tier_priority) AS tier_priority
    FROM customer_events
    GROUP BY customer_id
),
-- First Purchase: buyers among the lead customers, or every buyer when there are no leads;
-- Second Purchase: of those, the customers with a second purchase.
stages_reached AS (
    SELECT lead,
           first_purchase AND customer_id IS NOT NULL AND (lead OR NOT any_leads) AS first_buyer,
           first_purchase AND second_purchase AND customer_id IS NOT NULL AND (lead OR NOT any_leads) AS second_buyer,
           tier_priority
    FROM per_customer, any_leads
),
second_buyers_by_priority AS (
    SELECT tier_priority, count(*) AS customers
    FROM stages_reached
    WHERE second_buyer AND tier_priority IS NOT NULL
    GROUP BY tier_priority
),
tier_stages AS (
    -- A stage per tier, lowest tier (highest priority number) first.
    SELECT tier, priority, CAST(rank() OVER (ORDER BY priority DESC) AS INTEGER) AS tier_order
    FROM tier_rules
),
stage_counts AS (
    SELECT 'Leads' AS stage, 1 AS stage_order, count(*) FILTER (WHERE lead) AS customers FROM stages_reached
    UNION ALL
    SELECT 'First Purchase', 2, count(*) FILTER (WHERE first_buyer) FROM stages_reached
    UNION ALL
    SELECT 'Second Purchase', 3, count(*) FILTER (WHERE second_buyer) FROM stages_reached
    UNION ALL
    SELECT
        s.tier,
        3 + s.tier_order,
        coalesce(sum(b.customers), 0)::BIGINT
    FROM tier_stages AS s
    LEFT JOIN second_buyers_by_priority AS b ON b.tier_priority <= s.priority
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
