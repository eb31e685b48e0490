using System.Diagnostics;
using System.Globalization;
using CrmEtl.Core;
using CrmEtl.Core.Modeling;
using DuckDB.NET.Data;
using MathNet.Numerics.Distributions;

// One million customers from a BG/NBD (default) or Pareto/NBD process with CDNOW-like parameters (per week), first
// purchases spread over a year, purchase times cut to whole days as the SQL summary does; Gamma-Gamma spend for the repeat
// customers. Times the grouping, the fits and the predictions, then the whole CltvStage on an in-memory DuckDB.
// Arguments: [customers] [bgnbd|paretonbd]; the named model both generates the data and is fitted.
var customers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var modelName = args.Length > 1 ? args[1] : "bgnbd";
var truth = new BgNbdModel(0.243, 4.41, 0.793, 2.43);
// Fader, Hardie & Lee's Pareto/NBD estimates on CDNOW.
var paretoTruth = new ParetoNbdModel(0.553, 10.58, 0.606, 11.67);
var spendTruth = new GammaGammaModel(6.25, 3.74, 15.44);
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
if (!SqlNames.TryParse<CltvModel>(modelName, out var model) || model is not (CltvModel.BgNbd or CltvModel.ParetoNbd))
{
    Console.Error.WriteLine($"Unknown model '{modelName}'; use {CltvModel.BgNbd.SqlName()} or {CltvModel.ParetoNbd.SqlName()}.");
    return 1;
}

var pareto = model == CltvModel.ParetoNbd;
double[] generating = pareto ? [paretoTruth.R, paretoTruth.Alpha, paretoTruth.S, paretoTruth.Beta] : [truth.R, truth.Alpha, truth.A, truth.B];
PurchaseHistory[] Generate(int seed, double? daysPerTimeUnit) => pareto
    ? ParetoNbdSimulation.Generate(paretoTruth, customers, acquisitionWindow: 52, seed, daysPerTimeUnit)
    : BgNbdSimulation.Generate(truth, customers, acquisitionWindow: 52, seed, daysPerTimeUnit);
FittedPurchaseModel Fit(HistoryGroups groups) => pareto ? ParetoNbdModel.Fit(groups) : BgNbdModel.Fit(groups);
var label = pareto ? "Pareto/NBD" : "BG/NBD";

var clock = Stopwatch.StartNew();
var histories = Generate(42, 7);
var spend = Spend(histories, spendTruth, seed: 43);
Console.WriteLine($"generated {customers:N0} customers from {label} in {clock.Elapsed.TotalSeconds:F2} s ({histories.Count(h => h.Frequency > 0):N0} repeat buyers)");
Console.WriteLine($"cores: {Environment.ProcessorCount}, .NET {Environment.Version}");
Console.WriteLine();

for (var run = 1; run <= 3; run++)
{
    clock.Restart();
    var groups = HistoryGroups.Build(histories);
    var group = clock.Elapsed;

    clock.Restart();
    var fitted = Fit(groups);
    var fit = clock.Elapsed;

    clock.Restart();
    var clv = new CustomerLifetimeValue(fitted.Model, daysPerTimeUnit: 7, horizonMonths: 6, monthlyDiscountRate: 0.01);
    var forecasts = new HorizonForecast[groups.Histories.Count];
    var alive = new double[groups.Histories.Count];
    Parallel.For(0, groups.Histories.Count, g =>
    {
        forecasts[g] = clv.Forecast(groups.Histories[g]);
        alive[g] = fitted.Model.ProbabilityAlive(groups.Histories[g]);
    });
    var predict = clock.Elapsed;

    clock.Restart();
    var spendFit = GammaGammaModel.Fit([.. spend.Where(s => s.Frequency > 0)]);
    var gammaGamma = clock.Elapsed;

    Console.WriteLine($"run {run}: group {Ms(group)} ({groups.Histories.Count:N0} distinct histories) | {label} fit {Ms(fit)} " +
        $"({fitted.Fit.Iterations} iterations, {fitted.Fit.Optimiser}) | predict 6 months {Ms(predict)} | Gamma-Gamma fit {Ms(gammaGamma)} " +
        $"({spendFit.Fit.Groups:N0} rows)");
    if (run == 3)
    {
        Console.WriteLine();
        Report(fitted.Fit, generating);
        Report(spendFit.Fit, [spendTruth.P, spendTruth.Q, spendTruth.Gamma]);
    }
}

