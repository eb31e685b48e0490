using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Modeling;

/// <summary>
/// The probabilistic CLTV stage: reads cltv_summary, fits the purchase model (BG/NBD, MBG/NBD or Pareto/NBD) on the grouped
/// (x, t_x, T) histories and Gamma-Gamma on the repeat customers' spend, predicts per customer, and writes cltv_params,
/// cltv_fit, cltv_predictions and cltv_warnings (see <see cref="CltvTables"/>); with a holdout period it also validates the
/// purchase model on it (cltv_holdout, cltv_tracking: see <see cref="HoldoutValidation"/>, <see cref="HoldoutTables"/>).
/// Customers a model cannot take are left out of it with a counted warning and get NULL predictions; a summary without
/// customers, without repeat buyers, or with an infinite-mean spend fit gives tables with NULLs and a warning. A fit that
/// fails to converge throws <see cref="CrmEtlException"/> with the optimiser's diagnostic.
/// </summary>
public static class CltvStage
{
    /// <summary>Above this |correlation| between frequency and spend, the Gamma-Gamma independence assumption is doubtful.</summary>
    private const double CorrelationWarningLevel = 0.3;

    /// <summary>The relations the stage reads: built by the SQL models before it.</summary>
    public static IReadOnlyList<string> Reads { get; } = ["cltv_summary", "cltv_holdout_actuals", "cltv_tracking_actuals", "purchases"];

    /// <summary>The relations the stage writes.</summary>
    public static IReadOnlyList<string> Writes { get; } = [
        "cltv_params", "cltv_fit", "cltv_history_forecasts", "cltv_predictions", "cltv_warnings", "cltv_holdout", "cltv_tracking"];

    public static CltvResult Run(DuckDBConnection connection, CltvOptions options, MemoryBudget? memory = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        var n = CltvSummary.Count(connection);
        var warnings = new List<CltvWarning>();
        var fits = new List<CltvFitRow>();
        if (n == 0)
        {
            warnings.Add(new CltvWarning("cltv_summary is empty: no CLTV model was fitted", 0));
            var noHoldout = HoldoutValidation.Run(connection, options, n, null, warnings);
            CltvTables.WriteHistoryForecasts(connection, HistoryGroups.FromCounts([]), null);
            CltvTables.Write(connection, options, [], fits, warnings);
            HoldoutTables.Write(connection, noHoldout);
            return new CltvResult(0, null, null, warnings, new CltvTimings(Lap(clock), TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, Lap(clock)));
        }

        var histories = CltvSummary.Histories(connection);
        var read = Lap(clock);
        var valid = ValidHistories(histories, warnings);
        var groups = HistoryGroups.FromCounts(valid.Select(h => (h.History, (double)h.Customers)));
        var group = Lap(clock);

        var purchases = FitPurchases(options, groups, warnings, fits);
        var forecasts = purchases is null ? null : Forecast(options, purchases.Model, groups);
        // The histories the models take, with their forecasts: the spend fit reads its customers through them, and each
        // customer's predictions are theirs joined on (x, t_x, T).
        CltvTables.WriteHistoryForecasts(connection, groups, forecasts);
        var purchaseFit = Lap(clock);

        var (spenders, spend) = FitSpend(options, connection, valid, groups, warnings, fits, memory ?? MemoryBudget.None);
        var spendFit = Lap(clock);

        var holdout = HoldoutValidation.Run(connection, options, n, purchases?.Model, warnings);
        var spendValues = SpendValues(spenders, spend?.Model);
        var predict = Lap(clock);

        CltvTables.Write(connection, options, spendValues, fits, warnings);
        HoldoutTables.Write(connection, holdout);
        return new CltvResult(n, purchases, spend, warnings, new CltvTimings(read, group, purchaseFit, spendFit, predict, Lap(clock)));
    }

    /// <summary>The histories a purchase model can take; the customers of the others are counted by reason.</summary>
    private static List<HistoryCount> ValidHistories(List<HistoryCount> histories, List<CltvWarning> warnings)
    {
        var problems = new Dictionary<string, long>();
        var valid = new List<HistoryCount>(histories.Count);
        foreach (var count in histories)
        {
            if (count.History.Problem() is { } problem)
            {
                problems[problem] = problems.GetValueOrDefault(problem) + count.Customers;
            }
            else
            {
                valid.Add(count);
            }
        }

        warnings.AddRange(problems.Select(p => new CltvWarning($"left out of the CLTV models, predictions NULL: {p.Key}", p.Value)));

        // Repeat purchases on the day of the first purchase cannot happen when frequency = distinct purchase days − 1;
        // this pattern means frequency counts all purchases (a one-time buyer would then have frequency 1).
        var sameDayRepeats = valid.Where(h => h.History.Frequency > 0 && h.History.Recency == 0).Sum(h => h.Customers);
        if (sameDayRepeats > 0)
        {
            warnings.Add(new CltvWarning(
                "customers have frequency > 0 but recency 0; frequency must count repeat purchase days (distinct purchase days − 1, " +
                "0 for a one-time buyer), not all purchases", sameDayRepeats));
        }

        return valid;
    }

