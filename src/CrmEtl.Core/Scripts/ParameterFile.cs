using CrmEtl.Core.Resources;

namespace CrmEtl.Core.Scripts;

/// <summary>Reads <c>parameters.csv</c>: name, value, type, description.</summary>
internal static class ParameterFile
{
    private static readonly string[] Header = ["name", "value", "type", "description"];

    public static List<Parameter> Read(string path)
    {
        var file = RuleFile.Read(path, "parameters");
        if (!file.Columns.Select(h => h.ToLowerInvariant()).SequenceEqual(Header))
        {
            throw new CrmEtlException($"{ProjectFiles.Label(path)}, line 1: the header must be {string.Join(",", Header)}.");
        }

        return [.. file.Lines.Select(line => new Parameter(line.Fields[0], line.Fields[1], line.Fields[2].ToLowerInvariant(), line.Fields[3]))];
    }
}
