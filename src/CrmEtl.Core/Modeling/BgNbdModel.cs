namespace CrmEtl.Core.Modeling;

/// <summary>
/// The BG/NBD model (Fader, Hardie &amp; Lee 2005): while alive a customer buys at rate λ ~ Gamma(r, α); after each
/// purchase they drop out with probability p ~ Beta(a, b). α is in the time unit of the data (rate = r/α per unit).
/// </summary>
public sealed record BgNbdModel : IPurchaseModel
{
    public BgNbdModel(double r, double alpha, double a, double b)
    {
        R = ModelGuards.RequirePositive(r, nameof(r));
        Alpha = ModelGuards.RequirePositive(alpha, nameof(alpha));
        A = ModelGuards.RequirePositive(a, nameof(a));
        B = ModelGuards.RequirePositive(b, nameof(b));
    }

    public double R { get; }

    public double Alpha { get; }

    public double A { get; }

    public double B { get; }

    public CltvModel Name => CltvModel.BgNbd;

    /// <summary>How the model is fitted: its likelihood, and the model its estimates make.</summary>
    internal static PurchaseModelFitter Fitter { get; } = new(
        CltvModel.BgNbd,
        table => new BgNbdLikelihood(table),
        fit => new BgNbdModel(fit.Value("r"), fit.Value("alpha"), fit.Value("a"), fit.Value("b")));

    /// <summary>Fits by maximum likelihood; identical histories are grouped and weighted first.</summary>
    public static FittedPurchaseModel Fit(IReadOnlyList<PurchaseHistory> customers, double penalizer = 0) => Fitter.Fit(customers, penalizer);

    /// <summary>Fits on already grouped histories (weights = customers per history).</summary>
    public static FittedPurchaseModel Fit(HistoryGroups groups, double penalizer = 0) => Fitter.Fit(groups, penalizer);

    /// <summary>
    /// P(alive | x, t_x, T) = 1 / (1 + δ_{x&gt;0} · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x))
    /// (Fader, Hardie &amp; Lee 2008, "Computing P(alive) using the BG/NBD model"), evaluated in logs.
    /// </summary>
    public double ProbabilityAlive(PurchaseHistory history)
    {
        ModelGuards.RequireValid(history);
        var x = history.Frequency;
        if (x == 0)
        {
            return 1;
        }

        var logOdds = Math.Log(A) - Math.Log(B + x - 1) + ((R + x) * (Math.Log(Alpha + history.T) - Math.Log(Alpha + history.Recency)));
        return LogSpace.Sigmoid(-logOdds);
    }

    /// <summary>
    /// E[Y(t) | x, t_x, T] (Fader, Hardie &amp; Lee 2005, eq. 10) = P(alive) · H(r+x, a, b+x, t/(α+T)),
    /// H being the Euler-transformed ₂F₁ series of <see cref="ExpectedPurchasesIfAlive"/>.
    /// </summary>
    public double ConditionalExpectedPurchases(double t, PurchaseHistory history)
    {
        ModelGuards.RequireHorizon(t);
        var x = history.Frequency;
        return ProbabilityAlive(history) * ExpectedPurchasesIfAlive.Compute(R + x, A, B + x, t / (Alpha + history.T));
    }

    /// <summary>
    /// E[X(t)] = (a+b−1)/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))] (Fader, Hardie &amp; Lee 2005, §3),
    /// i.e. H(r, a, b, t/α).
    /// </summary>
    public double ExpectedPurchases(double t)
    {
        ModelGuards.RequireHorizon(t);
        return ExpectedPurchasesIfAlive.Compute(R, A, B, t / Alpha);
    }
}
