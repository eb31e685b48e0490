using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace CrmEtl.Core.Modeling;

/// <summary>
/// Maximum-likelihood estimation shared by the CLTV models. Box-constrained BFGS (MathNet BfgsBMinimizer) on the analytic
/// gradient over log parameters in <see cref="LogParameterBox"/>, from a data-scaled start; Nelder–Mead when BFGS fails; then
/// Newton steps on a finite-difference Hessian of the analytic gradient, which polish the optimum to full precision and give
/// the standard errors (inverse Hessian; delta method SE(p) = p·SE(ln p)). The box turns "the likelihood keeps improving as
/// b → ∞" into a point on its edge, reported as status OnBoundary with the parameter named, instead of an optimiser wandering
/// off; a flat direction (parameters the data do not identify) is reported the same way. A fit that ends without a stationary
/// point throws <see cref="CrmEtlException"/> with the last parameters, the gradient and what each optimiser said.
/// </summary>
internal static class MaximumLikelihood
{
    /// <summary>The start is moved this far inside the box, so that no coordinate begins on its edge.</summary>
    private const double StartMargin = 1;

    // BFGS-B stops when the gradient, the step or the progress of f falls below these (MathNet's three tests).
    private const double BfgsGradientTolerance = 1e-10;
    private const double BfgsParameterTolerance = 1e-12;
    private const double BfgsFunctionProgressTolerance = 1e-15;
    private const int BfgsMaximumIterations = 2000;

    /// <summary>BFGS-B's point is kept when no gradient component that could still move it is larger than this.</summary>
    private const double BfgsAcceptedGradient = 1e-4;

    private const double NelderMeadTolerance = 1e-12;
    private const int NelderMeadMaximumIterations = 20_000;

    /// <summary>The initial simplex extends this far along each ln p (a factor e^0.5 ≈ 1.65 on p).</summary>
    private const double NelderMeadInitialStep = 0.5;

    /// <summary>A Newton step this small (relative change of every free parameter) means converged.</summary>
    private const double ConvergedStep = 1e-6;

    /// <summary>The polish stops once a step is this small: a tenth of <see cref="ConvergedStep"/>, so a converged fit is well inside it.</summary>
    private const double NewtonStopStep = ConvergedStep * 0.1;

    private const int NewtonSteps = 25;

    /// <summary>The backtracking line search gives up below this fraction of the Newton step.</summary>
    private const double SmallestStepFraction = 1e-6;

    /// <summary>Rounding noise in f, relative: near the optimum f changes by less than its last digits.</summary>
    private const double RelativeRoundingNoise = 1e-14;

    /// <summary>Mean-gradient size below which a point counts as stationary even where the Hessian is singular.</summary>
    private const double StationaryGradient = 1e-6;

    /// <summary>Step on ln p of the central differences that give the Hessian.</summary>
    private const double HessianStep = 1e-5;

    /// <summary>A Hessian whose smallest eigenvalue is below this fraction of its largest is singular to working precision.</summary>
    private const double SingularEigenvalueRatio = 1e-10;

    /// <summary>A parameter takes part in a flat direction when its component of the eigenvector is larger than this.</summary>
    private const double FlatDirectionLoading = 0.3;

