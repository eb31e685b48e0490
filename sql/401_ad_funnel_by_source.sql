-- ad_funnel_by_source: the ad funnel of 400_ad_funnel.sql totalled per source, with the same
-- columns and definitions except campaign_id; campaigns = campaigns with ads or leads.
-- leads and buyers count distinct customers of the source (a customer who came through two of
-- its campaigns counts once, and so does their revenue), so they can be less than the sum of
-- the campaign rows. Ratios are recomputed from the totals, NULL on a zero denominator.

CREATE OR REPLACE TABLE ad_funnel_by_source AS
WITH
as_of AS (
    SELECT coalesce(getvariable('as_of')::DATE, error('ad_funnel_by_source: the parameter as_of is not set')) AS as_of
),
campaign_sources AS (
    SELECT campaign_id, min(source) AS source
    FROM ads
    GROUP BY campaign_id
    HAVING count(DISTINCT source) = 1
),
ad_totals AS (
    SELECT source,
           min(date)          AS first_ad_date,
           max(date)          AS last_ad_date,
           sum(impressions)::BIGINT  AS impressions,
           sum(clicks)::BIGINT       AS clicks,
           fsum(spend)        AS spend,
           sum(leads)::BIGINT        AS ads_reported_leads,
           sum(conversions)::BIGINT  AS ads_reported_conversions
    FROM ads, as_of
    WHERE date <= as_of.as_of
    GROUP BY source
),
lead_customers AS (
    SELECT DISTINCT coalesce(leads.source, campaign_sources.source) AS source, leads.customer_id
    FROM leads
    LEFT JOIN campaign_sources USING (campaign_id)
    , as_of
    WHERE leads.lead_date <= as_of.as_of
),
lead_totals AS (
    SELECT lead_customers.source,
           count(*)                                  AS leads,
           count(totals.customer_id)                 AS buyers,
           coalesce(fsum(totals.amount), 0)::DOUBLE  AS revenue
    FROM lead_customers
    LEFT JOIN customer_purchase_totals AS totals USING (customer_id)
    GROUP BY lead_customers.source
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
       clicks / nullif(impressions, 0)   AS ctr,
       leads / nullif(clicks, 0)         AS lead_rate,
       buyers / nullif(leads, 0)         AS buyer_rate,
       spend / nullif(leads, 0)          AS cpl,
       spend / nullif(buyers, 0)         AS cost_per_buyer,
       revenue / nullif(spend, 0)        AS roas
FROM funnel
LEFT JOIN campaign_counts USING (source)
ORDER BY source;
