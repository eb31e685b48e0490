-- Tiers (seed 000): spend and distinct transactions in the lookback window before the as-of
-- date, matched against rules/tier_rules.csv; the rule with the lowest priority number wins.
-- A rule matches when `combine` = 'any' and either threshold is met (the seed's code), or
-- 'all' and every given threshold is met (the seed's prose); a rule with no threshold always
-- matches. Buyers with no purchase in the window get 'No Tier'.
CREATE OR REPLACE TABLE customer_tiers AS
WITH in_window AS (
    SELECT
        customer_id,
        sum(amount)                    AS total_amount,
        count(DISTINCT transaction_id) AS freq
    FROM transactions
    WHERE purchase_date >= getvariable('as_of') - to_months(getvariable('tier_lookback_months'))
    GROUP BY customer_id
),
ranked AS (
    SELECT
        w.customer_id,
        w.total_amount,
        w.freq,
        r.tier,
        row_number() OVER (PARTITION BY w.customer_id ORDER BY r.priority) AS rule_rank
    FROM in_window AS w
    LEFT JOIN tier_rules AS r ON
        CASE lower(r.combine)
            WHEN 'all' THEN coalesce(w.total_amount > r.amount_above, true)
                        AND coalesce(w.freq >= r.transactions_at_least, true)
            ELSE (r.amount_above IS NULL AND r.transactions_at_least IS NULL)
                 OR coalesce(w.total_amount > r.amount_above, false)
                 OR coalesce(w.freq >= r.transactions_at_least, false)
        END
)
SELECT customer_id, total_amount, freq, tier
FROM ranked
WHERE rule_rank = 1
UNION ALL
SELECT DISTINCT t.customer_id, 0.0, 0, 'No Tier'
FROM transactions AS t
WHERE t.customer_id NOT IN (SELECT customer_id FROM in_window);
