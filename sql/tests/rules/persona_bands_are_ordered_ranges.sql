-- Each band of a persona attribute has a label and a range (above, up_to] that is not empty.
SELECT column_name, label, above, up_to
FROM persona_bands
WHERE column_name IS NULL OR label IS NULL OR NOT (above < up_to);
