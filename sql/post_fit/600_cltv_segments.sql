-- After the CLTV fit (C#, which wrote cltv_predictions): CLV scaled to 1-100 (min-max, as the
-- scikit-learn's MinMaxScaler(feature_range=(1, 100))) and four segments D < C < B < A by quartiles of
-- the CLV (pd.qcut(..., 4, labels=["D", "C", "B", "A"]), with the collapsed-edge rule of
-- 300_pandas_compatible_macros.sql). Customers without a CLV (left out of a model) get NULLs.
CREATE OR REPLACE TABLE cltv_predictions AS
WITH sorted AS (
    SELECT min(clv) AS low, max(clv) AS high, sorted_doubles(clv) AS clv_values
    FROM cltv_predictions
),
bounds AS (
    -- Edges from the materialised list: an aggregate passed into the macro would be re-run per quantile.
    SELECT low, high, qcut_inner_edges(clv_values, 4) AS edges
    FROM sorted
)
SELECT
    p.*,
    CASE WHEN p.clv IS NOT NULL THEN
        CASE WHEN high > low THEN 1 + 99 * (p.clv - low) / (high - low) ELSE 1 END
    END AS clv_scaled,
    CASE WHEN p.clv IS NOT NULL THEN ['D', 'C', 'B', 'A'][qcut_bin(p.clv, edges)] END AS clv_segment
FROM cltv_predictions AS p, bounds;
