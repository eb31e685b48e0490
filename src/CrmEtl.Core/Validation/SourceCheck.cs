using CrmEtl.Core.Configuration;
using CrmEtl.Core.Loading;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Validation;

/// <summary>
/// Checks each source as the loader would, reading only the header (and DuckDB's sniffing
/// sample): the file exists, the canonical columns are there or mapped, each mapping expression
/// and <c>where</c> is valid SQL over the file's columns. It leaves behind what the loader makes,
/// with no rows: an empty raw table of the file's columns and types, and the canonical view over it.
/// </summary>
internal sealed class SourceCheck(DuckDBConnection connection, ValidationReport report, ConfigPlace config)
{
    public void BuildInputs(IReadOnlyDictionary<string, SourceSpec> sources)
    {
        foreach (var name in sources.Keys.Where(n => !CanonicalSources.All.Any(s => s.Name.Equals(n, StringComparison.OrdinalIgnoreCase))))
        {
            report.Problem($"{config.Key("--" + name, "sources", name)}: there is no source '{name}'; the sources are {string.Join(", ", CanonicalSources.All.Select(s => s.Name))}.");
        }

        foreach (var source in CanonicalSources.All)
        {
            if (!sources.TryGetValue(source.Name, out var spec) || !Check(source, spec))
            {
                CanonicalTableBuilder.BuildEmpty(connection, source);
            }
        }
    }

    private bool Check(CanonicalSource source, SourceSpec spec)
    {
        IReadOnlyList<string> files;
        try
        {
            files = SourceFiles.Resolve(spec.Path);
        }
        catch (CrmEtlException e)
        {
            report.Problem($"{config.Key("--" + source.Name, "sources", source.Name, "path")}: {e.Message}");
            return false;
        }

        report.SourceFiles += files.Count;
        var first = spec with { Path = files[0] };
        CsvLayout? layout = null;
        ColumnMapping? mapping = null;
        if (!report.Try(() =>
            {
                layout = CsvFileProbe.ReadLayout(connection, first);
                mapping = DateFormatMapping.Apply(source, first, ColumnMapping.Resolve(source, first, layout.Columns));
            }))
        {
            return false;
        }

        report.Try(() => mapping!.CheckRequired(source, first, layout!.Columns));
        foreach (var other in files.Skip(1))
        {
            CompareHeader(first, layout!, spec with { Path = other });
        }

        return CreateRawTable(source, first, layout!, mapping!) && CreateView(source, first, mapping!);
    }

    /// <summary>Every file of a folder or wildcard is loaded with the first one's mapping, so each needs its columns.</summary>
    private void CompareHeader(SourceSpec first, CsvLayout firstLayout, SourceSpec other)
    {
        report.Try(() =>
        {
            var columns = CsvFileProbe.ReadLayout(connection, other).Columns;
            var lacking = firstLayout.Columns.Where(c => !columns.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
            if (lacking.Count > 0)
            {
                report.Problem(
                    $"{other.Path}, line 1 (header): lacks {string.Join(", ", lacking.Select(c => $"'{c}'"))}, which {Path.GetFileName(first.Path)} has. " +
                    $"The file has: {string.Join(", ", columns)}.");
            }
        });
    }

    /// <summary>The raw table as the loader's reader would type it (mapped columns as the canonical types), from DuckDB's sniff of the file.</summary>
    private bool CreateRawTable(CanonicalSource source, SourceSpec spec, CsvLayout layout, ColumnMapping mapping)
    {
        var columnTypes = CsvColumnTypes.ReaderOptions(layout, CsvColumnTypes.Declared(source, mapping));
        return report.Try(() => DuckDbErrors.Translate(
            () =>
            {
                var columns = connection.Query<(string Name, string Type)>($"""
                    SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_csv({SqlText.Literal(spec.Path)},
                        header = true{columnTypes}{CsvSourceLoader.MissingValuesOption(spec)}{layout.ReaderOptions}))
                    """);
                connection.Execute($"CREATE OR REPLACE TABLE {source.RawTable} ({string.Join(", ", columns.Select(c => $"{SqlText.Identifier(c.Name)} {c.Type}"))})");
            },
            e => $"{spec.Path}: DuckDB's CSV reader cannot read the file: {e.FirstLine()}"));
    }

    /// <summary>The canonical view, after checking each mapping expression and the <c>where</c> on their own; one that fails is reported and left out.</summary>
    private bool CreateView(CanonicalSource source, SourceSpec spec, ColumnMapping mapping)
    {
        var expressions = new Dictionary<string, string>(mapping.Expressions, StringComparer.OrdinalIgnoreCase);
        foreach (var column in source.Columns.Where(c => mapping.Expressions.ContainsKey(c.Name) && !mapping.PlainFileColumns.ContainsKey(c.Name)))
        {
            var expression = mapping.Expressions[column.Name];
            if (Fails($"SELECT CAST(({expression}) AS {column.ReadType}) FROM {source.RawTable} LIMIT 0") is { } error)
            {
                report.Problem(
                    $"{config.Key(spec.Path, "sources", source.Name, "columns", column.Name)} (\"{expression}\") is not valid SQL over the columns of " +
                    $"{spec.Path} ({string.Join(", ", mapping.FileColumns)}): {error}");
                expressions.Remove(column.Name);
            }
        }

        foreach (var (name, expression) in mapping.ExtraAttributes)
        {
            if (Fails($"SELECT ({expression}) FROM {source.RawTable} LIMIT 0") is { } error)
            {
                report.Problem(
                    $"{config.Key(spec.Path, "sources", source.Name, "columns", name)} (\"{expression}\") is not valid SQL over the columns of " +
                    $"{spec.Path} ({string.Join(", ", mapping.FileColumns)}): {error}");
            }
        }

        if (spec.Where is { } where && Fails($"SELECT count(*) FROM {source.RawTable} WHERE {CanonicalTableBuilder.RowFilter(spec)}") is { } whereError)
        {
            report.Problem(
                $"{config.Key(spec.Path, "sources", source.Name, "where")} (\"{where}\") is not a valid SQL condition over the columns of " +
                $"{spec.Path} ({string.Join(", ", mapping.FileColumns)}): {whereError}");
            spec = spec with { Where = null };
        }

        var usable = mapping with
        {
            Expressions = expressions,
            ExtraAttributes = mapping.ExtraAttributes.Where(a => Fails($"SELECT ({a.Value}) FROM {source.RawTable} LIMIT 0") is null)
                .ToDictionary(a => a.Key, a => a.Value, StringComparer.OrdinalIgnoreCase),
        };
        return report.Try(() => CanonicalTableBuilder.Build(connection, source, spec, usable));
    }

    private string? Fails(string sql)
    {
        try
        {
            connection.Execute(sql);
            return null;
        }
        catch (DuckDBException e)
        {
            return e.FirstLine();
        }
    }
}
