namespace CrmEtl.Core.Modeling;

/// <summary>A model's row in <c>cltv_fit.status</c>: how its fit ended, or why there is none.</summary>
public enum CltvFitStatus
{
    [SqlName("converged")]
    Converged,

    [SqlName("on_boundary")]
    OnBoundary,

    /// <summary>Gamma-Gamma fitted with q ≤ 1: the spend distribution has no finite mean.</summary>
    [SqlName("infinite_mean")]
    InfiniteMean,

    /// <summary>The data cannot identify the model (e.g. no repeat buyer); the diagnostic says why.</summary>
    [SqlName("not_fitted")]
    NotFitted,

    /// <summary>The optimiser found no optimum; the diagnostic is its message.</summary>
    [SqlName("failed")]
    Failed,
}

internal static class CltvFitStatuses
{
    public static CltvFitStatus From(FitStatus status) => status switch
    {
        FitStatus.Converged => CltvFitStatus.Converged,
        FitStatus.OnBoundary => CltvFitStatus.OnBoundary,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
