using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Modeling;

/// <summary>
/// Whether the CLTV fit runs beside the models that do not feed it, or after them. Beside them it fills the cores they
/// leave idle, but DuckDB then holds the fit's predictions (a TEMP table of about <see cref="BytesPerCustomer"/> bytes a
/// customer, until the post-fit scripts store it) while the models' hash tables and sorts need memory too, and queries
/// of two connections can pin more than DuckDB can spill: a hundred times the generated year (63M customers, 6 GB of
/// predictions) under an 8 GB run limit failed in 120_funnel that way. So the fit runs beside the models only while its
/// predictions take at most a quarter of DuckDB's memory limit, and after them otherwise, each then with the whole limit.
/// </summary>
public static class FitPlacement
{
    public const long BytesPerCustomer = 100;

    /// <summary>At most this share of DuckDB's memory limit may go to the predictions for the fit to run beside the models.</summary>
    private const double ShareBesideModels = 0.25;

    /// <param name="connection">The run's connection, once the scripts that build cltv_summary have run.</param>
    /// <param name="duckDbBytes">DuckDB's memory limit for the run.</param>
    public static bool BesideModels(DuckDBConnection connection, long duckDbBytes) =>
        BesideModels(connection.ExecuteScalar<long>("SELECT count(*) FROM cltv_summary"), duckDbBytes);

    public static bool BesideModels(long customers, long duckDbBytes) =>
        customers * BytesPerCustomer <= duckDbBytes * ShareBesideModels;
}
