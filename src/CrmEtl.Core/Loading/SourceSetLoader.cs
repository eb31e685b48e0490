using CrmEtl.Core.Configuration;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Loading;

/// <summary>Loads every configured source; the canonical sources not configured become empty tables.</summary>
public static class SourceSetLoader
{
    /// <summary>Fails on an unknown source name before any file is read.</summary>
    public static void Validate(IReadOnlyDictionary<string, SourceSpec> sources)
    {
        foreach (var name in sources.Keys)
        {
            CanonicalSources.Find(name);
        }
    }

    public static IReadOnlyList<LoadedSource> LoadAll(
        DuckDBConnection connection, IReadOnlyDictionary<string, SourceSpec> sources, ICollection<RejectedRow> rejects)
    {
        var loader = new CsvSourceLoader(connection);
        var loaded = new List<LoadedSource>();
        foreach (var source in CanonicalSources.All)
        {
            if (sources.TryGetValue(source.Name, out var spec))
            {
                loaded.Add(loader.Load(source, spec, rejects));
            }
            else
            {
                CanonicalTableBuilder.BuildEmpty(connection, source);
            }
        }

        return loaded;
    }

    /// <summary>A source's rows for the load stage's line, with the rows left out and why.</summary>
    public static string Describe(LoadedSource input)
    {
        var leftOut = new List<string>();
        if (input.RowsLeftOutByWhere > 0)
        {
            leftOut.Add($"{input.RowsLeftOutByWhere:N0} left out by where");
        }

        if (input.RowsWithoutCustomerId > 0)
        {
            leftOut.Add($"{input.RowsWithoutCustomerId:N0} without a customer id");
        }

        if (input.Files.Count > 1)
        {
            leftOut.Add($"{input.RowsDroppedAsDuplicates:N0} repeated across files dropped");
        }

        var name = input.Files.Count > 1 ? $"{input.Name} {input.Rows:N0} from {input.Files.Count} files" : $"{input.Name} {input.Rows:N0}";
        return leftOut.Count == 0 ? name : $"{name} ({string.Join(", ", leftOut)})";
    }

    public static string? MissingCustomerIdWarning(LoadedSource input) =>
        input.RowsWithoutCustomerId == 0
            ? null
            : $"{input.FirstFileWithoutCustomerId ?? input.Path}: {input.RowsWithoutCustomerId:N0} row(s) have no customer id (first at line {input.FirstLineWithoutCustomerId}); " +
              "they are left out of every analysis. The lines are in table load_rejects (error_type 'MISSING CUSTOMER ID'); " +
              "if the export writes a missing id some other way, list it in \"missing\" for this source in crmetl.json.";

    public static string? EmptyFilesWarning(LoadedSource input) =>
        input.EmptyFilesSkipped.Count == 0
            ? null
            : $"{input.Path}: skipped {input.EmptyFilesSkipped.Count} empty file(s) (0 bytes, not even a header): " +
              $"{string.Join(", ", input.EmptyFilesSkipped.Select(System.IO.Path.GetFileName))}; if an export failed, export it again.";
}
