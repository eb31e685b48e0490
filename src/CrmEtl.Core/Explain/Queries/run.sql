-- The run whose tables the database holds: the last successful one (a failed run replaces no
-- table, it only journals itself), with the parameters it ran with.
SELECT run_id, as_of, parameters::VARCHAR AS parameters
FROM runs
WHERE status = 'succeeded'
ORDER BY run_id DESC
LIMIT 1;
