namespace CrmEtl.Core.Modeling;

/// <summary>
/// The box the fits search, on θ = ln(parameter): every θ in [−<see cref="Limit"/>, <see cref="Limit"/>], p in
/// [1.4e−11, 7.2e10]. An optimum on its edge is a limit (e.g. b → ∞), not an interior point: the fit reports it as on a
/// boundary with the parameter named, instead of an optimiser wandering off.
/// </summary>
internal static class LogParameterBox
{
    public const double Limit = 25;

    /// <summary>
    /// Nelder–Mead's simplex and the finite-difference Hessian evaluate the objective a little outside the box. The
    /// objective clamps its argument this far out, so those evaluations stay finite while the slope at the edge itself
    /// stays the likelihood's own (clamping at the edge would make it flat there).
    /// </summary>
    public const double EvaluationLimit = Limit + 5;

    /// <summary>A coordinate this close to the edge is on it.</summary>
    private const double EdgeTolerance = 1e-6;

    /// <summary>θ moved into the box, <paramref name="margin"/> inside its edge.</summary>
    public static double Clamp(double theta, double margin = 0) => Math.Clamp(theta, -Limit + margin, Limit - margin);

    /// <summary>θ moved into the range where the objective is evaluated.</summary>
    public static double ClampForEvaluation(double theta) => Math.Clamp(theta, -EvaluationLimit, EvaluationLimit);

    /// <summary>On the edge, with the descent direction (−gradient) pointing out of the box: the coordinate is at its limit.</summary>
    public static bool PushedAgainst(double theta, double gradient) =>
        (theta >= Limit - EdgeTolerance && gradient <= 0) || (theta <= -Limit + EdgeTolerance && gradient >= 0);

    /// <summary>Which coordinates of <paramref name="point"/> are <see cref="PushedAgainst"/> the edge.</summary>
    public static bool[] AtBound(double[] point, double[] gradient) => [.. point.Select((theta, j) => PushedAgainst(theta, gradient[j]))];
}
