using DuckDB.NET.Data;

namespace CrmEtl.Core;

/// <summary>Opens the output database with a message a user can act on when it cannot be.</summary>
public static class Database
{
    public static DuckDBConnection Open(string path, bool readOnly = false)
    {
        if (readOnly && !File.Exists(path))
        {
            throw new CrmEtlException($"{path}: database not found. Run `crmetl run` first, or pass --db.");
        }

        var connection = new DuckDBConnection($"DataSource={path}{(readOnly ? ";ACCESS_MODE=READ_ONLY" : string.Empty)}");
        try
        {
            DuckDbErrors.Translate(connection.Open, e => $"{path}: cannot open the database: {e.FirstLine()}");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
