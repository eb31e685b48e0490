using System.Reflection;

namespace CrmEtl.Core.Explain;

/// <summary>The SQL of <c>crmetl explain</c>, one file per section in Explain/Queries, built into the binary.</summary>
internal static class ExplainQueries
{
    public static string Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"explain/{name}.sql")
            ?? throw new InvalidOperationException($"explain/{name}.sql is not built in.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