    /// <summary>
    /// A fit that finds no optimum does not stop the run (the funnel and RFM stand on their own): the model is
    /// recorded as failed with the optimiser's diagnostic, a warning says so, and its predictions stay NULL.
    /// </summary>
    private static void RecordFailedFit(CltvModel model, CrmEtlException failure, string consequence, long customers, List<CltvWarning> warnings, List<CltvFitRow> fits)
    {
        warnings.Add(new CltvWarning($"{model.SqlName()} fit failed, {consequence}: {failure.Message}", customers));
        fits.Add(new CltvFitRow(model, CltvFitStatus.Failed, null, null, failure.Message));
    }

    private static FittedPurchaseModel? FitPurchases(CltvOptions options, HistoryGroups groups, List<CltvWarning> warnings, List<CltvFitRow> fits)
    {
        var repeatBuyers = (long)groups.Histories.Select((h, g) => h.Frequency > 0 ? groups.Weights[g] : 0).Sum();
        if (repeatBuyers == 0)
        {
            var reason = "no customer has a repeat purchase (every frequency is 0), so purchase rates and dropout cannot be estimated; " +
                "expected_purchases, p_alive and clv are NULL";
            warnings.Add(new CltvWarning($"{options.Model.SqlName()} not fitted: {reason}", (long)groups.Customers));
            fits.Add(new CltvFitRow(options.Model, CltvFitStatus.NotFitted, null, null, reason));
            return null;
        }

        FittedPurchaseModel fitted;
        try
        {
            fitted = PurchaseModels.Fit(options.Model, groups, options.Penalizer);
        }
        catch (CrmEtlException failure)
        {
            RecordFailedFit(options.Model, failure, "expected_purchases, p_alive and clv are NULL", (long)groups.Customers, warnings, fits);
            return null;
        }

        var fit = fitted.Fit;
        if (fit.Status == FitStatus.OnBoundary)
        {
            warnings.Add(new CltvWarning($"{options.Model.SqlName()} fit is on a boundary: {fit.Diagnostic}", (long)fit.Customers));
        }

        fits.Add(new CltvFitRow(options.Model, CltvFitStatuses.From(fit.Status), fit, null, fit.Diagnostic));
        return fitted;
    }

