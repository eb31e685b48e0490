using CrmEtl.Core.Configuration;

namespace CrmEtl.Core.Loading;

/// <summary>
/// Which SQL expression over the file's columns gives each canonical column: the config's
/// mapping first, else a file column of the same name (case-insensitive).
/// </summary>
/// <param name="TextFileColumns">File columns the reader must keep as text (dates parsed by a source's dateFormat).</param>
internal sealed record ColumnMapping(
    IReadOnlyList<string> FileColumns,
    IReadOnlyDictionary<string, string> Expressions,
    IReadOnlyDictionary<string, string> PlainFileColumns,
    IReadOnlyDictionary<string, string> ExtraAttributes,
    IReadOnlyList<string>? TextFileColumns = null)
{
    public static ColumnMapping Resolve(CanonicalSource source, SourceSpec spec, IReadOnlyList<string> fileColumns)
    {
        var expressions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var plain = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var extra = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var byName = fileColumns.ToDictionary(c => c, c => c, StringComparer.OrdinalIgnoreCase);

        foreach (var (name, expression) in spec.Columns)
        {
            var isCanonical = source.Columns.Any(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
            if (!isCanonical && !source.KeepsAttributes)
            {
                throw new CrmEtlException(
                    $"{spec.Path}: the mapping names '{name}', which is not a column of the {source.Name} source " +
                    $"({string.Join(", ", source.Columns.Select(c => c.Name))}).");
            }

            (isCanonical ? expressions : extra)[name] = expression;
        }

        foreach (var column in source.Columns)
        {
            if (!expressions.ContainsKey(column.Name) && byName.TryGetValue(column.Name, out var fileColumn))
            {
                expressions[column.Name] = SqlText.Identifier(fileColumn);
            }

            if (expressions.TryGetValue(column.Name, out var mapped) && FileColumnNamedBy(mapped, byName) is { } named)
            {
                plain[column.Name] = named;
            }
        }

        return new ColumnMapping(fileColumns, expressions, plain, extra);
    }

    /// <summary>The file column an expression names, when it is nothing but a (possibly quoted) column name.</summary>
    private static string? FileColumnNamedBy(string expression, Dictionary<string, string> byName)
    {
        var trimmed = expression.Trim();
        if (trimmed.Length > 1 && trimmed[0] == '"' && trimmed[^1] == '"')
        {
            trimmed = trimmed[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal);
        }

        return byName.TryGetValue(trimmed, out var column) ? column : null;
    }

    public void CheckRequired(CanonicalSource source, SourceSpec spec, IReadOnlyList<string> fileColumns)
    {
        var missing = source.Columns.Where(c => c.Required && !Expressions.ContainsKey(c.Name)).Select(c => c.Name).ToList();
        foreach (var group in source.OneOfRequired)
        {
            if (!group.Any(Expressions.ContainsKey))
            {
                missing.Add(string.Join(" or ", group));
            }
        }

        if (missing.Count == 0)
        {
            return;
        }

        throw new CrmEtlException(
            $"{spec.Path}, line 1 (header): missing column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(m => $"'{m}'"))} " +
            $"for the {source.Name} source. The file has: {string.Join(", ", fileColumns)}. " +
            $"Rename the column, or map it in crmetl.json under sources.{source.Name}.columns." +
            CsvFileProbe.DelimiterHint(fileColumns, spec.Delimiter));
    }
}
