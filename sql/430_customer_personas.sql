-- customer_personas: the level-based persona (e.g. country_device_gender_age), one row per customer
-- of the customers table (a per-customer export with attribute columns) that has a value for every
-- persona attribute; empty when the table has none of the attributes (e.g. no customers source).
--     persona    the customer's attribute values in the order of rules/persona_attributes.csv,
--                upper case, joined with '_': e.g. TUR_ANDROID_FEMALE_24_30
--     monetary   customers.monetary, or, when the export does not give it, the customer's total
--                purchase amount up to as_of (customer_purchase_totals); NULL when neither exists
-- Attributes: the rows of rules/persona_attributes.csv (attribute_order, column_name) whose
-- column_name is a column of customers (matched without regard to case); listed columns that
-- customers does not have are left out of the persona (persona_segments.persona_attributes says
-- which were used). A column with bands in rules/persona_bands.csv (column_name, label, above,
-- up_to) is read as a number and replaced by the label of its band, above < value <= up_to as in
-- pandas.cut (an empty bound is open); a customer whose value is empty, or falls in no band, gets
-- no persona. Customers whose first purchase is after as_of are left out.
-- The attribute columns are not named in this script (DuckDB would refuse to bind a missing
-- one): the customers table is unpivoted into (customer, column, value) rows and filtered by the
-- rule table, so any set of attribute columns, or none, works.

CREATE OR REPLACE TABLE customer_personas AS
WITH
attributes AS (
    SELECT rule.attribute_order, lower(trim(rule.column_name)) AS attribute
    FROM persona_attributes AS rule
    WHERE EXISTS (
        SELECT 1 FROM duckdb_columns() AS c
        WHERE c.database_name = current_database() AND c.schema_name = current_schema()
          AND c.table_name = 'customers' AND lower(c.column_name) = lower(trim(rule.column_name)))
),
-- One row per customer row and attribute column with a value. The NULL placeholder column keeps
-- UNPIVOT valid when customers has no attribute column at all (UNPIVOT drops NULL values).
attribute_values AS (
    SELECT customer_id, source_line, lower(column_name) AS attribute, trim(value) AS value
    FROM (
        UNPIVOT (
            SELECT customer_id, source_line, NULL::VARCHAR AS no_attribute_placeholder,
                   COLUMNS(* EXCLUDE (customer_id, first_purchase_date, last_purchase_date,
                                      frequency, monetary, source_line))::VARCHAR
            FROM customers
        )
        ON COLUMNS(* EXCLUDE (customer_id, source_line))
        INTO NAME column_name VALUE value
    )
),
parts AS (
    SELECT attribute_values.customer_id,
           attribute_values.source_line,
           attributes.attribute_order,
           CASE WHEN band_columns.attribute IS NULL THEN upper(attribute_values.value)
                ELSE upper(band.label::VARCHAR) END AS part
    FROM attribute_values
    JOIN attributes USING (attribute)
    LEFT JOIN (SELECT DISTINCT lower(trim(column_name)) AS attribute FROM persona_bands) AS band_columns
           USING (attribute)
    LEFT JOIN persona_bands AS band
           ON lower(trim(band.column_name)) = attribute_values.attribute
          AND TRY_CAST(attribute_values.value AS DOUBLE) > coalesce(band.above::DOUBLE, '-infinity'::DOUBLE)
          AND TRY_CAST(attribute_values.value AS DOUBLE) <= coalesce(band.up_to::DOUBLE, 'infinity'::DOUBLE)
    WHERE attribute_values.value <> ''
),
personas AS (
    SELECT customer_id, source_line, string_agg(part, '_' ORDER BY attribute_order) AS persona
    FROM parts
    GROUP BY customer_id, source_line
    HAVING count(part) = (SELECT count(*) FROM attributes)
)
SELECT personas.customer_id,
       personas.persona,
       coalesce(customers.monetary, totals.amount) AS monetary
FROM personas
JOIN customers USING (customer_id, source_line)
LEFT JOIN customer_purchase_totals AS totals USING (customer_id)
WHERE customers.first_purchase_date IS NULL OR customers.first_purchase_date <= as_of();
