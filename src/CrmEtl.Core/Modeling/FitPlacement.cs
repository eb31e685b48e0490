using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Modeling;

/// <summary>
/// Whether the CLTV fit runs beside the models that do not feed it, or after them. Beside them it fills the cores they
/// leave idle, but DuckDB then holds the fit's predictions (a TEMP table of about <see cref="BytesPerCustomer"/> bytes a
/// customer, until the post-fit scripts store it) through the rest of the models, whose sorts and hash tables need the
/// same memory: at a hundred times the generated year that is 6.3 GB, more than DuckDB's whole share of an 8 GB run,
/// which it must write out to its temp directory and read back. So the fit runs beside the models only while its
/// predictions take at most a quarter of DuckDB's memory limit, and after them otherwise, each then with the whole limit.
/// </summary>
public static class FitPlacement
{
    public const long BytesPerCustomer = 100;

    /// <summary>What the run says when the fit waits for the models.</summary>
    public const string AfterModelsNote =
        "cltv fit: after the models, not beside them: its predictions would take more than a quarter of DuckDB's memory limit";

    /// <summary>At most this share of DuckDB's memory limit may go to the predictions for the fit to run beside the models.</summary>
    private const double ShareBesideModels = 0.25;

    /// <param name="connection">The run's connection, once the scripts that build cltv_summary have run.</param>
    /// <param name="duckDbBytes">DuckDB's memory limit for the run.</param>
    public static bool BesideModels(DuckDBConnection connection, long duckDbBytes) =>
        BesideModels(connection.ExecuteScalar<long>("SELECT count(*) FROM cltv_summary"), duckDbBytes);

    public static bool BesideModels(long customers, long duckDbBytes) =>
        customers * BytesPerCustomer <= duckDbBytes * ShareBesideModels;
}
