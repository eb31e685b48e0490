-- Tiers (the lifecycle funnel's tier stages): spend and distinct transactions in the lookback
-- window before the as-of date, matched against rules/tier_rules.csv; the rule with the lowest
-- priority number wins. A rule matches when `combine` = 'any' and either threshold is met, or
-- 'all' and every given threshold is met; a rule with no threshold always
-- matches. Buyers with no purchase in the window get 'No Tier'.
-- The window's start and the reading of a rule are macros, so that `crmetl explain` evaluates a
-- customer's rules exactly as this script does.
CREATE OR REPLACE MACRO tier_window_start() AS
    as_of() - to_months(getvariable('tier_lookback_months'));

CREATE OR REPLACE MACRO tier_rule_matches(combine, amount_above, transactions_at_least, total_amount, freq) AS
    CASE lower(combine)
        WHEN 'all' THEN coalesce(total_amount > amount_above, true)
                    AND coalesce(freq >= transactions_at_least, true)
        ELSE (amount_above IS NULL AND transactions_at_least IS NULL)
             OR coalesce(total_amount > amount_above, false)
             OR coalesce(freq >= transactions_at_least, false)
    END;

CREATE OR REPLACE TABLE customer_tiers AS
WITH tier_window AS (
    SELECT tier_window_start() AS since
),
-- The rules as one list in priority order: each customer takes the first that matches (the
-- rules are few; a join of every customer with every rule and a group-by back to the customer
-- took a quarter longer on a year of data).
rules_by_priority AS (
    SELECT list(r ORDER BY r.priority) AS rules
    FROM tier_rules AS r
),
per_customer AS (
    -- One pass over every buyer: transactions has one row per transaction and customer, so
    -- count(*) is the distinct transactions; freq = 0 means nothing bought in the window.
    SELECT
        t.customer_id,
        stable_sum(CASE WHEN t.purchase_date >= w.since THEN t.amount END) AS total_amount,
        count(*)      FILTER (WHERE t.purchase_date >= w.since) AS freq
    FROM transactions AS t, tier_window AS w
    GROUP BY t.customer_id
)
SELECT
    customer_id,
    CASE WHEN freq = 0 THEN 0.0 ELSE total_amount END AS total_amount,
    freq,
    CASE WHEN freq = 0 THEN 'No Tier'
         ELSE list_filter(rules, lambda r: tier_rule_matches(r.combine, r.amount_above, r.transactions_at_least,
                                                             total_amount, freq))[1].tier
    END AS tier
FROM per_customer, rules_by_priority;
