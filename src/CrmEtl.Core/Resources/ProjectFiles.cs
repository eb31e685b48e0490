using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace CrmEtl.Core.Resources;

/// <summary>
/// Where the SQL and templates of a run come from: the defaults embedded in the binary, overridden
/// file by file by the project's own <c>sql/</c> and <c>templates/</c> folders. A project file
/// replaces the built-in file of the same path or adds a new one; an empty project file switches
/// the built-in file of that path off.
/// </summary>
public sealed record ProjectFiles(string SqlDirectory, string TemplatesDirectory)
{
    public static readonly string[] Folders = ["sql", "templates"];

    private static readonly Assembly Assembly = typeof(ProjectFiles).Assembly;

    /// <summary>Merged copy path → the project file it came from; a merged file not listed is a built-in one.</summary>
    private static readonly ConcurrentDictionary<string, string> ProjectOrigins = new(StringComparer.Ordinal);

    public static ProjectFiles Resolve(string? projectDirectory)
    {
        var defaults = ExtractDefaults();
        var own = projectDirectory is null ? [] : Folders.Where(f => Directory.Exists(Path.Combine(projectDirectory, f))).ToList();
        if (own.Count == 0)
        {
            return new ProjectFiles(Path.Combine(defaults, "sql"), Path.Combine(defaults, "templates"));
        }

        var merged = Path.Combine(MergedParent, ContentKey(projectDirectory!, own));
        ScratchFolders.Use(merged);
        if (!Directory.Exists(merged))
        {
            var staging = merged + ".tmp-" + Guid.NewGuid().ToString("N");
            foreach (var folder in Folders)
            {
                CopyTree(Path.Combine(defaults, folder), Path.Combine(staging, folder));
                if (own.Contains(folder))
                {
                    CopyTree(Path.Combine(projectDirectory!, folder), Path.Combine(staging, folder), overrides: true);
                }
            }

            MoveIntoPlace(staging, merged);
        }

        foreach (var relative in ProjectFilesIn(projectDirectory!))
        {
            ProjectOrigins[Path.GetFullPath(Path.Combine(merged, relative))] = Path.Combine(projectDirectory!, relative);
        }

        return new ProjectFiles(Path.Combine(merged, "sql"), Path.Combine(merged, "templates"));
    }

