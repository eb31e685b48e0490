-- ad_funnel_by_source: the ad funnel of 400_ad_funnel.sql totalled per source, with the same
-- columns and definitions except campaign_id; campaigns = campaigns with ads or leads.
-- leads and buyers count distinct customers of the source (a customer who came through two of
-- its campaigns counts once, and so does their revenue), so they can be less than the sum of
-- the campaign rows. Ratios are recomputed from the totals, NULL on a zero denominator.

CREATE OR REPLACE TABLE ad_funnel_by_source AS
WITH
ad_totals AS (
    SELECT source,
           min(date)          AS first_ad_date,
           max(date)          AS last_ad_date,
           sum(impressions)::BIGINT  AS impressions,
           sum(clicks)::BIGINT       AS clicks,
           stable_sum(spend)  AS spend,
           sum(leads)::BIGINT        AS ads_reported_leads,
           sum(conversions)::BIGINT  AS ads_reported_conversions
    FROM ads
    WHERE date <= as_of()
    GROUP BY source
),
lead_customers AS (
    -- buyer and amount are the customer's, so this is each customer once per source.
    SELECT DISTINCT source, customer_id, buyer, amount
    FROM ad_lead_customers
),
lead_totals AS (
    SELECT source,
           count(*)                                  AS leads,
           count(*) FILTER (WHERE buyer)             AS buyers,
           coalesce(stable_sum(amount), 0)::DOUBLE   AS revenue
    FROM lead_customers
    GROUP BY source
),
campaign_counts AS (
    SELECT source, count(DISTINCT campaign_id) AS campaigns
    FROM (SELECT source, campaign_id FROM ad_funnel WHERE campaign_id IS NOT NULL)
    GROUP BY source
),
funnel AS (
    SELECT source, ad_totals.* EXCLUDE (source),
           coalesce(lead_totals.leads, 0)    AS leads,
           coalesce(lead_totals.buyers, 0)   AS buyers,
           coalesce(lead_totals.revenue, 0)  AS revenue
    FROM ad_totals
    FULL JOIN lead_totals USING (source)
)
SELECT source,
       coalesce(campaign_counts.campaigns, 0) AS campaigns,
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
LEFT JOIN campaign_counts USING (source)
ORDER BY source;
