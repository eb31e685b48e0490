-- Each cohort retains all of itself in its own month and never more than itself later; the
-- cohorts together are every buyer up to as_of, each counted once.
SELECT cohort_month, months_since, cohort_size, customers, retention_rate
FROM cohort_retention
WHERE (months_since = 0 AND (customers <> cohort_size OR retention_rate <> 1))
   OR customers > cohort_size
   OR retention_rate NOT BETWEEN 0 AND 1
UNION ALL
SELECT NULL, NULL, sum(cohort_size), (SELECT count(*) FROM customer_purchase_totals), NULL
FROM cohort_retention
WHERE months_since = 0
HAVING coalesce(sum(cohort_size), 0) <> (SELECT count(*) FROM customer_purchase_totals);
