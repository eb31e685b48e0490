using CrmEtl.Core.Resources;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Scripts;

/// <summary>Folders of merged project files are removed once unused for a day, never while a run (any process) holds them.</summary>
public sealed class ScratchFoldersTests : IDisposable
{
    private static readonly DateTime TwoDaysAgo = DateTime.UtcNow.AddDays(-2);

    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Old_unlocked_folders_and_abandoned_staging_go_while_recent_and_locked_ones_stay()
    {
        var old = Folder("old", lockFile: true, TwoDaysAgo);
        var staging = Folder("old.tmp-0123", lockFile: false, TwoDaysAgo);
        var recent = Folder("recent", lockFile: true, DateTime.UtcNow);
        var held = Folder("held", lockFile: true, TwoDaysAgo);

        // Another run's lock: a shared lock on the file (an flock, held per open file, so it counts like another process's).
        using (new FileStream(held + ".lock", FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            var removed = ScratchFolders.RemoveUnused(temp.Path, ScratchFolders.KeptUnused);

            Assert.Equal([old, staging], removed.Order(StringComparer.Ordinal));
        }

        Assert.False(Directory.Exists(old) || File.Exists(old + ".lock") || Directory.Exists(staging));
        Assert.True(Directory.Exists(recent) && Directory.Exists(held) && File.Exists(Path.Combine(held, "sql", "a.sql")));
    }

    [Fact]
    public void Two_runs_of_one_project_share_its_folder_and_neither_removes_it()
    {
        var project = temp.Combine("project");
        temp.File("project/sql/rules/tier_rules.csv", File.ReadAllText(Path.Combine(ProjectFiles.Resolve(null).SqlDirectory, "rules", "tier_rules.csv")));
        var merged = Path.GetDirectoryName(ProjectFiles.Resolve(project).SqlDirectory)!;
        File.SetLastWriteTimeUtc(merged + ".lock", TwoDaysAgo);
        Directory.SetLastWriteTimeUtc(merged, TwoDaysAgo);

        var removed = ScratchFolders.RemoveUnused(Path.GetDirectoryName(merged)!, ScratchFolders.KeptUnused);

        Assert.DoesNotContain(merged, removed);
        Assert.Equal(merged, Path.GetDirectoryName(ProjectFiles.Resolve(project).SqlDirectory));
        Assert.True(File.Exists(Path.Combine(merged, "sql", "rules", "tier_rules.csv")));
    }

    private string Folder(string name, bool lockFile, DateTime lastUsed)
    {
        var folder = temp.Combine(name);
        temp.File(Path.Combine(name, "sql", "a.sql"), "SELECT 1;");
        Directory.SetLastWriteTimeUtc(folder, lastUsed);
        if (lockFile)
        {
            File.WriteAllText(folder + ".lock", string.Empty);
            File.SetLastWriteTimeUtc(folder + ".lock", lastUsed);
        }

        return folder;
    }
}
