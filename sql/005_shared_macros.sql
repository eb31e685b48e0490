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
