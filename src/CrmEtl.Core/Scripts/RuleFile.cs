using CrmEtl.Core.Resources;
using Microsoft.VisualBasic.FileIO;

namespace CrmEtl.Core.Scripts;

/// <summary>
/// A rule table as an analyst wrote it: comma-separated, a header line, every line as wide as the
/// header. Read here rather than by DuckDB's sniffer so that a mistake is named by line and column.
/// </summary>
public sealed record RuleFile(string Path, string Table, IReadOnlyList<string> Columns, IReadOnlyList<RuleLine> Lines)
{
    public static RuleFile Read(string path, string table)
    {
        var name = ProjectFiles.Label(path);
        using var parser = new TextFieldParser(path) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        var header = (parser.ReadFields() ?? []).Select(h => h.Trim()).ToList();
        if (header.Count == 0 || header.Any(string.IsNullOrEmpty))
        {
            throw new CrmEtlException($"{name}, line 1: the header needs a name for every column.");
        }

        if (header.GroupBy(h => h, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new CrmEtlException($"{name}, line 1: column '{duplicate.Key}' appears twice in the header.");
        }

        var lines = new List<RuleLine>();
        while (!parser.EndOfData)
        {
            var number = parser.LineNumber;
            string[] fields;
            try
            {
                fields = parser.ReadFields() ?? [];
            }
            catch (MalformedLineException e)
            {
                throw new CrmEtlException($"{name}, line {e.LineNumber}: the line cannot be read as CSV (an unclosed quote?).", e);
            }

            if (fields.Length != header.Count)
            {
                throw new CrmEtlException(
                    $"{name}, line {number}: {fields.Length} field(s) where the header has {header.Count} ({string.Join(",", header)}).");
            }

            lines.Add(new RuleLine(number, [.. fields.Select(f => f.Trim())]));
        }

        return new RuleFile(path, table, header, lines);
    }
}

/// <param name="Number">The line in the file (1 is the header).</param>
public sealed record RuleLine(long Number, IReadOnlyList<string> Fields);
