using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Loading;

/// <summary>What the run saw of returns (table purchase_returns, built by sql/010_transactions.sql), for its progress line.</summary>
public static class ReturnCounts
{
    public static string Describe(DuckDBConnection connection)
    {
        var exists = connection.ExecuteScalar<long>(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'purchase_returns' AND schema_name = 'main'") > 0;
        if (!exists)
        {
            return "no purchase_returns table";
        }

        var (lines, customers) = connection.QuerySingle<(long, long)>(
            "SELECT count(*), count(DISTINCT customer_id) FROM purchase_returns");
        var handling = connection.ExecuteScalar<string?>("SELECT getvariable('returns')");
        return lines == 0
            ? "0 return lines"
            : $"{lines:N0} return line(s) of {customers:N0} customer(s), {(handling == "drop" ? "dropped" : "netted against spend")} (returns = {handling})";
    }
}
