-- Every buyer has exactly one first purchase.
SELECT customer_id, count(*) FILTER (WHERE first_purchase) AS first_purchases
FROM transaction_flags
GROUP BY customer_id
HAVING count(*) FILTER (WHERE first_purchase) <> 1;
