namespace CrmEtl.Core.Modeling;

/// <summary>A model's log-likelihood over weighted data, with its analytic gradient, in log-parameter space.</summary>
internal interface ILogLikelihood
{
    CltvModel Model { get; }

    /// <summary>Parameter names in the order of the parameter vector, e.g. r, alpha, a, b.</summary>
    IReadOnlyList<string> ParameterNames { get; }

    /// <summary>Sum of the weights (the number of customers).</summary>
    double TotalWeight { get; }

    /// <summary>Number of distinct data rows the likelihood is summed over.</summary>
    int Groups { get; }

    /// <summary>Σ w·ln L at parameters exp(<paramref name="logParameters"/>); writes ∂/∂ln(parameter) into <paramref name="gradient"/>.</summary>
    double Evaluate(ReadOnlySpan<double> logParameters, Span<double> gradient);

    /// <summary>A data-scaled starting point (log parameters), so the time unit does not decide whether the fit converges.</summary>
    double[] StartingLogParameters();
}
