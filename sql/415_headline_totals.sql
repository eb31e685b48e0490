-- headline_totals: the report's headline figures, one row, up to as_of():
--     leads          customers with a lead (the funnel's first stage, 120_funnel.sql)
--     buyers         customers with a purchase
--     repeat_buyers  of them, the customers with two or more transactions
--     transactions   purchase transactions
--     revenue        their total amount (returns netted as in transactions)
--     first_date     the first lead or purchase date: where the period the report covers starts
-- From the purchases when there are any, else from a per-customer summary export (customer_rfm,
-- customers): buyers = the customers scored, repeat buyers = those with frequency > 1,
-- transactions = the sum of frequency, revenue = the sum of monetary.
-- Counted from the per-customer tables instead of counting distinct customers over all leads and
-- transactions again.
CREATE OR REPLACE TABLE headline_totals AS
WITH
lead_totals AS (
    SELECT (SELECT customers FROM funnel WHERE stage_order = 1) AS leads,
           min(lead_date) AS first_lead
    FROM leads
    WHERE lead_date <= as_of()
),
from_purchases AS (
    SELECT count(*)                                AS buyers,
           count(*) FILTER (WHERE transactions >= 2) AS repeat_buyers,
           coalesce(sum(transactions), 0)::BIGINT  AS transactions,
           (SELECT coalesce(stable_sum(amount), 0) FROM transactions) AS revenue,
           min(first_purchase_date)                AS first_purchase
    FROM customer_purchase_totals
),
from_summary AS (
    SELECT count(*)                                AS buyers,
           count(*) FILTER (WHERE frequency > 1)   AS repeat_buyers,
           coalesce(sum(frequency), 0)::BIGINT     AS transactions,
           coalesce(stable_sum(monetary), 0)       AS revenue,
           (SELECT min(first_purchase_date) FROM customers) AS first_purchase
    FROM customer_rfm
),
buyer_totals AS (
    SELECT * FROM from_purchases WHERE buyers > 0
    UNION ALL
    SELECT * FROM from_summary WHERE NOT EXISTS (SELECT 1 FROM from_purchases WHERE buyers > 0)
)
SELECT coalesce(lead_totals.leads, 0)::BIGINT      AS leads,
       buyer_totals.buyers,
       buyer_totals.repeat_buyers,
       buyer_totals.transactions,
       buyer_totals.revenue::DOUBLE                AS revenue,
       least(lead_totals.first_lead, buyer_totals.first_purchase) AS first_date
FROM lead_totals, buyer_totals;
