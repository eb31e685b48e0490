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

-- The sum of amounts, the same to the last bit whatever order the rows arrive in, so that a rerun
-- on the same inputs gives the same tables. DuckDB adds a group's rows on several threads in an
-- order that changes from run to run, and adding doubles in another order can change the last
-- bit. Each amount is taken to 10 decimals (exact for money) and the decimals are added exactly.
-- (The pandas-exact sums of customer_purchase_totals fix their order themselves.)
CREATE OR REPLACE MACRO stable_sum(x) AS
    sum(x::DECIMAL(38, 10))::DOUBLE;

-- The mean of x (NULLs left out), as order-independent as stable_sum.
CREATE OR REPLACE MACRO stable_avg(x) AS
    safe_ratio(stable_sum(x), count(x));

-- DuckDB's memory_limit in bytes (current_setting gives it as text, e.g. '11.7 GiB').
CREATE OR REPLACE MACRO memory_limit_bytes() AS (
    SELECT regexp_extract(setting, '^[0-9.]+')::DOUBLE
           * CASE regexp_extract(setting, '[A-Za-z]+$')
                 WHEN 'KiB' THEN 1024 WHEN 'MiB' THEN 1024 ^ 2 WHEN 'GiB' THEN 1024 ^ 3
                 WHEN 'TiB' THEN 1024 ^ 4 WHEN 'KB' THEN 1e3 WHEN 'MB' THEN 1e6 WHEN 'GB' THEN 1e9
                 WHEN 'TB' THEN 1e12 ELSE 1 END
    FROM (SELECT current_setting('memory_limit') AS setting));

