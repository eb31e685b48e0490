-- The customer's persona (customer_personas) and its segment (persona_segments).
SELECT
    p.persona,
    s.persona_attributes,
    s.customers,
    s.avg_monetary::DOUBLE AS avg_monetary,
    s.segment
FROM customer_personas AS p
LEFT JOIN persona_segments AS s USING (persona)
WHERE p.customer_id = $customer_id;