// Recovery without the whole-day cut: continuous times, every history distinct (the grouping's worst case).
clock.Restart();
var continuous = Generate(44, null);
var generated = clock.Elapsed;
clock.Restart();
var continuousGroups = HistoryGroups.Build(continuous);
var continuousGroup = clock.Elapsed;
clock.Restart();
var continuousFit = Fit(continuousGroups);
Console.WriteLine();
Console.WriteLine($"continuous times: generate {Ms(generated)} | group {Ms(continuousGroup)} ({continuousGroups.Histories.Count:N0} distinct histories) " +
    $"| {label} fit {Ms(clock.Elapsed)} ({continuousFit.Fit.Iterations} iterations)");
Report(continuousFit.Fit, generating);

Console.WriteLine();
using var connection = new DuckDBConnection("DataSource=:memory:");
connection.Open();
using (var command = connection.CreateCommand())
{
    command.CommandText = "CREATE TABLE cltv_summary (customer_id VARCHAR, frequency DOUBLE, recency DOUBLE, t DOUBLE, monetary DOUBLE)";
    command.ExecuteNonQuery();
}

using (var appender = connection.CreateAppender("cltv_summary"))
{
    for (var i = 0; i < customers; i++)
    {
        appender.CreateRow().AppendValue(i.ToString("D7", CultureInfo.InvariantCulture)).AppendValue(histories[i].Frequency)
            .AppendValue(histories[i].Recency).AppendValue(histories[i].T).AppendValue(spend[i].Monetary).EndRow();
    }
}

for (var run = 1; run <= 2; run++)
{
    var result = CltvStage.Run(connection, new CltvOptions(Model: model));
    var t = result.Timings;
    Console.WriteLine($"CltvStage run {run}: read {Ms(t.Read)} | group {Ms(t.Group)} | {label} fit {Ms(t.PurchaseFit)} | Gamma-Gamma fit {Ms(t.SpendFit)} " +
        $"| predict {Ms(t.Predict)} | write {Ms(t.Write)} | total {Ms(t.Total)}");
}

return 0;

static string Ms(TimeSpan span) => $"{span.TotalMilliseconds:F0} ms";

static void Report(ModelFit fit, double[] truth)
{
    Console.WriteLine($"{fit.Model.SqlName()}: {fit.Status}, log-likelihood {fit.LogLikelihood:F1}, gradient {fit.GradientNorm:G2}");
    for (var j = 0; j < truth.Length; j++)
    {
        var p = fit.Parameters[j];
        var z = p.StandardError is { } se ? (p.Value - truth[j]) / se : double.NaN;
        Console.WriteLine($"  {p.Name,-6} generating {truth[j],8:G4}  estimate {p.Value,9:G5} ± {p.StandardError,-9:G3} (z = {z:F1})");
    }
}

// Gamma-Gamma spend: ν ~ Gamma(q, γ) per customer; the mean of x spends ~ Gamma(p·x, ν·x).
static SpendHistory[] Spend(PurchaseHistory[] histories, GammaGammaModel model, int seed)
{
    var random = new Random(seed);
    return [.. histories.Select(h =>
    {
        var nu = Gamma.Sample(random, model.Q, model.Gamma);
        return new SpendHistory(h.Frequency, h.Frequency > 0 ? Gamma.Sample(random, model.P * h.Frequency, nu * h.Frequency) : 0);
    })];
}
