using System.Globalization;
using System.Text;
using CrmEtl.Core.Configuration;
using CrmEtl.Core.Loading;
using CrmEtl.Core.Scripts;
using DuckDB.NET.Data;

namespace CrmEtl.Tests.Analyses;

/// <summary>
/// An in-memory DuckDB prepared with the pipeline's own pieces, as a run prepares one before the
/// analysis scripts: empty canonical tables, every sql/rules/*.csv as a table, the parameters of
/// sql/parameters.csv as variables, the shared macros (as_of(), safe_ratio). Tests then load a fixture, run scripts by name and compare
/// the result with a reference: unit tests of the SQL, dbt-style.
/// </summary>
internal sealed class AnalysisDatabase : IDisposable
{
    private readonly DuckDBConnection connection = new("DataSource=:memory:");

    private AnalysisDatabase() => connection.Open();

    public static AnalysisDatabase Create(string asOf)
    {
        var database = new AnalysisDatabase();
        foreach (var source in CanonicalSources.All)
        {
            CanonicalTableBuilder.BuildEmpty(database.connection, source);
        }

        var catalog = ScriptCatalog.Discover(RepositoryFolders.Sql);
        RuleTableLoader.Load(database.connection, catalog.RuleFiles);
        var parameters = ParameterSet.Load(catalog.ParametersFile, new Dictionary<string, string>());
        parameters.SetAsOf(DateOnly.Parse(asOf, CultureInfo.InvariantCulture));
        parameters.Apply(database.connection);
        database.RunScript("shared_macros");
        return database;
    }

    public static string FixturePath(string name) =>
        Path.Combine(AppContext.BaseDirectory, "data", "rfm", name);

    public void Execute(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public List<object?[]> Rows(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(row);
        }
        return rows;
    }

    public T Scalar<T>(string sql) => (T)Convert.ChangeType(Rows(sql)[0][0]!, typeof(T), CultureInfo.InvariantCulture);

    /// <summary>Runs sql/NNN_{name}.sql, whatever its number, as the pipeline runs it.</summary>
    public void RunScript(string name)
    {
        var matches = Directory.GetFiles(RepositoryFolders.Sql, $"*_{name}.sql");
        Assert.True(matches.Length == 1, $"expected one sql/NNN_{name}.sql, found {matches.Length}");
        new ScriptRunner(connection).Run(ScriptKind.Model, [SqlScript.Read(RepositoryFolders.Sql, matches[0])]);
    }

    /// <summary>Runs sql/post_fit/NNN_{name}.sql, as the pipeline runs it after the CLTV fit.</summary>
    public void RunPostFitScript(string name)
    {
        var folder = Path.Combine(RepositoryFolders.Sql, "post_fit");
        var matches = Directory.GetFiles(folder, $"*_{name}.sql");
        Assert.True(matches.Length == 1, $"expected one sql/post_fit/NNN_{name}.sql, found {matches.Length}");
        new ScriptRunner(connection).Run(ScriptKind.PostFit, [SqlScript.Read(RepositoryFolders.Sql, matches[0])]);
    }

    /// <param name="perCustomerLists">Null: the formulation the memory limit picks; true or false: the lists, or the bounded one.</param>
    public void RunRfm(bool? perCustomerLists = null)
    {
        if (perCustomerLists is { } lists)
        {
            Execute($"SET VARIABLE per_customer_lists = {(lists ? "true" : "false")}");
        }

        RunScript("transactions");
        RunScript("pandas_compatible_macros");
        RunScript("customer_purchase_totals");
        RunScript("customer_rfm");
    }

    public void RunCltvSimple()
    {
        RunScript("transactions");
        RunScript("pandas_compatible_macros");
        RunScript("customer_purchase_totals");
        RunScript("customer_cltv_simple");
    }

    /// <summary>Loads a purchases file (seed 000's columns) with the pipeline's loader.</summary>
    public void LoadPurchases(string csvPath)
    {
        Execute("DROP TABLE purchases");
        new CsvSourceLoader(connection).Load(CanonicalSources.Purchases, SourceSpec.ForFile(csvPath), new List<RejectedRow>());
    }

    /// <summary>
    /// Every difference between <paramref name="table"/> and the reference CSV, one line per
    /// customer and column ("customer: column expected X, got Y"); missing or extra customers show
    /// as differences against NULL. Doubles are compared bit for bit: the reference writes them
    /// with Python's repr and DuckDB reads them back correctly rounded. Reference columns are read
    /// with DuckDB's detected types, except customer_id and <paramref name="textColumns"/> (VARCHAR).
    /// </summary>
    public List<string> Differences(
        string table, string referenceCsv, IReadOnlyList<string> columns, IReadOnlyList<string> textColumns)
    {
        var textTypes = string.Join(", ", textColumns.Prepend("customer_id").Select(column => $"'{column}': 'VARCHAR'"));
        Execute($$"""
            CREATE OR REPLACE TEMP TABLE reference AS
            SELECT * FROM read_csv('{{referenceCsv}}', header = true,
                                   types = {{{textTypes}}});
            """);
        var comparisons = new StringBuilder();
        foreach (var column in columns)
        {
            if (comparisons.Length > 0)
            {
                comparisons.Append(" UNION ALL ");
            }
            comparisons.Append(CultureInfo.InvariantCulture, $"""
                SELECT coalesce(expected.customer_id, actual.customer_id) || ': {column} expected '
                       || coalesce(expected.{column}::VARCHAR, 'NULL') || ', got ' || coalesce(actual.{column}::VARCHAR, 'NULL')
                FROM reference AS expected FULL JOIN {table} AS actual USING (customer_id)
                WHERE expected.{column} IS DISTINCT FROM actual.{column}
                """);
        }
        return Rows(comparisons.ToString()).Select(row => (string)row[0]!).ToList();
    }

    public void Dispose() => connection.Dispose();
}
