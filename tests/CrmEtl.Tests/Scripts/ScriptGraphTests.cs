using CrmEtl.Core.Scripts;

namespace CrmEtl.Tests.Scripts;

/// <summary>Which model scripts must run before the CLTV fit, and which may run alongside it, read from their SQL.</summary>
public sealed class ScriptGraphTests
{
    private static readonly string[] FitReads = ["cltv_summary", "purchases"];
    private static readonly string[] FitWrites = ["cltv_predictions", "cltv_fit"];

    private static SqlScript Script(string name, string text) => new(name, name, text);

    private static (string[] Before, string[] Alongside) Split(params SqlScript[] scripts)
    {
        var (before, alongside) = ScriptGraph.Of(scripts).Around(FitReads, FitWrites);
        return ([.. before.Select(s => s.Name)], [.. alongside.Select(s => s.Name)]);
    }

    [Fact]
    public void The_fit_s_inputs_and_what_they_read_run_first_in_number_order_the_rest_alongside()
    {
        var (before, alongside) = Split(
            Script("005_macros.sql", "CREATE OR REPLACE MACRO as_of() AS DATE '2024-12-31';"),
            Script("010_transactions.sql", "CREATE OR REPLACE TABLE transactions AS SELECT * FROM purchases WHERE purchase_date <= as_of();"),
            Script("110_tiers.sql", "CREATE OR REPLACE TABLE customer_tiers AS SELECT customer_id FROM transactions;"),
            Script("400_funnel.sql", "CREATE OR REPLACE TABLE ad_funnel AS SELECT * FROM customer_tiers;"),
            Script("500_cltv_summary.sql", "-- the summary\nCREATE OR REPLACE TABLE cltv_summary AS SELECT * FROM transactions;"));

        Assert.Equal(["005_macros.sql", "010_transactions.sql", "500_cltv_summary.sql"], before);
        Assert.Equal(["110_tiers.sql", "400_funnel.sql"], alongside);
    }

    [Fact]
    public void A_later_script_that_replaces_what_an_earlier_one_reads_keeps_the_earlier_one_before_it()
    {
        var (before, alongside) = Split(
            Script("100_reads_totals.sql", "CREATE TABLE a AS SELECT * FROM totals;"),
            Script("500_cltv_summary.sql", "CREATE TABLE totals AS SELECT 1 AS x; CREATE TABLE cltv_summary AS SELECT * FROM totals;"),
            Script("510_other.sql", "CREATE TABLE b AS SELECT 1 AS x;"));

        Assert.Equal(["100_reads_totals.sql", "500_cltv_summary.sql"], before);
        Assert.Equal(["510_other.sql"], alongside);
    }

    [Fact]
    public void A_script_that_names_what_the_fit_writes_runs_everything_before_the_fit()
    {
        var (before, alongside) = Split(
            Script("500_cltv_summary.sql", "CREATE TABLE cltv_summary AS SELECT 1 AS x;"),
            Script("520_reads_predictions.sql", "CREATE TABLE c AS SELECT * FROM cltv_predictions;"));

        Assert.Equal(["500_cltv_summary.sql", "520_reads_predictions.sql"], before);
        Assert.Empty(alongside);
    }

    [Fact]
    public void A_statement_other_than_create_is_a_barrier()
    {
        var (before, alongside) = Split(
            Script("100_set.sql", "SET VARIABLE x = 1;"),
            Script("500_cltv_summary.sql", "CREATE TABLE cltv_summary AS SELECT getvariable('x') AS x;"),
            Script("510_update.sql", "UPDATE cltv_summary SET x = 2;"));

        Assert.Equal(["100_set.sql", "500_cltv_summary.sql", "510_update.sql"], before);
        Assert.Empty(alongside);
    }
}
