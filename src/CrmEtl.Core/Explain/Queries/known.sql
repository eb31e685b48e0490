-- Where the customer id occurs: a lead, a purchase or return line, a row of the per-customer export.
SELECT
    (SELECT count(*) FROM leads WHERE customer_id = $customer_id) AS leads,
    (SELECT count(*) FROM purchases WHERE customer_id = $customer_id) AS purchase_lines,
    (SELECT count(*) FROM customers WHERE customer_id = $customer_id) AS summary_rows;
