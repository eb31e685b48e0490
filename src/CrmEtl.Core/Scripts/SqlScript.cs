using System.Security.Cryptography;
using System.Text;
using CrmEtl.Core.Resources;

namespace CrmEtl.Core.Scripts;

/// <summary>A SQL file of the project, named by its path relative to <c>sql/</c>.</summary>
public sealed record SqlScript(string Name, string Path, string Text)
{
    public string Sha256 { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text)));

    /// <summary>How messages name the script: <c>sql/110_customer_tiers.sql</c>, or <c>built-in sql/…</c> for a default.</summary>
    public string Label => (ProjectFiles.IsBuiltIn(Path) ? "built-in sql/" : "sql/") + Name;

    public static SqlScript Read(string sqlDirectory, string path) =>
        new(System.IO.Path.GetRelativePath(sqlDirectory, path).Replace('\\', '/'), path, File.ReadAllText(path));
}
