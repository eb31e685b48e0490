using System.Security.Cryptography;
using CrmEtl.Cli;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Cli;

/// <summary>
/// Real processes on one output folder: a second run while one is under way, and a run killed
/// halfway. No sleeps: each test acts when the first process has printed its load stage's line,
/// so that it is known to be mid-run, holding its staging database open.
/// </summary>
public sealed class ConcurrentRunTests
{
    [Fact]
    public void A_second_run_into_the_same_folder_fails_at_once_and_the_first_one_succeeds()
    {
        using var temp = new TempDirectory();
        using var first = CrmetlProcess.Start(MonthRun(temp.Path));
        first.WaitForLine(IsLoadDone);
        first.Pause();

        var (exit, stdout, stderr) = CrmetlProcess.Run(SmallRun(temp.Path));
        first.Resume();

        Assert.Equal(UserErrors.ExitOutputLocked, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.StartsWith($"error: {Path.Combine(temp.Path, "crm.duckdb.lock")}: another crmetl run is writing into this folder right now", stderr, StringComparison.Ordinal);
        Assert.Equal(0, first.Exit());
        var database = Path.Combine(temp.Path, "crm.duckdb");
        Assert.Equal(["succeeded"], Db.Query<string>(database, "SELECT status FROM runs"));
        Assert.Equal(81_065, Db.Scalar<long>(database, "SELECT customers FROM funnel WHERE stage = 'Leads'"));
    }

    [Fact]
    public void A_run_killed_halfway_leaves_the_previous_tables_as_they_were_and_the_next_run_succeeds()
    {
        using var temp = new TempDirectory();
        Assert.Equal(0, CrmetlProcess.Run(SmallRun(temp.Path)).Exit);
        var database = Path.Combine(temp.Path, "crm.duckdb");
        var before = Hash(database);

        using (var killed = CrmetlProcess.Start(MonthRun(temp.Path)))
        {
            killed.WaitForLine(IsLoadDone);
            killed.Kill();
        }

        Assert.True(File.Exists(database + ".building"), "the kill was meant to leave a half-built staging database behind");
        Assert.Equal(before, Hash(database));
        var (exit, _, stderr) = CrmetlProcess.Run(SmallRun(temp.Path));
        Assert.Equal((0, string.Empty), (exit, stderr));
        Assert.False(File.Exists(database + ".building"));
        Assert.Equal([1, 2], Db.Query<int>(database, "SELECT run_id FROM runs WHERE status = 'succeeded' ORDER BY run_id"));
        Assert.Equal(SmallProject.Funnel, SmallProject.FunnelIn(database));
    }

    private static bool IsLoadDone(string line) => line.StartsWith("✓ load", StringComparison.Ordinal);

    /// <summary>30 days of sample data: its run takes seconds after the load, time enough to act mid-run.</summary>
    private static string[] MonthRun(string output) =>
    [
        "run", "--purchases", Fixtures.Path("seed000_30d_purchases.csv.gz"), "--leads", Fixtures.Path("seed000_30d_leads.csv.gz"),
        "--ads", Fixtures.Path("seed000_30d_ads.csv.gz"), "--out", output,
    ];

    private static string[] SmallRun(string output) =>
        ["run", "--purchases", Fixtures.Path("small/purchases.csv"), "--leads", Fixtures.Path("small/leads.csv"), "--out", output, "--quiet"];

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
