-- After the CLTV fit (C#, which wrote cltv_predictions): CLV scaled to 1-100 (min-max, as the
-- scikit-learn's MinMaxScaler(feature_range=(1, 100))) and four segments D < C < B < A by quartiles of
-- the CLV (pd.qcut(..., 4, labels=["D", "C", "B", "A"]), with the collapsed-edge rule of
-- 300_pandas_compatible_macros.sql). Customers without a CLV (left out of a model) get NULLs.
-- The quartile edges two ways with the same result bit for bit (per_customer_lists, set in
-- 010_transactions.sql, picks one): from the sorted list of every CLV (fast, while it fits in
-- memory), or by qcut_edges_of_large_groups (bounded: DuckDB can move that work to disk).
CREATE OR REPLACE TABLE cltv_predictions AS
WITH range_of_clv AS (
    SELECT min(clv) AS low, max(clv) AS high
    FROM cltv_predictions
),
sorted AS (
    SELECT sorted_doubles(clv) AS clv_values
    FROM cltv_predictions
    WHERE coalesce(getvariable('per_customer_lists'), true)
),
clv_values AS (
    SELECT 'clv' AS grp, clv AS value
    FROM cltv_predictions
    WHERE NOT coalesce(getvariable('per_customer_lists'), true)
),
quartiles AS (
    -- Edges from the materialised list: an aggregate passed into the macro would be re-run per quantile.
    SELECT qcut_inner_edges(clv_values, 4) AS edges
    FROM sorted
    WHERE coalesce(getvariable('per_customer_lists'), true)
    UNION ALL
    SELECT any_value(edges)
    FROM qcut_edges_of_large_groups('clv_values', 4)
    HAVING NOT coalesce(getvariable('per_customer_lists'), true)
)
SELECT
    p.*,
    CASE WHEN p.clv IS NOT NULL THEN
        CASE WHEN high > low THEN 1 + 99 * (p.clv - low) / (high - low) ELSE 1 END
    END AS clv_scaled,
    CASE WHEN p.clv IS NOT NULL THEN ['D', 'C', 'B', 'A'][qcut_bin(p.clv, edges)] END AS clv_segment
FROM cltv_predictions AS p, range_of_clv, quartiles;
