-- customer_cltv_simple: the simple customer lifetime value (average order value x purchase
-- frequency / churn rate x profit margin), from purchases up to as_of()
-- (customer_purchase_totals). Each column is the reference pandas expression:
--     total_transaction  = Invoice.nunique(), total_unit = Quantity.sum(), total_price = TotalPrice.sum()
--     avg_order_value    = total_price / total_transaction
--     purchase_frequency = total_transaction / number of customers
--     repeat_rate        = share of customers with more than one transaction; churn_rate = 1 - repeat_rate
--     profit_margin      = total_price * getvariable('profit_margin_rate')  (parameters.csv, 0.05)
--     customer_value     = avg_order_value * purchase_frequency
--     cltv               = (customer_value / churn_rate) * profit_margin
--     cltv_scaled        = MinMaxScaler(feature_range=(1, 100)) of cltv (scikit-learn's arithmetic:
--                          cltv * scale + (1 - min * scale), scale = 99 / (max - min), a range
--                          below 10 machine epsilons counted as 1)
--     cltv_segment       = pd.qcut(cltv_scaled, 4, labels=["D", "C", "B", "A"]), with the
--                          collapsed-edge rule of qcut_bin (300_pandas_compatible_macros.sql)
-- When every customer bought more than once, churn_rate is 0 and the pandas formula divides by zero
-- (infinite cltv, which the scaler then rejects): here cltv, cltv_scaled and cltv_segment are NULL.
--
-- customer_cltv_simple is a view: nothing in a run reads it (only analysts and `crmetl explain`),
-- so it is computed when queried (about half a second for 600,000 customers) instead of being
-- written on every run. The run's profit_margin_rate is kept in the one-row table
-- cltv_simple_parameters for it, as a view cannot read the run's parameters later.

CREATE OR REPLACE TABLE cltv_simple_parameters AS
SELECT coalesce(getvariable('profit_margin_rate')::DOUBLE,
                error('customer_cltv_simple: the parameter profit_margin_rate is not set'))
           AS profit_margin_rate;

CREATE OR REPLACE VIEW customer_cltv_simple AS
WITH
parameters AS (
    SELECT profit_margin_rate FROM cltv_simple_parameters
),
per_customer AS (
    SELECT customer_id,
           transactions AS total_transaction,
           units AS total_unit,
           amount AS total_price
    FROM customer_purchase_totals
),
shop AS (
    SELECT count(*) AS customers,
           count(*) FILTER (WHERE total_transaction > 1)::DOUBLE / count(*)::DOUBLE AS repeat_rate
    FROM per_customer
),
rates AS (
    SELECT per_customer.*,
           total_price / total_transaction::DOUBLE AS avg_order_value,
           total_transaction::DOUBLE / shop.customers::DOUBLE AS purchase_frequency,
           shop.repeat_rate,
           1 - shop.repeat_rate AS churn_rate,
           total_price * parameters.profit_margin_rate AS profit_margin
    FROM per_customer, shop, parameters
),
-- NOT MATERIALIZED: valued and scaled are read twice (for the scaler and the edges, then for the
-- table); recomputing their arithmetic is much faster than DuckDB storing every customer's row in between.
valued AS NOT MATERIALIZED (
    SELECT *,
           avg_order_value * purchase_frequency AS customer_value,
           CASE WHEN churn_rate <> 0
                THEN (customer_value / churn_rate) * profit_margin
           END AS cltv
    FROM rates
),
scaler AS (
    SELECT 99 / CASE WHEN max(cltv) - min(cltv) < 10 * 2.220446049250313e-16 THEN 1
                     ELSE max(cltv) - min(cltv) END AS scale,
           min(cltv) AS cltv_min
    FROM valued
),
scaled AS NOT MATERIALIZED (
    SELECT valued.*,
           cltv * scaler.scale + (1 - scaler.cltv_min * scaler.scale) AS cltv_scaled
    FROM valued, scaler
),
sorted_values AS (
    SELECT sorted_doubles(cltv_scaled) AS cltv_scaled_values FROM scaled
),
edges AS (
    SELECT qcut_inner_edges(cltv_scaled_values, 4) AS cltv_edges FROM sorted_values
)
SELECT customer_id,
       total_transaction,
       total_unit,
       total_price,
       avg_order_value,
       purchase_frequency,
       repeat_rate,
       churn_rate,
       profit_margin,
       customer_value,
       cltv,
       cltv_scaled,
       ['D', 'C', 'B', 'A'][qcut_bin(cltv_scaled, cltv_edges)] AS cltv_segment
FROM scaled, edges;
