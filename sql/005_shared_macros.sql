-- Macros every later script uses.

-- The as-of date of the run (crmetl sets it from --as-of, the config, or the last purchase date):
-- every analysis ignores data dated after it. Scripts read it here and nowhere else, so that one
-- run without it stops with this message instead of silently comparing dates with NULL.
-- Written as a CASE on the variable (not coalesce(..., error(...))) so that DuckDB folds it to
-- a constant when the variable is set and can push `date <= as_of()` down into the table scan.
CREATE OR REPLACE MACRO as_of() AS
    CASE WHEN getvariable('as_of') IS NULL
         THEN error('the parameter as_of is not set: run the scripts through crmetl, or SET VARIABLE as_of = DATE ''YYYY-MM-DD''')
         ELSE getvariable('as_of')::DATE
    END;

-- x / y, NULL (never an error or infinity) when y is 0 or NULL: the rule of every rate and ratio.
CREATE OR REPLACE MACRO safe_ratio(x, y) AS
    x / nullif(y, 0);

-- DuckDB's memory_limit in bytes (current_setting gives it as text, e.g. '11.7 GiB').
CREATE OR REPLACE MACRO memory_limit_bytes() AS (
    SELECT regexp_extract(setting, '^[0-9.]+')::DOUBLE
           * CASE regexp_extract(setting, '[A-Za-z]+$')
                 WHEN 'KiB' THEN 1024 WHEN 'MiB' THEN 1024 ^ 2 WHEN 'GiB' THEN 1024 ^ 3
                 WHEN 'TiB' THEN 1024 ^ 4 WHEN 'KB' THEN 1e3 WHEN 'MB' THEN 1e6 WHEN 'GB' THEN 1e9
                 WHEN 'TB' THEN 1e12 ELSE 1 END
    FROM (SELECT current_setting('memory_limit') AS setting));

