-- ad_funnel: the ad funnel (ad spend → leads → buyers) per source and campaign, up to
-- as_of(); ads and leads dated after it are ignored.
--     impressions, clicks, spend   summed over the campaign's ad rows
--     ads_reported_leads           sum of ads.leads, the leads the ad platform reported (NULL when not given)
--     ads_reported_conversions     sum of ads.conversions (NULL when not given)
--     leads                        distinct customers in the leads table for the campaign
--     buyers                       those lead customers with at least one purchase up to as_of
--     revenue                      those buyers' total purchase amount up to as_of (all their
--                                  purchases, from customer_purchase_totals: a customer who came
--                                  through two campaigns is credited in full to both)
--     ctr = clicks / impressions, lead_rate = leads / clicks, buyer_rate = buyers / leads,
--     cpl = spend / leads, cost_per_buyer = spend / buyers, roas = revenue / spend
-- Every ratio is NULL when its denominator is 0 or missing (safe_ratio).
-- A campaign is keyed by (source, campaign_id). A lead row without a source takes the source
-- the ads give its campaign (when they give it exactly one). Leads without a campaign form one
-- row with campaign_id NULL per source; campaigns with leads but no ads have NULL ad columns.
-- Source-level totals are in ad_funnel_by_source (401), from the same ad_lead_customers. Money
-- is summed with stable_sum, so totals do not change in the last digits with the order threads
-- add rows in.

-- ad_lead_customers (temporary table, also read by 401; computed once for both, and not stored
-- in the database): each lead customer once per source and campaign, up to as_of(), with their
-- purchases: buyer = the customer has purchases up to as_of, amount = their total amount
-- (customer_purchase_totals; NULL for a lead who bought nothing). A lead without a source takes
-- the source the ads give its campaign, when they give it exactly one.
CREATE OR REPLACE TEMP TABLE ad_lead_customers AS
WITH campaign_sources AS (
    SELECT campaign_id, min(source) AS source
    FROM ads
    GROUP BY campaign_id
    HAVING count(DISTINCT source) = 1
),
lead_customers AS (
    SELECT DISTINCT coalesce(leads.source, campaign_sources.source) AS source, leads.campaign_id, leads.customer_id
    FROM leads
    LEFT JOIN campaign_sources USING (campaign_id)
    WHERE leads.lead_date <= as_of()
)
SELECT lead_customers.*,
       totals.customer_id IS NOT NULL AS buyer,
       totals.amount
FROM lead_customers
LEFT JOIN customer_purchase_totals AS totals USING (customer_id);

CREATE OR REPLACE TABLE ad_funnel AS
WITH
ad_totals AS (
    SELECT source,
           campaign_id,
           min(date)          AS first_ad_date,
           max(date)          AS last_ad_date,
           sum(impressions)::BIGINT  AS impressions,
           sum(clicks)::BIGINT       AS clicks,
           stable_sum(spend)  AS spend,
           sum(leads)::BIGINT        AS ads_reported_leads,
           sum(conversions)::BIGINT  AS ads_reported_conversions
    FROM ads
    WHERE date <= as_of()
    GROUP BY source, campaign_id
),
lead_totals AS (
    SELECT source,
           campaign_id,
           count(*)                                 AS leads,
           count(*) FILTER (WHERE buyer)            AS buyers,
           coalesce(stable_sum(amount), 0)::DOUBLE  AS revenue
    FROM ad_lead_customers
    GROUP BY source, campaign_id
),
funnel AS (
    SELECT source, campaign_id, ad_totals.* EXCLUDE (source, campaign_id),
           coalesce(lead_totals.leads, 0)    AS leads,
           coalesce(lead_totals.buyers, 0)   AS buyers,
           coalesce(lead_totals.revenue, 0)  AS revenue
    FROM ad_totals
    FULL JOIN lead_totals USING (source, campaign_id)
)
SELECT source,
       campaign_id,
       first_ad_date,
       last_ad_date,
       impressions,
       clicks,
       spend,
       ads_reported_leads,
       ads_reported_conversions,
       leads,
       buyers,
       revenue,
       safe_ratio(clicks, impressions)   AS ctr,
       safe_ratio(leads, clicks)         AS lead_rate,
       safe_ratio(buyers, leads)         AS buyer_rate,
       safe_ratio(spend, leads)          AS cpl,
       safe_ratio(spend, buyers)         AS cost_per_buyer,
       safe_ratio(revenue, spend)        AS roas
FROM funnel
ORDER BY source, campaign_id;
