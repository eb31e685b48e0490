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

    /// <summary>The default as-of date: the last purchase in the data (or, without purchases, the last dated row).</summary>
    public static DateOnly LatestDate(DuckDBConnection connection)
    {
        var latest = connection.ExecuteScalar<DateTime?>("""
            SELECT coalesce(
                (SELECT max(purchase_date) FROM purchases),
                (SELECT max(last_purchase_date) FROM customers),
                (SELECT max(lead_date) FROM leads),
                (SELECT max(date) FROM ads))::TIMESTAMP
            """);
        return latest is { } date
            ? DateOnly.FromDateTime(date)
            : throw new CrmEtlException("The inputs hold no dates to take the as-of date from; give one with --as-of YYYY-MM-DD.");
    }
}
