using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace CrmEtl.Core.Modeling;

/// <summary>
/// Maximum-likelihood estimation shared by the CLTV models. BFGS (MathNet) on the analytic gradient from a data-scaled start;
/// Nelder–Mead when BFGS fails; then Newton steps on a finite-difference Hessian of the analytic gradient, which both
/// polishes the optimum to full precision and gives the standard errors (inverse Hessian, delta method:
/// SE(p) = p·SE(ln p)). A fit that cannot find a stationary point throws <see cref="CrmEtlException"/>; a fit whose
/// optimum lies at a parameter limit or along a flat direction is returned with status OnBoundary and a diagnostic.
/// </summary>
internal static class MaximumLikelihood
{
    /// <summary>|ln p| beyond this (p below 1e−11 or above 7e10) means the optimum is a limit, not an interior point.</summary>
    private const double BoundaryLogParameter = 25;

    /// <summary>A Newton step this small (relative change of every parameter) means converged.</summary>
    private const double ConvergedStep = 1e-6;

    /// <summary>Mean-gradient size below which a point counts as stationary even where the Hessian is singular.</summary>
    private const double StationaryGradient = 1e-6;

    private const int NewtonSteps = 25;

    public static ModelFit Fit(ILogLikelihood likelihood, double penalizer)
    {
        if (!(penalizer >= 0) || !double.IsFinite(penalizer))
        {
            throw new CrmEtlException($"The penalizer must be a number ≥ 0; got {penalizer}.");
        }

        var objective = new PenalizedObjective(likelihood, penalizer);
        var failures = new List<string>();
        var iterations = 0;
        var start = likelihood.StartingLogParameters();
        var route = "BFGS";
        var point = TryBfgs(objective, start, failures, ref iterations);
        if (point is null)
        {
            var simplex = NelderMead(objective, start, failures, ref iterations);
            point = TryBfgs(objective, simplex, failures, ref iterations);
            route = point is null ? "Nelder-Mead" : "Nelder-Mead + BFGS";
            point ??= simplex;
        }

        var newton = Polish(objective, point);
        iterations += newton.Steps;
        if (newton.Steps > 0)
        {
            route += " + Newton";
        }

        return Summarise(objective, newton, route, iterations, failures);
    }

    private static double[]? TryBfgs(PenalizedObjective objective, double[] start, List<string> failures, ref int iterations)
    {
        var function = ObjectiveFunction.Gradient(theta =>
        {
            var gradient = new double[objective.Dimension];
            var value = objective.Evaluate(theta.AsArray() ?? theta.ToArray(), gradient);
            return (value, Vector<double>.Build.Dense(gradient));
        });
        try
        {
            var result = new BfgsMinimizer(1e-10, 1e-12, 1e-15, 2000).FindMinimum(function, Vector<double>.Build.Dense(start));
            iterations += result.Iterations;
            var point = result.MinimizingPoint.ToArray();
            var gradientNorm = GradientNorm(objective, point);
            if (gradientNorm < 1e-4)
            {
                return point;
            }

            failures.Add(string.Create(CultureInfo.InvariantCulture, $"BFGS stopped ({result.ReasonForExit}) with gradient norm {gradientNorm:G3}"));
            return null;
        }
        catch (OptimizationException exception)
        {
            failures.Add($"BFGS failed: {exception.Message}{(exception.InnerException is { } inner ? " " + inner.Message : "")}");
            return null;
        }
    }

    private static double[] NelderMead(PenalizedObjective objective, double[] start, List<string> failures, ref int iterations)
    {
        var function = ObjectiveFunction.Value(theta => objective.Value(theta.AsArray() ?? theta.ToArray()));
        var perturbation = Vector<double>.Build.Dense(start.Length, 0.5);
        try
        {
            var result = new NelderMeadSimplex(1e-12, 20_000).FindMinimum(function, Vector<double>.Build.Dense(start), perturbation);
            iterations += result.Iterations;
            return result.MinimizingPoint.ToArray();
        }
        catch (OptimizationException exception)
        {
            failures.Add($"Nelder-Mead failed: {exception.Message}");
            return start;
        }
    }

    private sealed record NewtonResult(double[] Point, double[] Gradient, Matrix<double> Hessian, bool PositiveDefinite, double StepSize, int Steps);

    /// <summary>Newton steps with backtracking until the step is negligible or the Hessian stops being positive definite.</summary>
    private static NewtonResult Polish(PenalizedObjective objective, double[] start)
    {
        var point = (double[])start.Clone();
        var steps = 0;
        while (true)
        {
            var gradient = new double[objective.Dimension];
            var value = objective.Evaluate(point, gradient);
            var hessian = Hessian(objective, point);
            var cholesky = TryCholesky(hessian);
            if (cholesky is null)
            {
                return new NewtonResult(point, gradient, hessian, false, double.PositiveInfinity, steps);
            }

            var step = cholesky.Solve(-Vector<double>.Build.Dense(gradient)).ToArray();
            var stepSize = step.Max(Math.Abs);
            if (stepSize < ConvergedStep * 1e-3 || steps == NewtonSteps)
            {
                return new NewtonResult(point, gradient, hessian, true, stepSize, steps);
            }

            var accepted = false;
            for (var length = 1.0; length > 1e-6 && !accepted; length /= 2)
            {
                var candidate = point.Select((theta, j) => theta + (length * step[j])).ToArray();
                var candidateValue = objective.Value(candidate);
                // Tolerate rounding noise in f: near the optimum f changes by less than its last digits.
                if (candidateValue <= value + (1e-14 * Math.Abs(value)))
                {
                    point = candidate;
                    accepted = true;
                }
            }

            if (!accepted)
            {
                return new NewtonResult(point, gradient, hessian, true, stepSize, steps);
            }

            steps++;
        }
    }

