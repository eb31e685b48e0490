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

        return [.. file.Lines.Select(line =>
        {
            var origin = $"{ProjectFiles.Label(path)}, line {line.Number}";
            return new Parameter(line.Fields[0], line.Fields[1], Type(line.Fields[2], line.Fields[0], origin), line.Fields[3], origin);
        })];
    }

    private static ParameterType Type(string type, string name, string origin) =>
        SqlNames.TryParse<ParameterType>(type, out var parsed)
            ? parsed
            : throw new CrmEtlException(
                $"{origin}: parameter '{name}' has unknown type '{type}'; use one of {string.Join(", ", SqlNames.All<ParameterType>())}.");
}
