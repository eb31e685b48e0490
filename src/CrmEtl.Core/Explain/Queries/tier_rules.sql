-- Every tier rule (rules/tier_rules.csv, as the run loaded it), in priority order, evaluated for
-- one customer on the spend and transactions customer_tiers stored for the lookback window, with
-- the macros of sql/110_customer_tiers.sql: whether each threshold is met, whether the rule
-- matches, and which rule decided (the first match; none when the customer bought nothing in the
-- window: 'No Tier').
WITH customer AS (
    SELECT total_amount, freq, tier FROM customer_tiers WHERE customer_id = $customer_id
),
evaluated AS (
    SELECT
        r.priority,
        r.tier,
        r.amount_above::DOUBLE AS amount_above,
        r.transactions_at_least::BIGINT AS transactions_at_least,
        lower(r.combine) AS combine,
        c.total_amount::DOUBLE AS total_amount,
        c.freq,
        c.total_amount::DOUBLE > r.amount_above AS amount_met,
        c.freq >= r.transactions_at_least AS transactions_met,
        c.freq > 0 AND tier_rule_matches(r.combine, r.amount_above, r.transactions_at_least, c.total_amount, c.freq) AS matches
    FROM tier_rules AS r, customer AS c
)
SELECT
    *,
    matches AND NOT coalesce(bool_or(matches) OVER (
        ORDER BY priority ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), false) AS decided
FROM evaluated
ORDER BY priority;
