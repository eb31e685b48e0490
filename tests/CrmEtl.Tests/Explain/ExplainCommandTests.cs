using System.Text.Json;
using CrmEtl.Core.Configuration;
using CrmEtl.Core.Explain;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Explain;

/// <summary>`crmetl explain` on the hand-checked small project (see <see cref="SmallProject"/>), the returns fixture and a per-customer export.</summary>
public sealed class ExplainCommandTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly string database;

    public ExplainCommandTests() => database = SmallProject.Run(temp.Combine("out")).DatabasePath;

    public void Dispose() => temp.Dispose();

    [Fact]
    public void A_tier_2_customer_reads_why_power_user_and_tier_3_did_not_match()
    {
        var result = TestCli.Run("explain", "C1", "--out", temp.Combine("out"));

        Assert.Equal((0, string.Empty), (result.Exit, result.Stderr));
        var lines = result.StdoutLines;
        Assert.Contains(lines, l => l.StartsWith("Customer C1 · as of 2024-04-01 · run 1", StringComparison.Ordinal));
        Assert.Contains("Tier: Tier 2", lines);
        // C1 spent 900 in 2 transactions (T01 100 + 2 × 50, T02 700).
        Assert.Contains(lines, l => l.Contains("Power User", StringComparison.Ordinal) && l.Contains("✗ no", StringComparison.Ordinal)
            && l.Contains("needs spend above 2,000 or at least 7 transaction(s); has spend 900 and 2 transaction(s)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Tier 3", StringComparison.Ordinal) && l.Contains("needs spend above 1,000 or at least 4 transaction(s)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Tier 2", StringComparison.Ordinal) && l.Contains("✓ matched", StringComparison.Ordinal) && l.Contains("has spend 900", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Tier 1", StringComparison.Ordinal) && l.Contains("not reached", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("RFM: ", StringComparison.Ordinal) && l.Contains("rules/rfm_segments.csv rule", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("CLTV: ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_power_user_is_decided_by_the_first_rule()
    {
        var tier = CustomerExplainer.Explain(database, "C2").Tier!;

        Assert.Equal("Power User", tier.Tier);
        Assert.Equal(1, tier.Rules.Single(r => r.Decided).Priority);
        Assert.True(tier.Rules[0].AmountMet);
    }

    [Fact]
    public void A_lead_who_never_bought_has_lifecycle_facts_and_no_segments()
    {
        var e = CustomerExplainer.Explain(database, "C5");

        Assert.Equal((1L, new DateOnly(2024, 1, 4), "Facebook_Camp1", false),
            (e.Lifecycle.Leads, e.Lifecycle.FirstLeadDate!.Value, e.Lifecycle.FirstLeadCampaign!, e.Lifecycle.Buyer));
        Assert.Null(e.Purchases);
        Assert.Null(e.Tier);
        Assert.Null(e.Rfm);
        Assert.Null(e.Cltv);
        Assert.Contains("A lead who has not bought: no tier, RFM or CLTV.", e.Notes);
        var text = TestCli.Run("explain", "C5", "--db", database);
        Assert.Equal(0, text.Exit);
        Assert.Contains("Tier: none (not a buyer)", text.StdoutLines);
    }

    [Fact]
    public void Json_output_parses_and_carries_the_same_facts()
    {
        var result = TestCli.Run("explain", "C1", "--db", database, "--format", "json");

        Assert.Equal(0, result.Exit);
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal("C1", json.GetProperty("customer_id").GetString());
        Assert.Equal("2024-04-01", json.GetProperty("as_of").GetString());
        Assert.Equal("Tier 2", json.GetProperty("tier").GetProperty("tier").GetString());
        Assert.Equal(900, json.GetProperty("tier").GetProperty("amount").GetDouble());
        var decided = json.GetProperty("tier").GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("decided").GetBoolean());
        Assert.Equal(3, decided.GetProperty("priority").GetInt64());
        Assert.Equal(
            Db.Scalar<string>(database, "SELECT segment FROM customer_rfm WHERE customer_id = 'C1'"),
            json.GetProperty("rfm").GetProperty("segment").GetString());
        Assert.Equal(4, json.GetProperty("rfm").GetProperty("monetary_edges").GetArrayLength());
    }

    [Fact]
    public void An_unknown_id_is_one_line_with_the_closest_ids_and_exit_1_from_the_binary()
    {
        var (exit, stdout, stderr) = CrmetlProcess.Run("explain", "C", "--db", database);

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: customer 'C' is not in {database} (run 1, as of 2024-04-01)", line, StringComparison.Ordinal);
        Assert.EndsWith("Closest ids: C1, C2, C3.", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_database_and_both_db_and_out_are_user_errors()
    {
        var missing = TestCli.Run("explain", "C1", "--out", temp.Combine("nowhere"));
        Assert.Equal(1, missing.Exit);
        Assert.Contains("database not found", missing.Stderr, StringComparison.Ordinal);

        var both = TestCli.Run("explain", "C1", "--out", temp.Combine("out"), "--db", database);
        Assert.Equal(1, both.Exit);
        Assert.Contains("Give --db or --out, not both", both.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_customer_with_returns_only_bought_nothing_and_one_with_returns_shows_them()
    {
        using var returnsRun = new TempDirectory();
        var config = Fixtures.Config(new Dictionary<string, SourceSpec>(StringComparer.OrdinalIgnoreCase)
        {
            ["purchases"] = SourceSpec.ForFile(Fixtures.Path("returns/purchases.csv")),
        }, new DateOnly(2024, 6, 30));
        var db = Fixtures.Run(config, returnsRun.Path).DatabasePath;

        // R4: one credit note of -25 and nothing else.
        var r4 = CustomerExplainer.Explain(db, "R4");
        Assert.Null(r4.Purchases);
        Assert.Null(r4.Tier);
        Assert.Equal((1L, -25.0), (r4.Returns!.Lines, r4.Returns.Amount));
        Assert.Contains(r4.Notes, n => n.StartsWith("Returns only", StringComparison.Ordinal));

        // R1: a line taken back on T1 (-30) and a credit note (-50) netted against T2: spend 350 - 80 = 270.
        var r1 = CustomerExplainer.Explain(db, "R1");
        Assert.Equal((2L, -80.0, "net"), (r1.Returns!.Lines, r1.Returns.CountedAmount, r1.Returns.ReturnsRule));
        Assert.Equal(270.0, r1.Purchases!.Amount);
        Assert.Equal(270.0, r1.Tier!.Amount);
    }

    [Fact]
    public void A_customer_of_a_per_customer_export_has_rfm_and_cltv_but_no_tier()
    {
        using var summaryRun = new TempDirectory();
        var config = ConfigReader.Read(summaryRun.File("crmetl.json", """
            {
              "asOf": "2021-06-01",
              "sources": { "customers": { "path": "flo.csv", "columns": {
                "customer_id": "master_id", "first_purchase_date": "first_order_date", "last_purchase_date": "last_order_date",
                "frequency": "order_num_total_ever_online + order_num_total_ever_offline",
                "monetary": "customer_value_total_ever_online + customer_value_total_ever_offline" } } }
            }
            """));
        File.Copy(Fixtures.Path("flo/flo_export_10_customers.csv"), summaryRun.Combine("flo.csv"));
        var db = Fixtures.Run(config, summaryRun.Combine("out")).DatabasePath;

        var e = CustomerExplainer.Explain(db, "cc294636-19f0-11eb-8d74-000d3a38a36f");

        Assert.Null(e.Tier);
        Assert.Null(e.Purchases);
        Assert.Equal((95.0, 5.0), (e.Rfm!.Recency, e.Rfm.Frequency));
        Assert.Equal(4.0, e.Cltv!.X);
        Assert.Contains("Known from the per-customer export only: no purchase lines, so no tier.", e.Notes);
        var text = TestCli.Run("explain", "cc294636-19f0-11eb-8d74-000d3a38a36f", "--db", db);
        Assert.Equal((0, string.Empty), (text.Exit, text.Stderr));
    }

    [Fact]
    public void A_customer_with_persona_attributes_reads_the_segment_of_their_persona()
    {
        using var personaRun = new TempDirectory();
        var sources = new Dictionary<string, SourceSpec>(StringComparer.OrdinalIgnoreCase)
        {
            ["customers"] = SourceSpec.ForFile(Fixtures.Path(Path.Combine("analyses", "persona_customers.csv"))),
        };
        var db = Fixtures.Run(Fixtures.Config(sources, asOf: new DateOnly(2024, 6, 30)), personaRun.Path).DatabasePath;

        var persona = CustomerExplainer.Explain(db, "c1").Persona!;

        var stored = Db.Query<(string Persona, string Segment, long Customers)>(db,
            "SELECT p.persona, s.segment, s.customers FROM customer_personas p JOIN persona_segments s USING (persona) WHERE p.customer_id = 'c1'").Single();
        Assert.Equal(stored, (persona.Persona, persona.Segment!, persona.Customers!.Value));
        Assert.StartsWith("TUR_ANDROID_FEMALE_", persona.Persona, StringComparison.Ordinal);
        Assert.Contains(TestCli.Run("explain", "c1", "--db", db).StdoutLines, l => l.StartsWith($"Persona: {stored.Segment}", StringComparison.Ordinal));
    }

    [Fact]
    public void A_project_tier_script_without_the_rule_macros_still_shows_the_stored_tier_and_says_why_there_are_no_reasons()
    {
        using var project = new TempDirectory();
        project.File("sql/110_customer_tiers.sql", """
            CREATE OR REPLACE TABLE customer_tiers AS
            SELECT customer_id, sum(amount) AS total_amount, count(*) AS freq, 'Tier 1' AS tier FROM transactions GROUP BY customer_id;
            """);
        var db = SmallProject.Run(project.Combine("out"), projectDirectory: project.Path).DatabasePath;

        var e = CustomerExplainer.Explain(db, "C2");

        Assert.Equal(("Tier 1", 0), (e.Tier!.Tier, e.Tier.Rules.Count));
        Assert.Contains(e.Notes, n => n.Contains("stores no tier_rule_matches macro", StringComparison.Ordinal));
        Assert.Equal(0, TestCli.Run("explain", "C2", "--db", db).Exit);
    }
}
