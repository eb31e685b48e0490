-- Every RFM score is 1-5 and every scored customer appears once.
SELECT customer_id, recency_score, frequency_score, monetary_score, count(*) OVER (PARTITION BY customer_id) AS rows_for_customer
FROM customer_rfm
QUALIFY recency_score NOT BETWEEN 1 AND 5
     OR frequency_score NOT BETWEEN 1 AND 5
     OR monetary_score NOT BETWEEN 1 AND 5
     OR rows_for_customer > 1;
