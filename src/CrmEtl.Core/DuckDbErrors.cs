using DuckDB.NET.Data;

namespace CrmEtl.Core;

/// <summary>
/// Runs work against DuckDB and turns its error into a user error that says what was being done:
/// a DuckDB error there is the user's query, script, mapping or file, not a bug.
/// </summary>
public static class DuckDbErrors
{
    public static T Translate<T>(Func<T> work, Func<DuckDBException, string> message)
    {
        try
        {
            return work();
        }
        catch (DuckDBException e)
        {
            throw new CrmEtlException(message(e), e);
        }
    }

    public static void Translate(Action work, Func<DuckDBException, string> message) =>
        Translate(() =>
        {
            work();
            return true;
        }, message);

    /// <summary>DuckDB's own line: what follows it (candidates tried, possible fixes) is noise in a one-line error.</summary>
    public static string FirstLine(string message) => message.Split('\n')[0].Trim();

    public static string FirstLine(this DuckDBException error) => FirstLine(error.Message);
}