    /// <summary>
    /// Merged folders are named by what is in them (this build's defaults, the project's folder and
    /// every project file's path and content): a run reuses the folder of an unchanged project, and
    /// an edit gets a new one, so a run never reads another run's half-written folder.
    /// </summary>
    private static string ContentKey(string projectDirectory, IReadOnlyList<string> own)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(DefaultsRoot + "\n" + Path.GetFullPath(projectDirectory) + "\n" + string.Join(",", own) + "\n"));
        foreach (var relative in ProjectFilesIn(projectDirectory))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(relative + "\n"));
            hash.AppendData(SHA256.HashData(File.ReadAllBytes(Path.Combine(projectDirectory, relative))));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..32];
    }

    private static void MoveIntoPlace(string staging, string root)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(root)!);
        try
        {
            Directory.Move(staging, root);
        }
        catch (IOException) when (Directory.Exists(root))
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>The project's files under <c>sql/</c> and <c>templates/</c>, as paths relative to the project ('/'-separated).</summary>
    public static IReadOnlyList<string> ProjectFilesIn(string projectDirectory) =>
        [.. Folders
            .Select(f => Path.Combine(projectDirectory, f))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Where(p => !IsHidden(p))
            .Select(p => Path.GetRelativePath(projectDirectory, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];

    /// <summary>Paths ('/'-separated, e.g. <c>sql/rules/tier_rules.csv</c>) of every built-in file.</summary>
    public static IReadOnlyList<string> BuiltInFiles { get; } =
        [.. Assembly.GetManifestResourceNames().Where(IsDefaultFile).Order(StringComparer.Ordinal)];

    public static byte[]? ReadBuiltIn(string relativePath)
    {
        using var resource = Assembly.GetManifestResourceStream(relativePath);
        if (resource is null || !IsDefaultFile(relativePath))
        {
            return null;
        }

        using var copy = new MemoryStream();
        resource.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>An empty (or blank) project file switches off the built-in file of the same path.</summary>
    public static bool SwitchesOff(string path) => string.IsNullOrWhiteSpace(File.ReadAllText(path));

    /// <summary>Writes the embedded files that <paramref name="include"/> accepts (all by default) into a folder (for <c>crmetl init</c>).</summary>
    public static IReadOnlyList<string> WriteDefaults(string directory, bool overwrite, Func<string, bool>? include = null)
    {
        var written = new List<string>();
        foreach (var name in BuiltInFiles.Where(include ?? (_ => true)))
        {
            var target = Path.Combine(directory, name.Replace('/', Path.DirectorySeparatorChar));
            if (File.Exists(target) && !overwrite)
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, ReadBuiltIn(name)!);
            written.Add(target);
        }

        return written;
    }

    /// <summary>
    /// How messages name a project file: a built-in file (extracted to a temporary folder the user
    /// never saw) is "built-in sql/parameters.csv"; a project file is its path in the project.
    /// </summary>
    public static string Label(string path)
    {
        var full = Path.GetFullPath(path);
        if (ProjectOrigins.TryGetValue(full, out var origin))
        {
            return origin;
        }

        return BuiltInRelativePath(full) is { } relative ? "built-in " + relative : path;
    }

    /// <summary>A built-in file the project switched off: missing from the merged folder, though built in.</summary>
    public static bool IsSwitchedOff(string path)
    {
        var full = Path.GetFullPath(path);
        return !File.Exists(full) && Inside(MergedParent, full) is not null && BuiltInRelativePath(full) is { } relative && ReadBuiltIn(relative) is not null;
    }

    public static bool IsBuiltIn(string path)
    {
        var full = Path.GetFullPath(path);
        return !ProjectOrigins.ContainsKey(full) && BuiltInRelativePath(full) is not null;
    }

    private static string? BuiltInRelativePath(string fullPath)
    {
        if (Inside(DefaultsRoot, fullPath) is { } relative)
        {
            return relative;
        }

        // A merged folder is MergedParent/<guid>/sql/…: drop the guid.
        return Inside(MergedParent, fullPath) is { } merged && merged.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash
            ? merged[(slash + 1)..]
            : null;
    }

    private static string? Inside(string root, string fullPath)
    {
        var relative = Path.GetRelativePath(root, fullPath);
        return relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? null
            : relative.Replace('\\', '/');
    }

    private static void CopyTree(string source, string target, bool overrides = false)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories).Where(p => !IsHidden(p)))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            if (overrides && SwitchesOff(file))
            {
                File.Delete(copy);
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy, overwrite: true);
        }
    }

    private static bool IsHidden(string path) => Path.GetFileName(path).StartsWith('.');

    private static string DefaultsRoot { get; } =
        Path.Combine(Path.GetTempPath(), "crmetl-defaults", Assembly.ManifestModule.ModuleVersionId.ToString("N"));

    private static string MergedParent { get; } = Path.Combine(Path.GetTempPath(), "crmetl-project");

    private static bool IsDefaultFile(string resourceName) =>
        resourceName.StartsWith("sql/", StringComparison.Ordinal) || resourceName.StartsWith("templates/", StringComparison.Ordinal);

    /// <summary>
    /// One extracted copy per build of the binary, shared by concurrent runs; each writer stages its
    /// own folder, the first move wins. Copies of other builds, and merged folders, unused for a day are removed (<see cref="ScratchFolders"/>).
    /// </summary>
    private static string ExtractDefaults()
    {
        var root = DefaultsRoot;
        ScratchFolders.Use(root);
        if (Directory.Exists(root))
        {
            return root;
        }

        var staging = root + ".tmp-" + Guid.NewGuid().ToString("N");
        WriteDefaults(staging, overwrite: true);
        MoveIntoPlace(staging, root);
        return root;
    }
}
