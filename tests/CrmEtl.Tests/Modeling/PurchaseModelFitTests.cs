using CrmEtl.Core;
using CrmEtl.Core.Modeling;

namespace CrmEtl.Tests.Modeling;

/// <summary>What every purchase model's fit and predictions must do, whatever the model.</summary>
public class PurchaseModelFitTests
{
    public static TheoryData<CltvModel> Models => new() { CltvModel.BgNbd, CltvModel.MbgNbd, CltvModel.ParetoNbd };

    [Theory]
    [MemberData(nameof(Models))]
    public void Fit_with_only_one_time_buyers_throws_a_clear_diagnostic(CltvModel model)
    {
        PurchaseHistory[] customers = [new(0, 0, 10), new(0, 0, 20), new(0, 0, 30)];

        var error = Assert.Throws<CrmEtlException>(() => Fit(model, customers));

        Assert.Contains($"The {model.SqlName()} model cannot be fitted: none of the 3 customers has a repeat purchase", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Fit_on_a_single_customer_is_flagged_as_not_identified(CltvModel model)
    {
        var fit = Fit(model, [new PurchaseHistory(3, 20, 30)]);

        Assert.Equal(FitStatus.OnBoundary, fit.Status);
        Assert.Contains("the data do not identify them", fit.Diagnostic, StringComparison.Ordinal);
        Assert.All(fit.Parameters, p => Assert.True(double.IsFinite(p.Value)));
    }

    /// <summary>The generating parameters, in the model's order; MBG/NBD has no simulation of its own.</summary>
    public static TheoryData<CltvModel, double[]> Simulated => new()
    {
        { CltvModel.BgNbd, [0.5, 6, 0.8, 2.5] },
        { CltvModel.ParetoNbd, [0.55, 10.6, 0.6, 11.7] },
    };

    [Theory]
    [MemberData(nameof(Simulated))]
    public void Fit_recovers_the_parameters_of_simulated_customers(CltvModel model, double[] generating)
    {
        var customers = model == CltvModel.BgNbd
            ? BgNbdSimulation.Generate(new BgNbdModel(generating[0], generating[1], generating[2], generating[3]), 20_000, acquisitionWindow: 52, seed: 7)
            : ParetoNbdSimulation.Generate(new ParetoNbdModel(generating[0], generating[1], generating[2], generating[3]), 20_000, acquisitionWindow: 52, seed: 7);

        var fit = Fit(model, customers);

        Assert.Equal(FitStatus.Converged, fit.Status);
        for (var j = 0; j < 4; j++)
        {
            var estimate = fit.Parameters[j];
            Assert.True(
                Math.Abs(estimate.Value - generating[j]) < 4 * estimate.StandardError!.Value,
                $"{estimate.Name}: {estimate.Value} ± {estimate.StandardError} vs {generating[j]}");
        }
    }

    /// <summary>Per parameter: whether it is a time scale (α, β: × 7 in days) and the tolerance of the comparison.</summary>
    public static TheoryData<CltvModel, string[], bool[], double[]> TimeUnitCases => new()
    {
        { CltvModel.BgNbd, ["r", "alpha", "a", "b"], [false, true, false, false], [1e-6, 1e-4, 1e-6, 1e-5] },
        { CltvModel.MbgNbd, ["r", "alpha", "a", "b"], [false, true, false, false], [1e-6, 1e-4, 1e-6, 1e-5] },
        { CltvModel.ParetoNbd, ["r", "alpha", "s", "beta"], [false, true, false, true], [1e-6, 1e-4, 1e-6, 1e-3] },
    };

    [Theory]
    [MemberData(nameof(TimeUnitCases))]
    public void Fit_does_not_depend_on_the_time_unit(CltvModel model, string[] names, bool[] timeScale, double[] tolerance)
    {
        var weeks = Fit(model, CdnowSample.Histories);
        var days = Fit(model, [.. CdnowSample.Histories.Select(h => new PurchaseHistory(h.Frequency, h.Recency * 7, h.T * 7))]);

        for (var j = 0; j < names.Length; j++)
        {
            Assert.Equal(weeks.Value(names[j]) * (timeScale[j] ? 7 : 1), days.Value(names[j]), tolerance[j]);
        }
    }

    /// <summary>The time scale of purchasing and the parameter that sets the dropout scale, which the penalizer pulls down.</summary>
    public static TheoryData<CltvModel, string> PenalizedParameters => new()
    {
        { CltvModel.BgNbd, "b" },
        { CltvModel.MbgNbd, "b" },
        { CltvModel.ParetoNbd, "beta" },
    };

    [Theory]
    [MemberData(nameof(PenalizedParameters))]
    public void Penalizer_shrinks_the_parameters(CltvModel model, string dropoutScale)
    {
        var plain = Fit(model, CdnowSample.Histories);
        var penalized = Fit(model, CdnowSample.Histories, penalizer: 0.01);

        Assert.True(penalized.Value("alpha") < plain.Value("alpha"));
        Assert.True(penalized.Value(dropoutScale) < plain.Value(dropoutScale));
        Assert.True(penalized.LogLikelihood < plain.LogLikelihood);
        Assert.Equal(0.01, penalized.Penalizer);
    }

    /// <summary>Parameter values per model: BG/NBD and MBG/NBD on a grid up to 60; Pareto/NBD decades apart (1e−4 … 1e5),
    /// where s = 1 is the removable singularity of E[Y(t)] and α, β far apart send the tail integral to quadrature.</summary>
    public static TheoryData<CltvModel, double[]> ParameterGrids => new()
    {
        { CltvModel.BgNbd, [0.02, 0.7, 1, 4, 60] },
        { CltvModel.MbgNbd, [0.02, 0.7, 1, 4, 60] },
        { CltvModel.ParetoNbd, [1e-4, 0.7, 1, 60, 1e5] },
    };

    [Theory]
    [MemberData(nameof(ParameterGrids))]
    public void Predictions_are_finite_over_a_wide_parameter_grid(CltvModel model, double[] values)
    {
        PurchaseHistory[] histories = [new(0, 0, 0), new(0, 0, 40), new(1, 0.1, 40), new(7, 30, 31), new(500, 51, 52)];
        double[] horizons = [0, 0.5, 26, 2000];

        foreach (var fitted in from p1 in values from p2 in values from p3 in values from p4 in values select Create(model, p1, p2, p3, p4))
        {
            foreach (var history in histories)
            {
                var alive = fitted.ProbabilityAlive(history);
                Assert.True(alive is >= 0 and <= 1, $"{fitted} {history}: P(alive) = {alive}");
                foreach (var t in horizons)
                {
                    var expected = fitted.ConditionalExpectedPurchases(t, history);
                    Assert.True(double.IsFinite(expected) && expected >= 0, $"{fitted} {history} t = {t}: {expected}");
                }
            }
        }
    }

    private static ModelFit Fit(CltvModel model, IReadOnlyList<PurchaseHistory> customers, double penalizer = 0) =>
        PurchaseModels.Fit(model, HistoryGroups.Build(customers.ToArray()), penalizer).Fit;

    private static IPurchaseModel Create(CltvModel model, double p1, double p2, double p3, double p4) => model switch
    {
        CltvModel.BgNbd => new BgNbdModel(p1, p2, p3, p4),
        CltvModel.MbgNbd => new MbgNbdModel(p1, p2, p3, p4),
        CltvModel.ParetoNbd => new ParetoNbdModel(p1, p2, p3, p4),
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, null),
    };
}
