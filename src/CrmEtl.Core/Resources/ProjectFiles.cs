using System.Reflection;

namespace CrmEtl.Core.Resources;

/// <summary>
/// Where the SQL and templates of a run come from: the project's own <c>sql/</c> and
/// <c>templates/</c> folders when it has them, else the defaults embedded in the binary.
/// </summary>
public sealed record ProjectFiles(string SqlDirectory, string TemplatesDirectory)
{
    private static readonly Assembly Assembly = typeof(ProjectFiles).Assembly;

    public static ProjectFiles Resolve(string? projectDirectory)
    {
        string? own(string folder) => projectDirectory is null ? null : Path.Combine(projectDirectory, folder);
        var sql = own("sql");
        var templates = own("templates");
        var sqlIsOwn = sql is not null && Directory.Exists(sql);
        var templatesAreOwn = templates is not null && Directory.Exists(templates);
        var defaults = sqlIsOwn && templatesAreOwn ? null : ExtractDefaults();
        return new ProjectFiles(
            sqlIsOwn ? sql! : Path.Combine(defaults!, "sql"),
            templatesAreOwn ? templates! : Path.Combine(defaults!, "templates"));
    }

    /// <summary>Writes the embedded <c>sql/</c> and <c>templates/</c> into a folder (for <c>crmetl init</c>).</summary>
    public static IReadOnlyList<string> WriteDefaults(string directory, bool overwrite)
    {
        var written = new List<string>();
        foreach (var name in Assembly.GetManifestResourceNames().Where(IsDefaultFile).Order(StringComparer.Ordinal))
        {
            var target = Path.Combine(directory, name.Replace('/', Path.DirectorySeparatorChar));
            if (File.Exists(target) && !overwrite)
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using var resource = Assembly.GetManifestResourceStream(name)!;
            using var file = File.Create(target);
            resource.CopyTo(file);
            written.Add(target);
        }

        return written;
    }

    /// <summary>
    /// How messages name a project file: a default extracted to the temporary folder is
    /// "built-in sql/parameters.csv" (the user never saw that folder); any other file is its path.
    /// </summary>
    public static string Label(string path) =>
        IsBuiltIn(path) ? "built-in " + Path.GetRelativePath(DefaultsRoot, Path.GetFullPath(path)).Replace('\\', '/') : path;

    public static bool IsBuiltIn(string path)
    {
        var relative = Path.GetRelativePath(DefaultsRoot, Path.GetFullPath(path));
        return relative != "." && !relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }

    private static string DefaultsRoot { get; } =
        Path.Combine(Path.GetTempPath(), "crmetl-defaults", Assembly.ManifestModule.ModuleVersionId.ToString("N"));

    private static bool IsDefaultFile(string resourceName) =>
        resourceName.StartsWith("sql/", StringComparison.Ordinal) || resourceName.StartsWith("templates/", StringComparison.Ordinal);

    /// <summary>One extracted copy per build of the binary, shared by concurrent runs; each writer stages its own folder, the first move wins.</summary>
    private static string ExtractDefaults()
    {
        var root = DefaultsRoot;
        if (Directory.Exists(root))
        {
            return root;
        }

        var staging = root + ".tmp-" + Guid.NewGuid().ToString("N");
        WriteDefaults(staging, overwrite: true);
        try
        {
            Directory.Move(staging, root);
        }
        catch (IOException) when (Directory.Exists(root))
        {
            Directory.Delete(staging, recursive: true);
        }

        return root;
    }
}
