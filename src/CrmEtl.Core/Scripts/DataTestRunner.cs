using System.Diagnostics;
using System.Globalization;
using System.Text;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Scripts;

/// <summary>
/// Runs the data tests of <c>sql/tests/</c>: each is a query returning the rows that break a
/// rule. All tests run; the outcome says which returned rows, with a sample of each.
/// </summary>
public sealed class DataTestRunner(DuckDBConnection connection)
{
    private const int SampleRows = 5;

    /// <param name="suite">Names the tests in the failure message, e.g. "Data tests" or "Rule tests".</param>
    public DataTestOutcome Run(IEnumerable<SqlScript> tests, string suite = "Data tests")
    {
        var results = new List<ScriptResult>();
        var failures = new StringBuilder();
        foreach (var test in tests)
        {
            var stopwatch = Stopwatch.StartNew();
            var (count, sample) = Offenders(test);
            var passed = count == 0;
            results.Add(new ScriptResult(ScriptKind.Test, test.Name, test.Sha256, stopwatch.Elapsed, count, passed ? ScriptStatus.Passed : ScriptStatus.Failed,
                passed ? null : $"{count} offending row(s)"));
            if (!passed)
            {
                failures.Append(CultureInfo.InvariantCulture, $"\n- {test.Label}: {count} offending row(s), e.g.\n{sample}");
            }
        }

        return new DataTestOutcome(results, failures.Length > 0 ? suite + " failed:" + failures : null);
    }

    private (long Count, string Sample) Offenders(SqlScript test)
    {
        var query = SqlStatementSplitter.Split(test.Text) is [var only]
            ? only.Text
            : throw new CrmEtlException($"{test.Label}: a data test is exactly one query returning the offending rows.");

        return DuckDbErrors.Translate(
            () =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"SELECT * FROM ({query}) AS offenders";
                using var reader = command.ExecuteReader();
                var sample = new StringBuilder();
                long count = 0;
                while (reader.Read())
                {
                    if (count++ < SampleRows)
                    {
                        var fields = Enumerable.Range(0, reader.FieldCount)
                            .Select(i => $"{reader.GetName(i)}={(reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))}");
                        sample.Append("    ").AppendJoin(", ", fields).Append('\n');
                    }
                }

                return (count, sample.ToString());
            },
            e => $"{test.Label}: the data test does not run: {e.FirstLine()}");
    }
}

/// <param name="Failure">Null when every test passed; else the message that fails the run.</param>
public sealed record DataTestOutcome(IReadOnlyList<ScriptResult> Results, string? Failure);
