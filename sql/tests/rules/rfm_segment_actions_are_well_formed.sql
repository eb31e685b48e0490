-- Each RFM segment the grid rules can give has one suggested action for the report, and its
-- colour is a #RRGGBB hex colour (the report paints the RF grid cells with it).
SELECT segment, 'no action row for this segment in rfm_segment_actions.csv' AS problem
FROM (SELECT DISTINCT segment FROM rfm_segments)
WHERE segment NOT IN (SELECT segment FROM rfm_segment_actions WHERE segment IS NOT NULL)
UNION ALL
SELECT segment, 'color must be written #RRGGBB, e.g. #bbf7d0'
FROM rfm_segment_actions
WHERE color IS NULL OR NOT regexp_full_match(color, '#[0-9A-Fa-f]{6}')
UNION ALL
SELECT segment, 'segment appears more than once'
FROM rfm_segment_actions
GROUP BY segment HAVING count(*) > 1;
