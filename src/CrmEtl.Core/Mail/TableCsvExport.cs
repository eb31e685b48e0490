using Dapper;

namespace CrmEtl.Core.Mail;

/// <summary>Tables of the output database as CSV attachments (header line, comma, RFC 4180 quoting, as DuckDB writes them).</summary>
public static class TableCsvExport
{
    public static IReadOnlyList<MailAttachment> Export(string databasePath, IReadOnlyList<string> tables)
    {
        if (tables.Count == 0)
        {
            return [];
        }

        using var connection = Database.Open(databasePath, readOnly: true);
        var existing = connection.Query<string>("""
            SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main'
            UNION ALL
            SELECT view_name FROM duckdb_views() WHERE database_name = current_database() AND schema_name = 'main'
            """).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var attachments = new List<MailAttachment>();
        foreach (var table in tables)
        {
            if (!existing.Contains(table))
            {
                throw new CrmEtlException(
                    $"mail.attachments.tables: there is no table '{table}' in {databasePath}; see `crmetl sql \"SHOW TABLES\"` for the tables a run writes.");
            }

            var file = Path.Combine(Path.GetTempPath(), $"crmetl-{Guid.NewGuid():N}.csv");
            try
            {
                connection.Execute($"COPY (SELECT * FROM {SqlText.Identifier(table)}) TO {SqlText.Literal(file)} (FORMAT csv, HEADER)");
                attachments.Add(new MailAttachment(table + ".csv", "text", "csv", File.ReadAllBytes(file)));
            }
            finally
            {
                File.Delete(file);
            }
        }

        return attachments;
    }
}