    private static ModelFit Summarise(PenalizedObjective objective, NewtonResult newton, string route, int iterations, List<string> failures)
    {
        var likelihood = objective.Likelihood;
        var names = likelihood.ParameterNames;
        var point = newton.Point;
        var gradientNorm = newton.Gradient.Max(Math.Abs);
        var problems = new List<string>();
        for (var j = 0; j < point.Length; j++)
        {
            if (Math.Abs(point[j]) > BoundaryLogParameter)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{names[j]} → {(point[j] > 0 ? "∞" : "0")} (estimate {Math.Exp(point[j]):G4})"));
            }
        }

        if (!newton.PositiveDefinite || newton.StepSize > ConvergedStep)
        {
            problems.Add("the likelihood is flat along " + FlatDirection(newton.Hessian, names));
        }

        var logLikelihood = objective.LogLikelihood(point);
        if (problems.Count > 0 && !(gradientNorm < StationaryGradient))
        {
            var parameters = string.Join(", ", names.Select((name, j) => string.Create(CultureInfo.InvariantCulture, $"{name} = {Math.Exp(point[j]):G6}")));
            var what = string.Create(CultureInfo.InvariantCulture,
                $"The {likelihood.Model} fit did not converge ({route}, {iterations} iterations, {likelihood.TotalWeight:G} customers): ");
            var where = string.Create(CultureInfo.InvariantCulture,
                $"last parameters {parameters}, log-likelihood {logLikelihood:F2}, gradient norm {gradientNorm:G3}; ");
            throw new CrmEtlException(what + where + string.Join("; ", problems.Concat(failures)) +
                ". Check that frequency counts repeat purchase days and recency/T use the configured time unit, or set a small penalizer (e.g. 0.001).");
        }

        var covariance = newton.PositiveDefinite ? newton.Hessian.Multiply(likelihood.TotalWeight).Inverse() : null;
        var estimates = names.Select((name, j) =>
        {
            var value = Math.Exp(point[j]);
            var atLimit = Math.Abs(point[j]) > BoundaryLogParameter;
            double? standardError = covariance is null || atLimit || !(covariance[j, j] > 0) ? null : value * Math.Sqrt(covariance[j, j]);
            return new ParameterEstimate(name, value, standardError);
        }).ToList();

        return new ModelFit(
            likelihood.Model,
            estimates,
            logLikelihood,
            likelihood.TotalWeight,
            likelihood.Groups,
            problems.Count == 0 ? FitStatus.Converged : FitStatus.OnBoundary,
            route,
            iterations,
            gradientNorm,
            objective.Penalizer,
            problems.Count == 0 ? null : string.Join("; ", problems));
    }

    private static double GradientNorm(PenalizedObjective objective, double[] point)
    {
        var gradient = new double[objective.Dimension];
        objective.Evaluate(point, gradient);
        return gradient.Max(Math.Abs);
    }

    /// <summary>Central differences of the analytic gradient, symmetrised.</summary>
    private static Matrix<double> Hessian(PenalizedObjective objective, double[] point)
    {
        const double h = 1e-5;
        var n = point.Length;
        var hessian = Matrix<double>.Build.Dense(n, n);
        var plus = new double[n];
        var minus = new double[n];
        for (var j = 0; j < n; j++)
        {
            var shifted = (double[])point.Clone();
            shifted[j] = point[j] + h;
            objective.Evaluate(shifted, plus);
            shifted[j] = point[j] - h;
            objective.Evaluate(shifted, minus);
            for (var i = 0; i < n; i++)
            {
                hessian[i, j] = (plus[i] - minus[i]) / (2 * h);
            }
        }

        return (hessian + hessian.Transpose()) / 2;
    }

    private static MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double>? TryCholesky(Matrix<double> hessian)
    {
        if (!hessian.Enumerate().All(double.IsFinite))
        {
            return null;
        }

        // A Hessian this ill-conditioned is singular to working precision: some direction is not identified by the data.
        var eigenvalues = hessian.Evd(Symmetricity.Symmetric).EigenValues.Select(v => v.Real).ToArray();
        if (eigenvalues.Min() <= 1e-10 * eigenvalues.Max())
        {
            return null;
        }

        return hessian.Cholesky();
    }

    private static string FlatDirection(Matrix<double> hessian, IReadOnlyList<string> names)
    {
        if (!hessian.Enumerate().All(double.IsFinite))
        {
            return "some direction (the Hessian is not finite)";
        }

        var evd = hessian.Evd(Symmetricity.Symmetric);
        var smallest = 0;
        for (var k = 1; k < names.Count; k++)
        {
            if (evd.EigenValues[k].Real < evd.EigenValues[smallest].Real)
            {
                smallest = k;
            }
        }

        var direction = evd.EigenVectors.Column(smallest);
        var involved = names.Where((_, j) => Math.Abs(direction[j]) > 0.3);
        return string.Create(CultureInfo.InvariantCulture,
            $"a combination of {string.Join(", ", involved)} (Hessian eigenvalue {evd.EigenValues[smallest].Real:G3}): the data do not identify them");
    }
}
