-- Macros that repeat, operation by operation, the numpy arithmetic behind the reference pandas
-- analyses (numpy 1.24, pandas 1.5), so that scores and segments computed here match pandas
-- customer by customer. Used by customer_rfm and customer_cltv_simple.
-- All arguments are DOUBLE (or cast to it): DuckDB's DOUBLE is the same IEEE 754 binary64 as
-- numpy's float64, and each step below is one rounding, as in numpy.

-- numpy's linear interpolation from a to b at weight t (numpy/lib/function_base.py, _lerp).
-- The second form for t >= 0.5 is numpy's own: it makes the result exactly b at t = 1.
CREATE OR REPLACE MACRO numpy_lerp(a, b, t) AS
    CASE WHEN t >= 0.5 THEN b - (b - a) * (1 - t) ELSE a + (b - a) * t END;

-- numpy.quantile(values, q), default method 'linear' (Hyndman & Fan type 7): the virtual index
-- h = (n - 1) * q lies between the sorted values at places floor(h) and floor(h) + 1 (0-based; the
-- last place for h = n - 1), which are interpolated at weight h - floor(h).
-- qcut_quantile_places(n, bins) gives, for the quantiles pandas.qcut(values, bins) cuts at (the
-- inner edges k = 1 .. bins - 1, at k / bins), those two places (low, high) and the weight. The
-- probabilities are formed as numpy.linspace(0, 1, bins + 1) forms them, k * (1 / bins), so the 60 %
-- edge of a 5-bin cut is taken at 0.6000000000000001, exactly as pandas takes it. Then
-- edge k = numpy_lerp(value at low, value at high, weight): from a sorted list (qcut_inner_edges),
-- from ranks (qcut_inner_edges_of_ranks), or from values placed by a running count where the data
-- is too large for lists (customer_quarters).
CREATE OR REPLACE MACRO qcut_quantile_places(n, bins) AS
    list_transform(
        list_transform(range(1, bins), lambda k: {'edge': k, 'h': (n - 1) * (k::DOUBLE * (1.0::DOUBLE / bins::DOUBLE))}),
        lambda q: {'edge': q.edge,
                   'low': floor(q.h)::BIGINT,
                   'high': least(floor(q.h)::BIGINT + 1, n - 1),
                   'weight': q.h - floor(q.h)});

-- The inner bin edges of pandas.qcut(values, bins), from the values as a list sorted ascending,
-- without NULLs (DuckDB lists are 1-based, hence the + 1).
-- Pass a column that holds the sorted list (computed in an earlier CTE), not the aggregate
-- sorted_doubles(...) itself: a macro repeats its argument, and an aggregate repeated inside the
-- lambda is slow (seconds instead of milliseconds for 600,000 customers).
CREATE OR REPLACE MACRO qcut_inner_edges(sorted_values, bins) AS
    list_transform(qcut_quantile_places(len(sorted_values), bins), lambda place:
        numpy_lerp(sorted_values[place.low + 1], sorted_values[place.high + 1], place.weight));

