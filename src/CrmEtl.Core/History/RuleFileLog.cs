using CrmEtl.Core.Reporting;
using DuckDB.NET.Data;

namespace CrmEtl.Core.History;

/// <summary>The rule tables a run read, by file name and content hash (<c>rule_files</c>), so two runs can be compared.</summary>
public sealed class RuleFileLog(DuckDBConnection connection)
{
    public const string CreateTable = "CREATE TABLE IF NOT EXISTS rule_files (run_id INTEGER, file VARCHAR, sha256 VARCHAR);";

    public void Record(int runId, IEnumerable<RuleFileHash> files)
    {
        using var appender = connection.CreateAppender("rule_files");
        foreach (var file in files)
        {
            appender.CreateRow().AppendValue(runId).AppendValue(file.Name).AppendValue(file.Sha256).EndRow();
        }
    }
}
