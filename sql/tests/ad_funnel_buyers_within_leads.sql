-- Buyers are lead customers who bought: never more than the leads, at campaign and at source
-- level; a source counts each customer once, so it has at most the sum of its campaigns' leads
-- and at least the largest campaign's.
SELECT 'campaign' AS level, source, campaign_id, leads, buyers, NULL AS campaign_leads_sum
FROM ad_funnel
WHERE buyers > leads OR buyers < 0 OR buyer_rate NOT BETWEEN 0 AND 1
UNION ALL
SELECT 'source', s.source, NULL, s.leads, s.buyers, c.leads_sum
FROM ad_funnel_by_source AS s
LEFT JOIN (SELECT source, sum(leads) AS leads_sum, max(leads) AS leads_max, sum(buyers) AS buyers_sum
           FROM ad_funnel GROUP BY source) AS c
       ON c.source IS NOT DISTINCT FROM s.source
WHERE s.buyers > s.leads
   OR s.leads > coalesce(c.leads_sum, 0) OR s.leads < coalesce(c.leads_max, 0)
   OR s.buyers > coalesce(c.buyers_sum, 0);
