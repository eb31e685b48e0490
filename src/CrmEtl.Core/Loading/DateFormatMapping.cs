using CrmEtl.Core.Configuration;

namespace CrmEtl.Core.Loading;

/// <summary>
/// A source's <c>"dateFormat"</c>: its date columns read straight from a file column are read as
/// text and parsed with strptime, trying the formats in order (an error when none reads a value).
/// </summary>
internal static class DateFormatMapping
{
    public static ColumnMapping Apply(CanonicalSource source, SourceSpec spec, ColumnMapping mapping)
    {
        if (spec.DateFormats is not { Count: > 0 } formats)
        {
            return mapping;
        }

        var list = "[" + string.Join(", ", formats.Select(SqlText.Literal)) + "]";
        var expressions = new Dictionary<string, string>(mapping.Expressions, StringComparer.OrdinalIgnoreCase);
        var plain = new Dictionary<string, string>(mapping.PlainFileColumns, StringComparer.OrdinalIgnoreCase);
        var dateColumns = source.Columns.Where(c => c.IsDate && plain.ContainsKey(c.Name)).ToList();
        if (dateColumns.Count == 0)
        {
            throw new CrmEtlException(
                $"{spec.Path}: sources.{source.Name}.dateFormat applies to date columns read straight from a file column, and this source has none " +
                $"({string.Join(", ", source.Columns.Where(c => c.IsDate).Select(c => c.Name))} " +
                "are mapped by expressions or missing); parse the date in its mapping instead, e.g. strptime(order_day, '%d/%m/%Y').");
        }

        var text = new List<string>();
        foreach (var column in dateColumns)
        {
            text.Add(plain[column.Name]);
            expressions[column.Name] = $"strptime(trim(CAST({SqlText.Identifier(plain[column.Name])} AS VARCHAR)), {list})";
            plain.Remove(column.Name);
        }

        return mapping with { Expressions = expressions, PlainFileColumns = plain, TextFileColumns = text };
    }
}
