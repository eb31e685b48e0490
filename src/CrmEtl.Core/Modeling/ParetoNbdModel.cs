namespace CrmEtl.Core.Modeling;

/// <summary>
/// The Pareto/NBD model (Schmittlein, Morrison &amp; Colombo 1987): while alive a customer buys at rate λ ~ Gamma(r, α);
/// the lifetime is exponential with rate μ ~ Gamma(s, β), so dropout can happen at any time, not only after a purchase.
/// α and β are in the time unit of the data.
/// </summary>
public sealed record ParetoNbdModel : IPurchaseModel
{
    public ParetoNbdModel(double r, double alpha, double s, double beta)
    {
        R = ModelGuards.RequirePositive(r, nameof(r));
        Alpha = ModelGuards.RequirePositive(alpha, nameof(alpha));
        S = ModelGuards.RequirePositive(s, nameof(s));
        Beta = ModelGuards.RequirePositive(beta, nameof(beta));
    }

    public double R { get; }

    public double Alpha { get; }

    public double S { get; }

    public double Beta { get; }

    public CltvModel Name => CltvModel.ParetoNbd;

    /// <summary>How the model is fitted: its likelihood, and the model its estimates make.</summary>
    internal static PurchaseModelFitter Fitter { get; } = new(
        CltvModel.ParetoNbd,
        table => new ParetoNbdLikelihood(table),
        fit => new ParetoNbdModel(fit.Value("r"), fit.Value("alpha"), fit.Value("s"), fit.Value("beta")));

    /// <summary>Fits by maximum likelihood; identical histories are grouped and weighted first.</summary>
    public static FittedPurchaseModel Fit(IReadOnlyList<PurchaseHistory> customers, double penalizer = 0) => Fitter.Fit(customers, penalizer);

    /// <summary>Fits on already grouped histories (weights = customers per history).</summary>
    public static FittedPurchaseModel Fit(HistoryGroups groups, double penalizer = 0) => Fitter.Fit(groups, penalizer);

    /// <summary>
    /// P(alive | x, t_x, T) = (r)_x α^r β^s (α+T)^{−(r+x)} (β+T)^{−s} / L (Fader, Hardie &amp; Lee 2005 note, eq. 18)
    /// = E(T) / (E(T) + E(t_x)Q(t_x) − E(T)Q(T)) in the terms of <see cref="ParetoNbdLikelihood"/>, in logs.
    /// </summary>
    public double ProbabilityAlive(PurchaseHistory history)
    {
        ModelGuards.RequireValid(history);
        if (history.Recency == history.T)
        {
            return 1;
        }

        var (x, tx, t) = (history.Frequency, history.Recency, history.T);
        var logE = LogE(x, t);
        var logEqRecency = LogE(x, tx) + ParetoNbdTailIntegral.Evaluate(R + x, S, Alpha, Beta, tx).Value;
        var logEqAge = logE + ParetoNbdTailIntegral.Evaluate(R + x, S, Alpha, Beta, t).Value;
        // 1/P − 1 = e^{ln EQ(t_x) − ln E(T)} − e^{ln EQ(T) − ln E(T)} ≥ 0 (E·Q decreases in y), taken in logs.
        if (logEqAge >= logEqRecency)
        {
            return 1;
        }

        var logOdds = logEqRecency - logE + Math.Log(-LogSpace.ExpM1(logEqAge - logEqRecency));
        return LogSpace.Sigmoid(-logOdds);
    }

    /// <summary>
    /// E[Y(t) | x, t_x, T] = (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^{s−1}] · P(alive) (FHL 2005 note, eq. 22),
    /// evaluated as (r+x)/(α+T) · (β+T)·ℓ · (1 − e^{−(s−1)ℓ})/((s−1)ℓ), ℓ = ln(1 + t/(β+T)), which is continuous at s = 1.
    /// </summary>
    public double ConditionalExpectedPurchases(double t, PurchaseHistory history)
    {
        ModelGuards.RequireHorizon(t);
        var alive = ProbabilityAlive(history);
        return alive * ExpectedPurchasesIfAlive(history.Frequency, history.T, t);
    }

    /// <summary>E[X(t)] = rβ/(α(s−1)) · [1 − (β/(β+t))^{s−1}] (FHL 2005 note, eq. 17): the conditional case x = T = 0.</summary>
    public double ExpectedPurchases(double t)
    {
        ModelGuards.RequireHorizon(t);
        return ExpectedPurchasesIfAlive(0, 0, t);
    }

    /// <summary>λ | data ~ Gamma(r+x, α+T) and μ | data ~ Gamma(s, β+T) for an alive customer; E[λ/μ·(1 − e^{−μt})].</summary>
    private double ExpectedPurchasesIfAlive(double x, double age, double t)
    {
        var lifetimeScale = Beta + age;
        var logHorizon = LogSpace.Log1p(t / lifetimeScale);
        var rateTimesLifetime = (R + x) / (Alpha + age) * lifetimeScale;
        return rateTimesLifetime * logHorizon * LogSpace.ExpM1OverX(-(S - 1) * logHorizon);
    }

    /// <summary>ln E(y) = −r·ln(1 + y/α) − x·ln(α+y) − s·ln(1 + y/β).</summary>
    private double LogE(double x, double y) =>
        (-R * LogSpace.Log1p(y / Alpha)) - (x * Math.Log(Alpha + y)) - (S * LogSpace.Log1p(y / Beta));
}
