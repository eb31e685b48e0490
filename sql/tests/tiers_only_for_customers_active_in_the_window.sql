-- A customer with a tier other than 'No Tier' bought within the lookback window, and vice versa.
SELECT c.customer_id, c.tier, max(t.purchase_date) AS last_purchase
FROM customer_tiers AS c
JOIN transactions AS t USING (customer_id)
GROUP BY c.customer_id, c.tier
HAVING (c.tier = 'No Tier') = (max(t.purchase_date) >= as_of() - to_months(getvariable('tier_lookback_months')));
