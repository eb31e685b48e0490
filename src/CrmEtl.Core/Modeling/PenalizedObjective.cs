namespace CrmEtl.Core.Modeling;

/// <summary>
/// What the optimiser minimises: the mean negative log-likelihood plus lifetimes' L2 penalizer on the parameters,
/// f(θ) = −Σ w·ln L / Σ w + λ·Σ exp(θ_j)², over θ = ln(parameters). Using the mean keeps tolerances independent of the
/// number of customers. θ is clamped to ±<see cref="LogParameterBox.EvaluationLimit"/> so that every evaluation stays finite.
/// </summary>
internal sealed class PenalizedObjective(ILogLikelihood likelihood, double penalizer)
{
    public ILogLikelihood Likelihood { get; } = likelihood;

    public double Penalizer { get; } = penalizer;

    public int Dimension => Likelihood.ParameterNames.Count;

    /// <summary>f(θ); writes ∇f into <paramref name="gradient"/> (zero along clamped coordinates, where f is flat).</summary>
    public double Evaluate(ReadOnlySpan<double> logParameters, Span<double> gradient)
    {
        Span<double> clamped = stackalloc double[Dimension];
        for (var j = 0; j < Dimension; j++)
        {
            clamped[j] = LogParameterBox.ClampForEvaluation(logParameters[j]);
        }

        var weight = Likelihood.TotalWeight;
        var value = -Likelihood.Evaluate(clamped, gradient) / weight;
        for (var j = 0; j < Dimension; j++)
        {
            var squared = Math.Exp(2 * clamped[j]);
            value += Penalizer * squared;
            gradient[j] = clamped[j] == logParameters[j] ? (-gradient[j] / weight) + (2 * Penalizer * squared) : 0;
        }

        return value;
    }

    /// <summary>f(θ) without the gradient.</summary>
    public double Value(ReadOnlySpan<double> logParameters)
    {
        Span<double> gradient = stackalloc double[Dimension];
        return Evaluate(logParameters, gradient);
    }

    /// <summary>The unpenalized total log-likelihood Σ w·ln L.</summary>
    public double LogLikelihood(ReadOnlySpan<double> logParameters)
    {
        Span<double> gradient = stackalloc double[Dimension];
        return Likelihood.Evaluate(logParameters, gradient);
    }
}
