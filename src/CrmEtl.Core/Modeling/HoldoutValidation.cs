using System.Globalization;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Modeling;

/// <summary>One row of cltv_holdout: a calibration customer's history, predicted and actual holdout purchases.</summary>
internal sealed record HoldoutCustomerRow(string CustomerId, PurchaseHistory History, double HoldoutLength, double Predicted, long Actual);

/// <summary>One row of cltv_tracking: a period's actual and expected repeat purchases, and both cumulated.</summary>
internal sealed record TrackingRow(TrackingPeriod Period, double Expected, long CumulativeActual, double CumulativeExpected);

/// <summary>What the holdout validation writes (both empty when no holdout is set); the customers are streamed, read once.</summary>
internal sealed record HoldoutOutcome(IEnumerable<HoldoutCustomerRow> Customers, IReadOnlyList<TrackingRow> Tracking)
{
    public static HoldoutOutcome None { get; } = new([], []);
}

/// <summary>
/// Calibration / holdout validation (Fader, Hardie &amp; Lee 2005, §4): the model fitted on the calibration period
/// (purchases up to the as-of date) predicts, per customer, the purchases in the holdout period of length t* from the
/// conditional expectation E[Y(t*) | x, t_x, T] (eq. 10), and, for the tracking plot, the repeat purchases of the whole
/// group per period from each cohort's unconditional E[X(t)] (<see cref="CohortExpectedPurchases"/>). The actuals come
/// from SQL (<see cref="HoldoutActuals"/>). Predictions are NaN (NULL in the tables) when no purchase model was fitted
/// or the customer's history is one the model cannot take.
/// </summary>
internal static class HoldoutValidation
{
    public static HoldoutOutcome Run(DuckDBConnection connection, CltvOptions options, long summaryRows, IPurchaseModel? model, List<CltvWarning> warnings)
    {
        if (options.Holdout is not { } holdout)
        {
            return HoldoutOutcome.None;
        }

        var actuals = HoldoutActuals.Read(connection);
        if (actuals.Customers == 0)
        {
            if (summaryRows > 0)
            {
                warnings.Add(new CltvWarning(
                    "cltv_holdout_end is set but no calibration customer has purchases to count (holdout validation needs the purchases " +
                    "source, not the customer summary export); cltv_holdout and cltv_tracking are empty", summaryRows));
            }

            return HoldoutOutcome.None;
        }

        if (actuals.LastPurchaseDate is { } last && last < holdout.HoldoutEnd)
        {
            warnings.Add(new CltvWarning(string.Create(CultureInfo.InvariantCulture,
                $"the holdout period ends on {holdout.HoldoutEnd:yyyy-MM-dd}, after the last purchase in the data ({last:yyyy-MM-dd}): purchases after it are missing from the actuals, so the predictions will look too high"),
                actuals.Customers));
        }

        var holdoutLength = holdout.Days / options.DaysPerTimeUnit;
        var customers = Customers(connection, model, holdoutLength);
        var tracking = model is null
            ? Track(actuals.Periods, null)
            : Track(actuals.Periods, new CohortExpectedPurchases(model, actuals.Cohorts, options.DaysPerTimeUnit, holdout.HoldoutEnd));
        return new HoldoutOutcome(customers, tracking);
    }

    /// <summary>
    /// E[Y(t*) | x, t_x, T] for each history (FHL 2005, eq. 10), computed once per distinct history; NaN for a history
    /// the model cannot take.
    /// </summary>
    public static double[] PredictHoldoutPurchases(IPurchaseModel model, IReadOnlyList<PurchaseHistory> histories, double holdoutLength)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(histories);
        var predicted = new double[histories.Count];
        Array.Fill(predicted, double.NaN);
        var valid = Enumerable.Range(0, histories.Count).Where(i => histories[i].Problem() is null).ToList();
        var groups = HistoryGroups.Build([.. valid.Select(i => histories[i])]);
        var byGroup = new double[groups.Histories.Count];
        Parallel.For(0, byGroup.Length, g => byGroup[g] = model.ConditionalExpectedPurchases(holdoutLength, groups.Histories[g]));
        foreach (var i in valid)
        {
            predicted[i] = byGroup[groups.IndexOf(histories[i])];
        }

        return predicted;
    }

    /// <summary>
    /// The customers of cltv_summary whose holdout purchases SQL counted, streamed: the predictions are computed once per
    /// distinct history before the rows are read, and no row is kept.
    /// </summary>
    private static IEnumerable<HoldoutCustomerRow> Customers(DuckDBConnection connection, IPurchaseModel? model, double holdoutLength)
    {
        var byHistory = new Dictionary<PurchaseHistory, double>();
        if (model is not null)
        {
            var histories = CltvSummary.HoldoutHistories(connection);
            var predicted = PredictHoldoutPurchases(model, histories, holdoutLength);
            for (var i = 0; i < histories.Count; i++)
            {
                byHistory[histories[i]] = predicted[i];
            }
        }

        return CltvSummary.WithHoldoutActuals(connection).Select(r => new HoldoutCustomerRow(
            r.Row.CustomerId!, r.Row.History, holdoutLength, byHistory.GetValueOrDefault(r.Row.History, double.NaN), r.ActualHoldoutPurchases));
    }

    /// <summary>Expected repeat purchases per period (NaN without a model), and the running totals of both sides.</summary>
    private static List<TrackingRow> Track(IReadOnlyList<TrackingPeriod> periods, CohortExpectedPurchases? expected)
    {
        var rows = new List<TrackingRow>(periods.Count);
        long cumulativeActual = 0;
        foreach (var period in periods)
        {
            cumulativeActual += period.ActualRepeatPurchases;
            var cumulativeExpected = expected?.CumulativeThrough(period.End) ?? double.NaN;
            var inPeriod = expected is null ? double.NaN : cumulativeExpected - expected.CumulativeThrough(period.Start.AddDays(-1));
            rows.Add(new TrackingRow(period, inPeriod, cumulativeActual, cumulativeExpected));
        }

        return rows;
    }
}