    /// <returns>The repeat customers' spend histories the fit took (grouped), and the fitted model (null when none was fitted).</returns>
    private static (SpendGroups Spenders, FittedSpendModel? Model) FitSpend(
        CltvOptions options, DuckDBConnection connection, List<HistoryCount> validHistories, HistoryGroups groups, List<CltvWarning> warnings, List<CltvFitRow> fits,
        MemoryBudget memory)
    {
        var oneTime = validHistories.Where(h => h.History.Frequency == 0).ToList();
        long oneTimeBuyers = oneTime.Sum(h => h.Customers), oneTimeWithSpend = oneTime.Sum(h => h.WithSpend), badSpend = 0;
        var repeatCustomers = validHistories.Where(h => h.History.Frequency > 0).Sum(h => h.Customers);
        memory.Hold(SpendGroups.BytesFor(repeatCustomers));
        var spenders = new SpendGroups(repeatCustomers);
        foreach (var (history, customers) in CltvSummary.RepeatSpendOfModelledHistories(connection))
        {
            if (history.Problem() is null)
            {
                spenders.AddSorted(history, customers);
            }
            else
            {
                badSpend += customers;
            }
        }

        AddIfAny(warnings, "one-time buyers (frequency 0) are not used to fit Gamma-Gamma; they are valued at its population mean spend", oneTimeBuyers);
        AddIfAny(warnings, "one-time buyers have a non-zero monetary, which is ignored: monetary is the mean spend of repeat purchases", oneTimeWithSpend);
        AddIfAny(warnings, "repeat customers with zero, negative or missing monetary are left out of Gamma-Gamma; expected_avg_value and clv are NULL", badSpend);
        if (spenders.Count == 0)
        {
            const string reason = "no repeat customer has a positive spend; expected_avg_value and clv are NULL";
            warnings.Add(new CltvWarning($"{CltvModel.GammaGamma.SqlName()} not fitted: {reason}", (long)groups.Customers));
            fits.Add(new CltvFitRow(CltvModel.GammaGamma, CltvFitStatus.NotFitted, null, null, reason));
            return (spenders, null);
        }

        FittedSpendModel fitted;
        try
        {
            fitted = GammaGammaModel.Fit(spenders, options.Penalizer);
        }
        catch (CrmEtlException failure)
        {
            RecordFailedFit(CltvModel.GammaGamma, failure, "expected_avg_value and clv are NULL", spenders.Count, warnings, fits);
            return (spenders, null);
        }

        var fit = fitted.Fit;
        var status = CltvFitStatuses.From(fit.Status);
        var diagnostic = fit.Diagnostic;
        if (!fitted.Model.HasFiniteMeanSpend)
        {
            status = CltvFitStatus.InfiniteMean;
            diagnostic = string.Create(CultureInfo.InvariantCulture,
                $"q = {fitted.Model.Q:G4} ≤ 1: the fitted spend distribution has no finite mean, so it gives no expected spend; expected_avg_value and clv are NULL");
            warnings.Add(new CltvWarning($"{CltvModel.GammaGamma.SqlName()}: {diagnostic}", (long)groups.Customers));
        }
        else if (fit.Status == FitStatus.OnBoundary)
        {
            warnings.Add(new CltvWarning($"{CltvModel.GammaGamma.SqlName()} fit is on a boundary: {diagnostic}", spenders.Count));
        }

        if (fitted.FrequencySpendCorrelation is { } correlation && Math.Abs(correlation) > CorrelationWarningLevel)
        {
            warnings.Add(new CltvWarning(string.Create(CultureInfo.InvariantCulture,
                $"frequency and mean spend are correlated (r = {correlation:F2}); Gamma-Gamma assumes they are independent, so expected_avg_value may be biased"),
                spenders.Count));
        }

        fits.Add(new CltvFitRow(CltvModel.GammaGamma, status, fit, fitted.FrequencySpendCorrelation, diagnostic));
        return (spenders, fitted);
    }

    /// <summary>Expected purchases over the horizon, P(alive) and discounted purchases, once per distinct history.</summary>
    private static HistoryForecasts Forecast(CltvOptions options, IPurchaseModel model, HistoryGroups groups)
    {
        var clv = new CustomerLifetimeValue(model, options.DaysPerTimeUnit, options.HorizonMonths, options.MonthlyDiscountRate);
        var count = groups.Histories.Count;
        var forecasts = new HorizonForecast[count];
        var alive = new double[count];
        Parallel.For(0, count, g =>
        {
            forecasts[g] = clv.Forecast(groups.Histories[g]);
            alive[g] = model.ProbabilityAlive(groups.Histories[g]);
        });
        return new HistoryForecasts(forecasts, alive);
    }

    /// <summary>
    /// The Gamma-Gamma expected spend per purchase, once per distinct (x, m̄) of the repeat customers the fit took, and for
    /// the one-time buyers (x = 0, keyed with m̄ = 0: they get the population mean, whatever their monetary). Null where the
    /// model gives none (infinite mean); no values at all without a model.
    /// </summary>
    private static List<SpendValue> SpendValues(SpendGroups spenders, GammaGammaModel? model)
    {
        if (model is null)
        {
            return [];
        }

        var values = new List<SpendValue>(spenders.Count + 1) { new(0, 0, model.PopulationMeanSpend) };
        for (var g = 0; g < spenders.Count; g++)
        {
            values.Add(new SpendValue(spenders.Frequency[g], spenders.Monetary[g], model.ConditionalExpectedAverageValue(spenders.Frequency[g], spenders.Monetary[g])));
        }

        return values;
    }

    private static void AddIfAny(List<CltvWarning> warnings, string text, long count)
    {
        if (count > 0)
        {
            warnings.Add(new CltvWarning(text, count));
        }
    }

    private static TimeSpan Lap(Stopwatch clock)
    {
        var elapsed = clock.Elapsed;
        clock.Restart();
        return elapsed;
    }
}

/// <summary>The purchase model's forecasts, one per distinct history (indexed as <see cref="HistoryGroups.Histories"/>).</summary>
internal sealed record HistoryForecasts(HorizonForecast[] Horizon, double[] ProbabilityAlive);
