using CrmEtl.Core;
using CrmEtl.Core.Configuration;
using CrmEtl.Core.History;
using CrmEtl.Core.Reporting.Sections;
using CrmEtl.Core.Resources;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Reporting;

/// <summary>The report's "Changes since the last run": the moves and changes of <see cref="RunDiff"/>, compactly, and mail-safe.</summary>
public sealed class RunChangesSectionTests : IDisposable
{
    private const string Title = "Changes since the last run";

    private readonly TempDirectory temp = new();
    private readonly string project;
    private readonly RunSummary first;
    private readonly RunSummary second;

    /// <summary>
    /// Run 1 on the small data; run 2 with Tier 2 raised to 950 (C1, 900, falls to Tier 1), two new
    /// buyers and a large purchase of C3 (to Power User), and a parameter changed.
    /// </summary>
    public RunChangesSectionTests()
    {
        project = temp.Combine("project");
        ProjectFiles.WriteDefaults(project, overwrite: true);
        first = Run(SmallProject.Sources());
        var rules = Path.Combine(project, "sql", "rules", "tier_rules.csv");
        File.WriteAllText(rules, File.ReadAllText(rules).Replace("3,Tier 2,600,3,any", "3,Tier 2,950,3,any", StringComparison.Ordinal));
        var purchases = temp.File("more/purchases.csv", File.ReadAllText(Fixtures.Path("small/purchases.csv")) +
            "T09,2024-03-20,C5,SKU001,40.00,1\nT10,2024-03-21,C6,SKU002,60.00,1\nT11,2024-03-25,C3,SKU004,2500.00,1\n");
        second = Run(SmallProject.Sources(purchases), new Dictionary<string, string> { ["second_purchase_window_days"] = "30" });
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public void A_first_run_has_nothing_to_compare_and_leaves_the_section_out()
    {
        Assert.All(first.Reports, r => Assert.DoesNotContain(Title, new ReportDocument(r.Html).SectionTitles));
    }

    [Fact]
    public void The_totals_and_moves_per_segmentation_are_those_of_crmetl_diff()
    {
        var diff = Diff(1, 2);
        var report = new ReportDocument(MainReport(second));
        Assert.Contains(Title, report.SectionTitles);
        Assert.DoesNotContain(Title, new ReportDocument(second.Reports.Single(r => r.Name == "funnel").Html).SectionTitles);

        var segmentations = diff.Migrations.GroupBy(m => m.Segmentation).ToList();
        var totals = report.Rows("Customers who moved, per segmentation");
        Assert.Equal(segmentations.Count, totals.Count);
        foreach (var segmentation in segmentations)
        {
            var label = LabelOf(segmentation.Key);
            var moves = segmentation.Where(m => m.FromSegment != m.ToSegment).ToList();
            var row = Assert.Single(totals, r => r[0] == label);
            Assert.Equal(moves.Sum(m => m.Customers).ToString("N0"), row[1]);
            Assert.Equal(segmentation.Sum(m => m.Customers).ToString("N0"), row[2]);
            if (moves.Count == 0)
            {
                Assert.False(report.HasTable($"{label}: "));
                continue;
            }

            var shown = report.Rows($"{label}: ").ToDictionary(r => r[0], r => r[2]);
            Assert.Equal(
                moves.ToDictionary(m => $"{Name(m.FromSegment, RunChanges.NewCustomer)} → {Name(m.ToSegment, RunChanges.LeftCustomer)}", m => m.Customers.ToString("N0")),
                shown);
        }

        Assert.Equal("1", report.Rows("Tier: ").Single(r => r[0] == "Tier 2 → Tier 1")[2]);
        Assert.Equal("2", report.Rows("Tier: ").Single(r => r[0] == "(new) → Tier 1")[2]);
    }

    [Fact]
    public void What_the_run_read_differently_lists_the_changes_of_crmetl_diff_by_name()
    {
        var diff = Diff(1, 2);
        var rows = new ReportDocument(MainReport(second)).Rows("What this run read differently");

        Assert.Equal(diff.Changes.Select(c => c.Name), rows.Select(r => r[1].Split(':')[0]));
        Assert.Contains(["Parameter", "second_purchase_window_days: 65 → 30"], rows);
        Assert.Contains(["Rule file", "tier_rules.csv: edited"], rows);
        var input = Assert.Single(rows, r => r[0] == "Input");
        Assert.StartsWith("purchases: purchases.csv, new content (sha256 ", input[1], StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_with_the_section_stays_mail_safe()
    {
        Assert.All(second.Reports, MailSafety.Assert);
    }

    [Fact]
    public void After_a_run_that_kept_no_history_the_section_says_so_and_shows_what_can_be_compared()
    {
        var output = temp.Combine("old");
        var database = Run(SmallProject.Sources(), output: output).DatabasePath;
        ForgetHistory(database);
        var report = new ReportDocument(MainReport(Run(SmallProject.Sources(), new Dictionary<string, string> { ["tier_lookback_months"] = "3" }, output)));

        var section = report.Document.QuerySelectorAll("h2").Single(h => h.TextContent.Trim() == Title).Closest("tr")!.NextElementSibling!.TextContent;
        Assert.Contains("Run 1 kept no segment history", section, StringComparison.Ordinal);
        Assert.False(report.HasTable("Customers who moved"));
        Assert.Equal([["Parameter", "tier_lookback_months: 6 → 3"]], report.Rows("What this run read differently"));
    }

    [Fact]
    public void The_rest_of_many_moves_is_summed_in_one_row()
    {
        var migrations = Enumerable.Range(1, 8).Select(i => new SegmentMigration("rfm", $"s{i}", "t", i)).Append(new SegmentMigration("rfm", "t", "t", 100)).ToList();

        var moves = RunChanges.MovesOf(new RunDiff(1, 2, migrations, [])).Single();

        Assert.Equal(36, moves.Moved);
        Assert.Equal(136, moves.Customers);
        Assert.Equal(RunChanges.MovesShown, moves.Moves.Count);
        Assert.Equal([8, 7, 6, 5], moves.Moves.Take(4).Select(m => m.Customers));
        Assert.Equal(new SegmentMove("4 other moves", string.Empty, 10, 10 / 36.0, IsRest: true), moves.Moves[^1]);
    }

    /// <summary>What a database made before segment history was kept looks like.</summary>
    internal static void ForgetHistory(string database)
    {
        using var connection = Database.Open(database);
        using var command = connection.CreateCommand();
        command.CommandText = "DROP TABLE segment_history; DROP TABLE rule_files;";
        command.ExecuteNonQuery();
    }

    private static string LabelOf(string segmentation) => segmentation switch
    {
        "tier" => "Tier",
        "rfm" => "RFM segment",
        "cltv" => "CLTV segment",
        _ => "Persona segment",
    };

    private static string Name(string segment, string absent) => segment == RunDiff.Absent ? absent : segment.Replace('_', ' ');

    private static string MainReport(RunSummary summary) => summary.Reports.Single(r => r.Name == "report").Html;

    private RunDiff Diff(int from, int to)
    {
        using var connection = Database.Open(second.DatabasePath, readOnly: true);
        return RunDiff.Between(connection, from, to);
    }

    private RunSummary Run(IReadOnlyDictionary<string, SourceSpec> sources, IReadOnlyDictionary<string, string>? parameters = null, string? output = null) =>
        Fixtures.Run(Fixtures.Config(sources, parameters: parameters, projectDirectory: project), output ?? temp.Combine("out"));
}
