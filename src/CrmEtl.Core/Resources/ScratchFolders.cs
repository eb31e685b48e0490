using System.Collections.Concurrent;

namespace CrmEtl.Core.Resources;

/// <summary>
/// The folders of built-in and merged project files under the temp folder: one per build of the
/// tool and one per distinct content of a project's files, so every edit leaves an old one behind.
/// A process reading a folder holds a shared lock on its <c>NAME.lock</c> file until it exits, and
/// stamps the file's time; a folder unused for <see cref="KeptUnused"/> whose lock nobody holds is
/// removed, under an exclusive lock, so two runs never remove a folder the other reads.
/// </summary>
internal static class ScratchFolders
{
    public static readonly TimeSpan KeptUnused = TimeSpan.FromDays(1);

    private const string LockSuffix = ".lock";

    /// <summary>The locks this process holds, one per folder it uses; the OS releases them when it exits.</summary>
    private static readonly ConcurrentDictionary<string, FileStream> Held = new(StringComparer.Ordinal);

    private static readonly ConcurrentDictionary<string, bool> Tidied = new(StringComparer.Ordinal);

    /// <summary>
    /// Marks <paramref name="folder"/> as in use by this process, before it is read or made, so no
    /// other process's clean-up can remove it meanwhile. The first use of a parent folder also
    /// removes its unused folders.
    /// </summary>
    public static void Use(string folder)
    {
        var parent = Path.GetDirectoryName(folder)!;
        Directory.CreateDirectory(parent);
        Held.GetOrAdd(folder, Lease);
        if (Tidied.TryAdd(parent, true))
        {
            RemoveUnused(parent, KeptUnused);
        }
    }

    /// <summary>Removes the folders of <paramref name="parent"/> (and their lock files) unused for longer than <paramref name="age"/> and locked by no process.</summary>
    public static IReadOnlyList<string> RemoveUnused(string parent, TimeSpan age)
    {
        var removed = new List<string>();
        var cutoff = DateTime.UtcNow - age;
        var folders = Directory.EnumerateDirectories(parent)
            .Concat(Directory.EnumerateFiles(parent, "*" + LockSuffix).Select(f => f[..^LockSuffix.Length]))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var folder in folders.Where(f => LastUsed(f) < cutoff))
        {
            if (TryRemove(folder))
            {
                removed.Add(folder);
            }
        }

        return removed;
    }

    private static DateTime LastUsed(string folder)
    {
        var stamps = new[] { folder + LockSuffix, folder }
            .Where(p => File.Exists(p) || Directory.Exists(p))
            .Select(File.GetLastWriteTimeUtc);
        return stamps.DefaultIfEmpty(DateTime.MaxValue).Max();
    }

    private static bool TryRemove(string folder)
    {
        FileStream exclusive;
        try
        {
            exclusive = new FileStream(folder + LockSuffix, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return false; // another run (or this one) is using it
        }
        catch (UnauthorizedAccessException)
        {
            return false; // another user's folder in a shared temp folder
        }

        using (exclusive)
        {
            try
            {
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }

                File.Delete(folder + LockSuffix);
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false; // removed by another process meanwhile, or not ours: leave it
            }
        }
    }

    /// <summary>A shared lock, retried briefly while another process's clean-up holds the exclusive one.</summary>
    private static FileStream Lease(string folder)
    {
        for (var attempt = 1; ; attempt++)
        {
            FileStream? lease = null;
            try
            {
                lease = new FileStream(folder + LockSuffix, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite);

                // Fails when a clean-up removed the lock file between its opening and its locking: then lock the new one.
                File.SetLastWriteTimeUtc(folder + LockSuffix, DateTime.UtcNow);
                return lease;
            }
            catch (IOException) when (attempt < 50)
            {
                lease?.Dispose();
                Thread.Sleep(20);
            }
        }
    }
}
