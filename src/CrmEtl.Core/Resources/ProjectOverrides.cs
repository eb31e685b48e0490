namespace CrmEtl.Core.Resources;

public enum OverrideKind
{
    /// <summary>Replaces the built-in file of the same path.</summary>
    Replaces,

    /// <summary>A file the tool does not ship: a new script, rule table or template.</summary>
    Adds,

    /// <summary>An empty file: the built-in file of the same path is not used.</summary>
    SwitchesOff,
}

/// <summary>One file of a project's <c>sql/</c> or <c>templates/</c> and how it relates to the built-in files.</summary>
/// <param name="BuiltInChanged">The built-in version differs from the one <c>crmetl init</c> copied.</param>
/// <param name="SameAsBuiltIn">The file is byte for byte the current built-in version.</param>
/// <param name="UneditedCopy">The file is still what <c>crmetl init</c> copied (so deleting it loses nothing).</param>
public sealed record ProjectOverride(string Path, OverrideKind Kind, bool BuiltInChanged, bool SameAsBuiltIn, bool UneditedCopy)
{
    public static IReadOnlyList<ProjectOverride> Of(string projectDirectory)
    {
        var copied = InitManifest.Read(projectDirectory);
        var overrides = new List<ProjectOverride>();
        foreach (var relative in ProjectFiles.ProjectFilesIn(projectDirectory))
        {
            var full = System.IO.Path.Combine(projectDirectory, relative);
            var builtIn = ProjectFiles.ReadBuiltIn(relative);
            if (builtIn is null)
            {
                overrides.Add(new(relative, OverrideKind.Adds, false, false, false));
                continue;
            }

            var builtInHash = InitManifest.Hash(builtIn);
            var ownHash = InitManifest.Hash(File.ReadAllBytes(full));
            var copiedHash = copied.GetValueOrDefault(relative);
            overrides.Add(new(
                relative,
                ProjectFiles.SwitchesOff(full) ? OverrideKind.SwitchesOff : OverrideKind.Replaces,
                BuiltInChanged: copiedHash is not null && copiedHash != builtInHash,
                SameAsBuiltIn: ownHash == builtInHash,
                UneditedCopy: copiedHash is not null && copiedHash == ownHash));
        }

        return overrides;
    }
}