-- qcut_inner_edges of the ranks 1 .. n (e.g. pandas' rank(method="first")), without a list of n
-- values: the rank at place p is p + 1.
CREATE OR REPLACE MACRO qcut_inner_edges_of_ranks(n, bins) AS
    list_transform(qcut_quantile_places(n, bins), lambda place:
        numpy_lerp((place.low + 1)::DOUBLE, (place.high + 1)::DOUBLE, place.weight));

-- The qcut bin of x, 1 .. number of inner edges + 1:
--     bin = 1 + (number of inner edges that x is strictly greater than)
-- While the edges are distinct this is exactly pandas.qcut's bin (bins closed on the right, the
-- lowest value included in the first bin: pandas' searchsorted(side='left')).
-- When ties make edges coincide pandas raises "Bin edges must be unique"; this rule still
-- answers: a value equal to a repeated edge goes to the lowest bin that edge closes, values
-- above it skip the empty bins between coinciding edges. E.g. monetary 10, 10, 10, 10, 20, 30
-- gives edges 10, 10, 10.000000000000004, 20 and bins 1, 1, 1, 1, 4, 5.
-- NULL x has no bin (pandas gives NaN).
CREATE OR REPLACE MACRO qcut_bin(x, inner_edges) AS
    CASE WHEN x IS NULL THEN NULL
         ELSE 1 + len(list_filter(inner_edges, lambda edge: x::DOUBLE > edge)) END;

-- The values of x, NULLs left out, as a list sorted ascending: the input of qcut_inner_edges.
-- (Sorting the gathered list is about twice as fast in DuckDB as an ORDER BY inside list().)
CREATE OR REPLACE MACRO sorted_doubles(x) AS
    list_sort(list(x::DOUBLE) FILTER (WHERE x IS NOT NULL));

-- qcut_inner_edges per group, for data too large for lists: for a relation of rows (grp, value),
-- named by a string (a table, a view, or a CTE of the calling query), one row (grp, edges) per
-- group with values, edges being bit for bit qcut_inner_edges of the group's sorted values (NULLs
-- left out) cut into bins. DuckDB cannot move a list to disk, and a hundred times the data has
-- tens of millions of values to cut; instead each group's distinct values with their number of
-- copies are placed in sorted order by a running count (a window, which DuckDB can spill), and
-- the values at the places the quantiles read (qcut_quantile_places) are picked out. A group
-- whose values are all cut into one bin has no inner edges: no row.
-- bins may be a scalar subquery: it is read once, as a column (a lambda cannot hold a subquery).
-- The RFM scores, the quarter segments and the CLV segments use it where per_customer_lists
-- (010_transactions.sql) is false, and sorted lists (qcut_inner_edges) where it is true.
CREATE OR REPLACE MACRO qcut_edges_of_large_groups(relation, bins) AS TABLE
WITH
cut AS (
    SELECT bins AS bins
),
value_counts AS (
    SELECT grp, value::DOUBLE AS value, count(*) AS copies
    FROM query_table(relation::VARCHAR)
    WHERE value IS NOT NULL
    GROUP BY ALL
),
-- The 0-based places first_place .. last_place that a value's copies take in sorted order.
placed AS (
    SELECT *,
           sum(copies) OVER (PARTITION BY grp ORDER BY value
                             ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS end_place,
           end_place - copies AS first_place,
           end_place - 1 AS last_place
    FROM value_counts
),
wanted AS (
    SELECT grp, unnest(qcut_quantile_places(sum(copies)::BIGINT, any_value(cut.bins))) AS place
    FROM value_counts, cut
    GROUP BY grp
),
picked AS (
    SELECT w.grp, w.place.edge AS edge, any_value(w.place.weight) AS weight,
           max(p.value) FILTER (WHERE w.place.low BETWEEN p.first_place AND p.last_place) AS low,
           max(p.value) FILTER (WHERE w.place.high BETWEEN p.first_place AND p.last_place) AS high
    FROM wanted AS w
    JOIN placed AS p
      ON p.grp = w.grp
     AND (w.place.low BETWEEN p.first_place AND p.last_place OR w.place.high BETWEEN p.first_place AND p.last_place)
    GROUP BY ALL
)
SELECT grp, list(numpy_lerp(low, high, weight) ORDER BY edge) AS edges
FROM picked
GROUP BY grp;

-- The combination of numpy's 8 running sums in pairwise summation (see numpy_pairwise_block).
CREATE OR REPLACE MACRO numpy_combine_eight(r) AS
    ((r[1] + r[2]) + (r[3] + r[4])) + ((r[5] + r[6]) + (r[7] + r[8]));

-- numpy's pairwise summation of a run of at most 128 values (pairwise_sum in numpy/core/src/umath/
-- loops_utils.h.src): fewer than 8 values are added one after the other from 0; 8 to 128 values are
-- added in 8 interleaved running sums r1..r8 (value i goes to r((i - 1) % 8 + 1), up to the last
-- multiple of 8), combined as ((r1 + r2) + (r3 + r4)) + ((r5 + r6) + (r7 + r8)), then the remaining
-- values are added one after the other.
CREATE OR REPLACE MACRO numpy_pairwise_block(v) AS
    CASE
        WHEN len(v) < 8 THEN list_reduce(v, lambda total, x: total + x, 0.0::DOUBLE)
        ELSE list_reduce(
            list_slice(v, len(v) - len(v) % 8 + 1, len(v)),
            lambda total, x: total + x,
            numpy_combine_eight(list_transform(range(1, 9),
                lambda lane: list_reduce(list_slice(v, lane, len(v) - len(v) % 8, 8),
                                         lambda total, x: total + x))))
    END;

