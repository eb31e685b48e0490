using System.Globalization;
using System.Text;
using DuckDB.NET.Data;

namespace CrmEtl.Tests.Analyses;

/// <summary>
/// An in-memory DuckDB prepared as the pipeline prepares one before the analysis scripts run:
/// the canonical tables (empty), every sql/rules/*.csv loaded as a table, the parameter defaults
/// of sql/rules/parameters.csv set as variables. Tests then load a fixture, run scripts by name
/// and compare the result with a reference.
/// </summary>
internal sealed class AnalysisDatabase : IDisposable
{
    private const string CanonicalTables = """
        CREATE TABLE purchases(customer_id VARCHAR, purchase_date DATE, transaction_id VARCHAR, sku VARCHAR,
                               price DOUBLE, qty DOUBLE, amount DOUBLE, source_line BIGINT);
        CREATE TABLE leads(lead_date DATE, customer_id VARCHAR, campaign_id VARCHAR, source VARCHAR,
                           sku_interest VARCHAR, source_line BIGINT);
        CREATE TABLE ads(date DATE, campaign_id VARCHAR, source VARCHAR, impressions BIGINT, clicks BIGINT,
                         spend DOUBLE, leads BIGINT, conversions BIGINT, source_line BIGINT);
        CREATE TABLE customers(customer_id VARCHAR, first_purchase_date DATE, last_purchase_date DATE,
                               frequency DOUBLE, monetary DOUBLE, source_line BIGINT);
        """;

    private readonly DuckDBConnection _connection = new("DataSource=:memory:");

    private AnalysisDatabase() => _connection.Open();

    public static AnalysisDatabase Create(string asOf)
    {
        var database = new AnalysisDatabase();
        database.Execute(CanonicalTables);
        database.LoadRuleTables();
        database.Execute($"SET VARIABLE as_of = DATE '{asOf}'");
        return database;
    }

    public static string FixturePath(string name) =>
        Path.Combine(AppContext.BaseDirectory, "data", "rfm", name);

    public void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public List<object?[]> Rows(string sql)
    {
        using var command = _connection.CreateCommand();
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

    /// <summary>Runs sql/NNN_{name}.sql, whatever its number.</summary>
    public void RunScript(string name)
    {
        var matches = Directory.GetFiles(RepositoryFolders.Sql, $"*_{name}.sql");
        Assert.True(matches.Length == 1, $"expected one sql/NNN_{name}.sql, found {matches.Length}");
        Execute(File.ReadAllText(matches[0]));
    }

    public void RunRfm()
    {
        RunScript("pandas_compatible_macros");
        RunScript("customer_purchase_totals");
        RunScript("customer_rfm");
    }

    public void RunCltvSimple()
    {
        RunScript("pandas_compatible_macros");
        RunScript("customer_purchase_totals");
        RunScript("customer_cltv_simple");
    }

    /// <summary>
    /// Loads a fixture shaped like seed 000's purchases (transaction_id, purchase_date, customer_id,
    /// sku, price, qty) into the canonical table, as the loader maps it: amount = price × qty,
    /// source_line = line in the file (the table's rowid follows insertion order, i.e. file order).
    /// </summary>
    public void LoadPurchases(string csvPath)
    {
        Execute($"""
            CREATE TEMP TABLE raw_purchases AS SELECT * FROM read_csv('{csvPath}', header = true, all_varchar = true);
            INSERT INTO purchases
            SELECT customer_id, purchase_date::DATE, transaction_id, sku, price::DOUBLE, qty::DOUBLE,
                   price::DOUBLE * qty::DOUBLE, rowid + 2
            FROM raw_purchases;
            DROP TABLE raw_purchases;
            """);
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

    public void Dispose() => _connection.Dispose();

    private void LoadRuleTables()
    {
        foreach (var path in Directory.GetFiles(Path.Combine(RepositoryFolders.Sql, "rules"), "*.csv"))
        {
            Execute($"CREATE TABLE {Path.GetFileNameWithoutExtension(path)} AS SELECT * FROM read_csv('{path}', header = true)");
        }
        foreach (var row in Rows("SELECT name, value::VARCHAR, type FROM parameters"))
        {
            Execute($"SET VARIABLE {row[0]} = CAST('{row[1]}' AS {row[2]})");
        }
    }
}
