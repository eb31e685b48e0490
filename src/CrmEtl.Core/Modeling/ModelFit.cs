namespace CrmEtl.Core.Modeling;

/// <summary>How a maximum-likelihood fit ended. Fits that fail outright throw <see cref="CrmEtlException"/>.</summary>
public enum FitStatus
{
    /// <summary>Interior optimum: zero gradient, positive-definite Hessian; standard errors available.</summary>
    Converged,

    /// <summary>The likelihood keeps improving towards a parameter limit (e.g. b → ∞) or is flat in some direction;
    /// predictions are the limit's, standard errors of the affected parameters are unavailable. See <see cref="ModelFit.Diagnostic"/>.</summary>
    OnBoundary,
}

/// <summary>A fitted parameter; the standard error is from the inverse Hessian by the delta method, null when it does not exist.</summary>
public sealed record ParameterEstimate(string Name, double Value, double? StandardError);

/// <summary>The outcome of a maximum-likelihood fit.</summary>
/// <param name="Model">The model fitted.</param>
/// <param name="Parameters">Estimates in the model's parameter order.</param>
/// <param name="LogLikelihood">Log-likelihood at the estimates (without the penalizer term).</param>
/// <param name="Customers">Customers the model was fitted on (sum of weights).</param>
/// <param name="Groups">Distinct data rows the likelihood was summed over.</param>
/// <param name="Status">Converged or on a boundary.</param>
/// <param name="Optimiser">The route that produced the estimates, e.g. "BFGS + Newton".</param>
/// <param name="Iterations">Optimiser iterations, all attempts together.</param>
/// <param name="GradientNorm">Largest |∂(−ln L / n)/∂ ln θ| at the estimates.</param>
/// <param name="Penalizer">The L2 penalizer coefficient used.</param>
/// <param name="Diagnostic">What is wrong when <see cref="Status"/> is not Converged; null otherwise.</param>
public sealed record ModelFit(
    CltvModel Model,
    IReadOnlyList<ParameterEstimate> Parameters,
    double LogLikelihood,
    double Customers,
    int Groups,
    FitStatus Status,
    string Optimiser,
    int Iterations,
    double GradientNorm,
    double Penalizer,
    string? Diagnostic)
{
    /// <summary>The estimate of the named parameter.</summary>
    public double Value(string name) =>
        Parameters.FirstOrDefault(p => p.Name == name)?.Value ?? throw new ArgumentException($"{Model.SqlName()} has no parameter '{name}'.", nameof(name));
}
