using System.Security.Cryptography;
using System.Text.Json;

namespace CrmEtl.Core.Resources;

/// <summary>
/// <c>.crmetl-init.json</c>, written by <c>crmetl init</c>: the hash of the built-in version of
/// each file it copied, so <c>crmetl status</c> can tell when a later tool version changed a file
/// the project overrides.
/// </summary>
public static class InitManifest
{
    public const string FileName = ".crmetl-init.json";

    public static string Hash(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Relative path ('/'-separated) → sha256 of the built-in file when it was copied.</summary>
    public static Dictionary<string, string> Read(string projectDirectory)
    {
        var path = Path.Combine(projectDirectory, FileName);
        if (!File.Exists(path))
        {
            return new(StringComparer.Ordinal);
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path)) is { } read
                ? new(read, StringComparer.Ordinal)
                : new(StringComparer.Ordinal);
        }
        catch (JsonException e)
        {
            throw new CrmEtlException($"{path}: not the file `crmetl init` writes ({e.Message}); delete it, or run `crmetl init --force` to write it again.", e);
        }
    }

    /// <summary>Records the built-in hash of each copied file, keeping the entries of files copied earlier.</summary>
    public static string Record(string projectDirectory, IEnumerable<string> copiedRelativePaths)
    {
        var entries = Read(projectDirectory);
        foreach (var relative in copiedRelativePaths)
        {
            entries[relative] = Hash(ProjectFiles.ReadBuiltIn(relative)!);
        }

        var path = Path.Combine(projectDirectory, FileName);
        var sorted = entries.OrderBy(e => e.Key, StringComparer.Ordinal).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        File.WriteAllText(path, JsonSerializer.Serialize(sorted, Indented) + "\n");
        return path;
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
