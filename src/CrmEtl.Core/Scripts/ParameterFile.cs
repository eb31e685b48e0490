using Microsoft.VisualBasic.FileIO;

namespace CrmEtl.Core.Scripts;

/// <summary>Reads <c>parameters.csv</c>: name, value, type, description.</summary>
internal static class ParameterFile
{
    private static readonly string[] Header = ["name", "value", "type", "description"];

    public static List<Parameter> Read(string path)
    {
        using var parser = new TextFieldParser(path) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        var header = parser.ReadFields() ?? [];
        if (!header.Select(h => h.Trim().ToLowerInvariant()).SequenceEqual(Header))
        {
            throw new CrmEtlException($"{path}, line 1: the header must be {string.Join(",", Header)}.");
        }

        var parameters = new List<Parameter>();
        while (!parser.EndOfData)
        {
            var line = parser.LineNumber;
            var fields = parser.ReadFields() ?? [];
            if (fields.Length != Header.Length)
            {
                throw new CrmEtlException($"{path}, line {line}: expected 4 fields (name,value,type,description), found {fields.Length}.");
            }

            parameters.Add(new Parameter(fields[0].Trim(), fields[1].Trim(), fields[2].Trim().ToLowerInvariant(), fields[3].Trim()));
        }

        return parameters;
    }
}
