using CrmEtl.Core.Resources;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.History;

/// <summary>Each run records only the customers whose segment changed; the history carries across runs.</summary>
public sealed class SegmentHistoryTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly string project;

    public SegmentHistoryTests()
    {
        project = temp.Combine("project");
        ProjectFiles.WriteDefaults(project, overwrite: true);
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public void An_unchanged_run_adds_no_rows_and_a_changed_rule_moves_only_the_customers_it_concerns()
    {
        var database = Run();
        var first = Db.Query<(string, string, string)>(database,
            "SELECT segmentation, customer_id, segment FROM segment_history WHERE valid_from_run = 1 AND valid_to_run IS NULL ORDER BY ALL");
        Assert.Contains(("tier", "C1", "Tier 2"), first);
        Assert.Contains(("tier", "C2", "Power User"), first);
        // Four buyers are too few for a CLTV fit: no CLTV segments.
        Assert.Equal(["rfm", "tier"], first.Select(r => r.Item1).Distinct().Order());

        Run();
        Assert.Equal(first.Count, Db.Scalar<long>(database, "SELECT count(*) FROM segment_history"));

        // C1 spent 900 in two transactions: no longer Tier 2 once Tier 2 needs more than 950.
        Edit("tier_rules.csv", "3,Tier 2,600,3,any", "3,Tier 2,950,3,any");
        Run();

        Assert.Equal(first.Count + 1, Db.Scalar<long>(database, "SELECT count(*) FROM segment_history"));
        Assert.Equal(
            [("C1", "Tier 1", 3, (int?)null), ("C1", "Tier 2", 1, 3)],
            Db.Query<(string, string, int, int?)>(database,
                "SELECT customer_id, segment, valid_from_run, valid_to_run FROM segment_history " +
                "WHERE valid_from_run = 3 OR valid_to_run IS NOT NULL ORDER BY segment"));
    }

    private string Run() => SmallProject.Run(temp.Combine("out"), projectDirectory: project).DatabasePath;

    private void Edit(string ruleFile, string line, string replacement)
    {
        var path = Path.Combine(project, "sql", "rules", ruleFile);
        var text = File.ReadAllText(path);
        Assert.Contains(line, text);
        File.WriteAllText(path, text.Replace(line, replacement, StringComparison.Ordinal));
    }
}
