-- The label tables number their bins 1, 2, ... n without gaps or repeats (quarter_segment_labels
-- also has bin 0, the label of a quarter without purchases), and every bin has a label.
WITH labels AS (
    SELECT 'quarter_segment_labels' AS rule_table, bin, label FROM quarter_segment_labels WHERE bin <> 0
    UNION ALL
    SELECT 'persona_segment_labels', bin, label FROM persona_segment_labels
),
numbered AS (
    SELECT rule_table, bin, label, row_number() OVER (PARTITION BY rule_table ORDER BY bin) AS expected_bin
    FROM labels
)
SELECT rule_table, bin, label, expected_bin
FROM numbered
WHERE bin IS DISTINCT FROM expected_bin OR label IS NULL;