-- Beyond 128 values pairwise_sum splits a run in two, the first half rounded down to a multiple of
-- 8 (numpy_half), and adds the sums of the halves; and numpy's reduction hands pairwise_sum at
-- most 8192 values at a time (its buffer), adding the sums of those blocks one after the other
-- from 0. So a block splits at most 7 times, which the macros below unroll instead of recursing:
-- numpy_runs(n) lists the runs of at most 128 values that n values split into (start, len), with
-- their place in the split (depth, and path: the halves taken, 0 first, 1 second, as bits);
-- numpy_merged adds one block's run sums back together, first half + second half, deepest first.
-- customer_purchase_totals sums its long runs with them.
CREATE OR REPLACE MACRO numpy_half(n) AS
    n // 2 - (n // 2) % 8;

CREATE OR REPLACE MACRO numpy_split_runs(runs) AS
    flatten(list_transform(runs, lambda run:
        CASE WHEN run.len <= 128 THEN [run]
             ELSE [{'depth': run.depth + 1, 'path': run.path * 2, 'start': run.start, 'len': numpy_half(run.len)},
                   {'depth': run.depth + 1, 'path': run.path * 2 + 1,
                    'start': run.start + numpy_half(run.len), 'len': run.len - numpy_half(run.len)}]
        END));

