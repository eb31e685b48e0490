-- persona_segments: one row per persona of customer_personas (level-based segments).
--     persona_attributes   the customers columns the persona is made of, joined with '_'
--     customers            customers with the persona
--     avg_monetary         their average monetary (customers without one are not counted in it)
--     segment              the persona's quartile of avg_monetary among all personas, labelled by
--                          rules/persona_segment_labels.csv (bin 1 = lowest: D, C, B, A as
--                          pd.qcut(..., 4, labels=["D", "C", "B", "A"])); the number of
--                          bins is the number of labels; coinciding edges as in qcut_bin
-- The usual pandas recipe averages the means of the country/device/gender/age groups; here
-- avg_monetary is the plain average over the persona's customers (the same when every group has
-- one customer).
CREATE OR REPLACE TABLE persona_segments AS
WITH
used_attributes AS (
    SELECT string_agg(lower(trim(rule.column_name)), '_' ORDER BY rule.attribute_order) AS persona_attributes
    FROM persona_attributes AS rule
    WHERE EXISTS (
        SELECT 1 FROM duckdb_columns() AS c
        WHERE c.database_name = current_database() AND c.schema_name = current_schema()
          AND c.table_name = 'customers' AND lower(c.column_name) = lower(trim(rule.column_name)))
),
per_persona AS (
    SELECT persona, count(*) AS customers, stable_avg(monetary) AS avg_monetary
    FROM customer_personas
    GROUP BY persona
),
bins AS (
    SELECT count(*) AS bins FROM persona_segment_labels
),
sorted_values AS (
    SELECT sorted_doubles(avg_monetary) AS avg_monetary_values FROM per_persona
),
edges AS (
    SELECT qcut_inner_edges(avg_monetary_values, bins.bins) AS edges
    FROM sorted_values, bins
)
SELECT per_persona.persona,
       used_attributes.persona_attributes,
       per_persona.customers,
       per_persona.avg_monetary,
       label.label AS segment
FROM per_persona
CROSS JOIN used_attributes
CROSS JOIN edges
LEFT JOIN persona_segment_labels AS label ON label.bin = qcut_bin(per_persona.avg_monetary, edges.edges)
ORDER BY per_persona.avg_monetary DESC NULLS LAST, per_persona.persona;
