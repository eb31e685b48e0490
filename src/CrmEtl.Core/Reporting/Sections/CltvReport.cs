using CrmEtl.Core.Modeling;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Reporting.Sections;

public sealed record CltvFitRow(string Model, string Status, double? LogLikelihood, long? Customers, string? Diagnostic, double? FrequencySpendCorrelation);

public sealed record CltvParam(string Model, string Param, double Value, double? StdError);

public sealed record CltvWarning(string Warning, long Customers);

public sealed record CltvSegmentRow(string Segment, long Customers, double ExpectedPurchases, double AvgClv, double TotalClv);

public sealed record CltvCustomer(string CustomerId, double Frequency, double? Monetary, double ExpectedPurchases, double? ProbabilityAlive, double Clv);

/// <summary>Section 9: the CLTV model, its fit in plain words, the A–D segments and the customers of highest predicted CLV.</summary>
public sealed record CltvReport(
    IReadOnlyList<CltvFitRow> Fits,
    IReadOnlyList<CltvParam> Parameters,
    IReadOnlyList<CltvWarning> Warnings,
    IReadOnlyList<CltvSegmentRow> Segments,
    IReadOnlyList<CltvCustomer> TopCustomers,
    int HorizonMonths)
{
    public const int TopCustomersShown = 10;

    public CltvFitRow? PurchaseModel => Fits.FirstOrDefault(f => f.Model != "gamma_gamma");

    public CltvFitRow? SpendModel => Fits.FirstOrDefault(f => f.Model == "gamma_gamma");

    public static CltvReport? Read(DuckDBConnection connection)
    {
        var fits = connection.Query<CltvFitRow>("""
            SELECT model AS Model, status AS Status, log_likelihood AS LogLikelihood, n_customers AS Customers, diagnostic AS Diagnostic,
                   frequency_spend_correlation AS FrequencySpendCorrelation
            FROM cltv_fit ORDER BY model = 'gamma_gamma', model
            """).ToList();
        if (fits.Count == 0 || fits.All(f => f.Status == CltvFitStatus.NotFitted.SqlName()))
        {
            return null;
        }

        var parameters = connection.Query<CltvParam>(
            "SELECT model AS Model, param AS Param, value AS Value, std_error AS StdError FROM cltv_params ORDER BY model = 'gamma_gamma', model").ToList();
        var warnings = connection.Query<CltvWarning>(
            "SELECT warning AS Warning, coalesce(customers, 0) AS Customers FROM cltv_warnings ORDER BY customers DESC NULLS LAST LIMIT 6").ToList();
        var segments = connection.Query<CltvSegmentRow>("""
            SELECT clv_segment AS Segment, count(*) AS Customers, coalesce(sum(expected_purchases), 0)::DOUBLE AS ExpectedPurchases,
                   avg(clv)::DOUBLE AS AvgClv, sum(clv)::DOUBLE AS TotalClv
            FROM cltv_predictions WHERE clv_segment IS NOT NULL
            GROUP BY clv_segment ORDER BY clv_segment
            """).ToList();
        var top = connection.Query<CltvCustomer>("""
            SELECT customer_id AS CustomerId, frequency AS Frequency, monetary AS Monetary, expected_purchases AS ExpectedPurchases,
                   p_alive AS ProbabilityAlive, clv AS Clv
            FROM cltv_predictions WHERE clv IS NOT NULL
            ORDER BY clv DESC, customer_id LIMIT $shown
            """, new { shown = TopCustomersShown }).ToList();
        var horizon = connection.ExecuteScalar<int?>("SELECT max(horizon_months) FROM cltv_fit") ?? 0;
        return new CltvReport(fits, parameters, warnings, segments, top, horizon);
    }
}
