using System.Security.Cryptography;
using System.Text;

namespace CrmEtl.Core.Scripts;

/// <summary>A SQL file of the project, named by its path relative to <c>sql/</c>.</summary>
public sealed record SqlScript(string Name, string Path, string Text)
{
    public string Sha256 { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text)));

    public static SqlScript Read(string sqlDirectory, string path) =>
        new(System.IO.Path.GetRelativePath(sqlDirectory, path).Replace('\\', '/'), path, File.ReadAllText(path));
}