CREATE OR REPLACE MACRO numpy_runs(n) AS
    numpy_split_runs(numpy_split_runs(numpy_split_runs(numpy_split_runs(
    numpy_split_runs(numpy_split_runs(numpy_split_runs(
        list_transform(range(0, (n + 8191) // 8192), lambda block:
            {'depth': 0, 'path': 0::BIGINT, 'start': block * 8192 + 1, 'len': least(8192, n - block * 8192)}))))))));

-- One level of numpy_merged: the deepest pairs of halves {depth, path, total} of a block added.
-- (The list is bound to a lambda's parameter so that nesting the macro repeats it once, not once
-- per use.)
CREATE OR REPLACE MACRO numpy_merge_deepest(sums) AS
    list_transform([sums], lambda nodes:
        list_transform([list_max(list_transform(nodes, lambda node: node.depth))], lambda deepest:
            list_filter(list_transform(range(1, len(nodes) + 1), lambda i:
                CASE WHEN deepest = 0 OR nodes[i].depth < deepest THEN nodes[i]
                     WHEN nodes[i].path % 2 = 0
                     THEN {'depth': nodes[i].depth - 1, 'path': nodes[i].path // 2,
                           'total': nodes[i].total + nodes[i + 1].total}
                END),
                lambda node: node IS NOT NULL))[1])[1];

CREATE OR REPLACE MACRO numpy_merged(sums) AS
    numpy_merge_deepest(numpy_merge_deepest(numpy_merge_deepest(numpy_merge_deepest(
    numpy_merge_deepest(numpy_merge_deepest(numpy_merge_deepest(sums)))))));

-- numpy_pairwise_block without the list, for data too large to hold every customer's values in lists
-- (DuckDB cannot move a list aggregate to disk; sorts, windows and aggregates of fixed size it
-- can). Number each customer's values i = 1 .. n in row order (a window); numpy_sum_chain(i, n)
-- says which running sum value i goes to and numpy_sum_place(i, n) its place in that sum:
--     n < 8 or n > 128   chain 0: every value, one after the other
--     8 <= n <= 128      chains 1 .. 8: numpy's 8 interleaved running sums, up to the last
--                        multiple of 8; chain 9: the remaining values, added after combining
-- A chain holds at most 16 values, so numpy_chain_values picks them out of a group by place
-- with aggregates of fixed size, and numpy_fold adds them in order. (Beyond 128 values, the runs
-- of numpy_runs are numbered the same way.)
CREATE OR REPLACE MACRO numpy_sum_chain(i, n) AS
    CASE WHEN n < 8 OR n > 128 THEN 0
         WHEN i <= n - n % 8 THEN (i - 1) % 8 + 1
         ELSE 9 END;

CREATE OR REPLACE MACRO numpy_sum_place(i, n) AS
    CASE WHEN n < 8 OR n > 128 THEN i
         WHEN i <= n - n % 8 THEN (i - 1) // 8 + 1
         ELSE i - (n - n % 8) END;

-- The values of x at places 1 .. 16 of the group's chain, as a list without the empty places.
-- Only inside a GROUP BY of one chain.
CREATE OR REPLACE MACRO numpy_chain_values(x, place) AS
    list_filter([max(x) FILTER (WHERE place = 1), max(x) FILTER (WHERE place = 2),
                 max(x) FILTER (WHERE place = 3), max(x) FILTER (WHERE place = 4),
                 max(x) FILTER (WHERE place = 5), max(x) FILTER (WHERE place = 6),
                 max(x) FILTER (WHERE place = 7), max(x) FILTER (WHERE place = 8),
                 max(x) FILTER (WHERE place = 9), max(x) FILTER (WHERE place = 10),
                 max(x) FILTER (WHERE place = 11), max(x) FILTER (WHERE place = 12),
                 max(x) FILTER (WHERE place = 13), max(x) FILTER (WHERE place = 14),
                 max(x) FILTER (WHERE place = 15), max(x) FILTER (WHERE place = 16)],
                lambda v: v IS NOT NULL);

-- The values added one after the other, from start (numpy's running sum).
CREATE OR REPLACE MACRO numpy_fold(v, start) AS
    list_reduce(v, lambda total, x: total + x, start);

-- numpy's running sum without a start value: from the first value (a lane of numpy_pairwise_block).
CREATE OR REPLACE MACRO numpy_fold_lane(v) AS
    list_reduce(v, lambda total, x: total + x);

-- Over the chains of one customer (GROUP BY customer): the 8 lane sums, in lane order ...
CREATE OR REPLACE MACRO numpy_lane_sums(chain_values, chain) AS
    [max(numpy_fold_lane(chain_values)) FILTER (WHERE chain = 1),
     max(numpy_fold_lane(chain_values)) FILTER (WHERE chain = 2),
     max(numpy_fold_lane(chain_values)) FILTER (WHERE chain = 3),
     max(numpy_fold_lane(chain_values)) FILTER (WHERE chain = 4),
     max(numpy_fold_lane(chain_values)) FILTER (WHERE chain = 5),
     max(numpy_fold_lane(chain_values)) FILTER (WHERE chain = 6),
     max(numpy_fold_lane(chain_values)) FILTER (WHERE chain = 7),
     max(numpy_fold_lane(chain_values)) FILTER (WHERE chain = 8)];

-- ... and the up to 7 remaining values (chain 9), in order, empty when there are none.
CREATE OR REPLACE MACRO numpy_rest_values(chain_values, chain) AS
    list_filter([max(chain_values[1]) FILTER (WHERE chain = 9), max(chain_values[2]) FILTER (WHERE chain = 9),
                 max(chain_values[3]) FILTER (WHERE chain = 9), max(chain_values[4]) FILTER (WHERE chain = 9),
                 max(chain_values[5]) FILTER (WHERE chain = 9), max(chain_values[6]) FILTER (WHERE chain = 9),
                 max(chain_values[7]) FILTER (WHERE chain = 9)],
                lambda v: v IS NOT NULL);