    public static ModelFit Fit(ILogLikelihood likelihood, double penalizer)
    {
        if (!(penalizer >= 0) || !double.IsFinite(penalizer))
        {
            throw new CrmEtlException($"The penalizer must be a number ≥ 0; got {penalizer}.");
        }

        var objective = new PenalizedObjective(likelihood, penalizer);
        var failures = new List<string>();
        var iterations = 0;
        var start = likelihood.StartingLogParameters().Select(theta => LogParameterBox.Clamp(theta, StartMargin)).ToArray();
        var route = "BFGS-B";
        var point = TryBfgs(objective, start, failures, ref iterations);
        if (point is null)
        {
            var simplex = NelderMead(objective, start, failures, ref iterations);
            point = TryBfgs(objective, simplex, failures, ref iterations);
            route = point is null ? "Nelder-Mead" : "Nelder-Mead + BFGS-B";
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
            var value = objective.Evaluate(theta.ToArray(), gradient);
            return (value, Vector<double>.Build.Dense(gradient));
        });
        var lower = Vector<double>.Build.Dense(start.Length, -LogParameterBox.Limit);
        var upper = Vector<double>.Build.Dense(start.Length, LogParameterBox.Limit);
        try
        {
            var minimizer = new BfgsBMinimizer(BfgsGradientTolerance, BfgsParameterTolerance, BfgsFunctionProgressTolerance, BfgsMaximumIterations);
            var result = minimizer.FindMinimum(function, lower, upper, Vector<double>.Build.Dense(start));
            iterations += result.Iterations;
            var point = result.MinimizingPoint.ToArray();
            var projected = ProjectedGradientNorm(objective, point);
            if (projected < BfgsAcceptedGradient)
            {
                return point;
            }

            failures.Add(string.Create(CultureInfo.InvariantCulture, $"BFGS-B stopped ({result.ReasonForExit}) with projected gradient {projected:G3}"));
            return null;
        }
        catch (Exception exception) when (exception is OptimizationException or ArgumentException or InvalidOperationException)
        {
            failures.Add($"BFGS-B failed: {exception.Message}{(exception.InnerException is { } inner ? " " + inner.Message : "")}");
            return null;
        }
    }

    private static double[] NelderMead(PenalizedObjective objective, double[] start, List<string> failures, ref int iterations)
    {
        // MathNet's simplex throws away its progress when it runs out of iterations, so remember the best point seen.
        var best = start;
        var bestValue = double.PositiveInfinity;
        var function = ObjectiveFunction.Value(theta =>
        {
            var point = theta.ToArray();
            var value = objective.Value(point);
            if (value < bestValue)
            {
                (best, bestValue) = (point, value);
            }

            return value;
        });
        try
        {
            var result = new NelderMeadSimplex(NelderMeadTolerance, NelderMeadMaximumIterations)
                .FindMinimum(function, Vector<double>.Build.Dense(start), Vector<double>.Build.Dense(start.Length, NelderMeadInitialStep));
            iterations += result.Iterations;
        }
        catch (OptimizationException exception)
        {
            failures.Add($"Nelder-Mead failed: {exception.Message}");
        }

        return [.. best.Select(theta => LogParameterBox.Clamp(theta))];
    }

    /// <summary>Where the Newton polish ended: the point, its gradient and Hessian, which coordinates sit on the box edge.</summary>
    private sealed record NewtonResult(double[] Point, double[] Gradient, Matrix<double> Hessian, bool[] AtBound, bool PositiveDefinite, double StepSize, int Steps)
    {
        public FreeCoordinates Free { get; } = FreeCoordinates.Of(AtBound);
    }

    /// <summary>The coordinates not pushed against the box edge: the ones the Newton polish moves and the standard errors cover.</summary>
    private sealed record FreeCoordinates(int[] Indices)
    {
        public static FreeCoordinates Of(bool[] atBound) => new([.. Enumerable.Range(0, atBound.Length).Where(j => !atBound[j])]);

        public int Count => Indices.Length;

        /// <summary>The Hessian restricted to the free coordinates.</summary>
        public Matrix<double> Block(Matrix<double> hessian) => Matrix<double>.Build.Dense(Count, Count, (i, k) => hessian[Indices[i], Indices[k]]);
    }

    /// <summary>Newton steps in the coordinates that are not on the box edge, with backtracking, inside the box.</summary>
    private static NewtonResult Polish(PenalizedObjective objective, double[] start)
    {
        var point = (double[])start.Clone();
        var steps = 0;
        while (true)
        {
            var gradient = new double[objective.Dimension];
            var value = objective.Evaluate(point, gradient);
            var hessian = Hessian(objective, point);
            // On the edge and pushed outwards: that coordinate is at its limit; the others are polished.
            var atBound = LogParameterBox.AtBound(point, gradient);
            var free = FreeCoordinates.Of(atBound);
            if (free.Count == 0)
            {
                return new NewtonResult(point, gradient, hessian, atBound, true, 0, steps);
            }

            var cholesky = TryCholesky(free.Block(hessian));
            if (cholesky is null)
            {
                return new NewtonResult(point, gradient, hessian, atBound, false, double.PositiveInfinity, steps);
            }

            var freeStep = cholesky.Solve(-Vector<double>.Build.Dense(free.Count, i => gradient[free.Indices[i]]));
            var step = new double[point.Length];
            for (var i = 0; i < free.Count; i++)
            {
                step[free.Indices[i]] = freeStep[i];
            }

            var stepSize = step.Max(Math.Abs);
            if (stepSize < NewtonStopStep || steps == NewtonSteps)
            {
                return new NewtonResult(point, gradient, hessian, atBound, true, stepSize, steps);
            }

            var accepted = false;
            for (var length = 1.0; length > SmallestStepFraction && !accepted; length /= 2)
            {
                var candidate = point.Select((theta, j) => LogParameterBox.Clamp(theta + (length * step[j]))).ToArray();
                if (objective.Value(candidate) <= value + (RelativeRoundingNoise * Math.Abs(value)))
                {
                    point = candidate;
                    accepted = true;
                }
            }

            if (!accepted)
            {
                return new NewtonResult(point, gradient, hessian, atBound, true, stepSize, steps);
            }

            steps++;
        }
    }

    private static ModelFit Summarise(PenalizedObjective objective, NewtonResult newton, string route, int iterations, List<string> failures)
    {
        var likelihood = objective.Likelihood;
        var names = likelihood.ParameterNames;
        var point = newton.Point;
        var freeGradient = newton.Gradient.Where((_, j) => !newton.AtBound[j]).Select(Math.Abs).DefaultIfEmpty(0).Max();
        var problems = new List<string>();
        for (var j = 0; j < point.Length; j++)
        {
            if (newton.AtBound[j])
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{names[j]} → {(point[j] > 0 ? "∞" : "0")} (stopped at {Math.Exp(point[j]):G3})"));
            }
        }

        if (!newton.PositiveDefinite || newton.StepSize > ConvergedStep)
        {
            problems.Add("the likelihood is flat along " + FlatDirection(newton.Hessian, names, newton.Free));
        }

        var logLikelihood = objective.LogLikelihood(point);
        var stationary = freeGradient < StationaryGradient || (newton.PositiveDefinite && newton.StepSize <= ConvergedStep);
        if (!stationary)
        {
            var parameters = string.Join(", ", names.Select((name, j) => string.Create(CultureInfo.InvariantCulture, $"{name} = {Math.Exp(point[j]):G6}")));
            var what = string.Create(CultureInfo.InvariantCulture,
                $"The {likelihood.Model.SqlName()} fit did not converge ({route}, {iterations} iterations, {likelihood.TotalWeight:G} customers): ");
            var where = string.Create(CultureInfo.InvariantCulture,
                $"last parameters {parameters}, log-likelihood {logLikelihood:F2}, gradient norm {freeGradient:G3}; ");
            throw new CrmEtlException(what + where + string.Join("; ", problems.Concat(failures)) +
                ". Check that frequency counts repeat purchase days and recency/T use the configured time unit, or set a small penalizer (e.g. 0.001).");
        }

        var free = newton.Free;
        var covariance = newton.PositiveDefinite && free.Count > 0
            ? (free.Block(newton.Hessian) * likelihood.TotalWeight).Inverse()
            : null;
        var estimates = names.Select((name, j) =>
        {
            var value = Math.Exp(point[j]);
            var i = Array.IndexOf(free.Indices, j);
            double? standardError = covariance is null || i < 0 || !(covariance[i, i] > 0) ? null : value * Math.Sqrt(covariance[i, i]);
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
            freeGradient,
            objective.Penalizer,
            problems.Count == 0 ? null : string.Join("; ", problems));
    }

    /// <summary>Largest gradient component that could still move the point (components pushing against the box edge excluded).</summary>
    private static double ProjectedGradientNorm(PenalizedObjective objective, double[] point)
    {
        var gradient = new double[objective.Dimension];
        objective.Evaluate(point, gradient);
        return gradient.Select((g, j) => LogParameterBox.PushedAgainst(point[j], g) ? 0 : Math.Abs(g)).Max();
    }

    /// <summary>Central differences of the analytic gradient, symmetrised.</summary>
    private static Matrix<double> Hessian(PenalizedObjective objective, double[] point)
    {
        const double h = HessianStep;
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
        return eigenvalues.Min() <= SingularEigenvalueRatio * eigenvalues.Max() ? null : hessian.Cholesky();
    }

    private static string FlatDirection(Matrix<double> hessian, IReadOnlyList<string> names, FreeCoordinates free)
    {
        var freeHessian = free.Block(hessian);
        if (!freeHessian.Enumerate().All(double.IsFinite))
        {
            return "some direction (the Hessian is not finite)";
        }

        var evd = freeHessian.Evd(Symmetricity.Symmetric);
        var smallest = 0;
        for (var k = 1; k < free.Count; k++)
        {
            if (evd.EigenValues[k].Real < evd.EigenValues[smallest].Real)
            {
                smallest = k;
            }
        }

        var direction = evd.EigenVectors.Column(smallest);
        var involved = free.Indices.Where((_, i) => Math.Abs(direction[i]) > FlatDirectionLoading).Select(j => names[j]);
        return string.Create(CultureInfo.InvariantCulture,
            $"a combination of {string.Join(", ", involved)} (Hessian eigenvalue {evd.EigenValues[smallest].Real:G3}): the data do not identify them");
    }
}
