namespace CrmEtl.Core.Modeling;

/// <summary>
/// The MBG/NBD model (Batislam, Denizel &amp; Filiztekin 2007): BG/NBD in which the dropout coin is also tossed at the
/// first purchase, so a customer who never came back may be inactive (BG/NBD gives every one-time buyer P(alive) = 1).
/// </summary>
public sealed record MbgNbdModel : IPurchaseModel
{
    public MbgNbdModel(double r, double alpha, double a, double b)
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

    public CltvModel Name => CltvModel.MbgNbd;

    /// <summary>How the model is fitted: its likelihood, and the model its estimates make.</summary>
    internal static PurchaseModelFitter Fitter { get; } = new(
        CltvModel.MbgNbd,
        table => new MbgNbdLikelihood(table),
        fit => new MbgNbdModel(fit.Value("r"), fit.Value("alpha"), fit.Value("a"), fit.Value("b")));

    /// <summary>Fits by maximum likelihood; identical histories are grouped and weighted first.</summary>
    public static FittedPurchaseModel Fit(IReadOnlyList<PurchaseHistory> customers, double penalizer = 0) => Fitter.Fit(customers, penalizer);

    /// <summary>Fits on already grouped histories (weights = customers per history).</summary>
    public static FittedPurchaseModel Fit(HistoryGroups groups, double penalizer = 0) => Fitter.Fit(groups, penalizer);

    /// <summary>P(alive | x, t_x, T) = 1 / (1 + a/(b+x) · ((α+T)/(α+t_x))^(r+x)) (Batislam et al. 2007, appendix), in logs.</summary>
    public double ProbabilityAlive(PurchaseHistory history)
    {
        ModelGuards.RequireValid(history);
        var x = history.Frequency;
        var logOdds = Math.Log(A) - Math.Log(B + x) + ((R + x) * (Math.Log(Alpha + history.T) - Math.Log(Alpha + history.Recency)));
        return LogSpace.Sigmoid(-logOdds);
    }

    /// <summary>
    /// E[Y(t) | x, t_x, T] = (a+b+x)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x+1; a+b+x; t/(α+T+t))] · P(alive)
    /// = P(alive) · H(r+x, a, b+x+1, t/(α+T)) (after an alive customer, dropout p | data ~ Beta(a, b+x+1)).
    /// </summary>
    public double ConditionalExpectedPurchases(double t, PurchaseHistory history)
    {
        ModelGuards.RequireHorizon(t);
        var x = history.Frequency;
        return ProbabilityAlive(history) * ExpectedPurchasesIfAlive.Compute(R + x, A, B + x + 1, t / (Alpha + history.T));
    }

    /// <summary>E[X(t)] = b/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b+1; a+b; t/(α+t))] = b/(a+b) · H(r, a, b+1, t/α).</summary>
    public double ExpectedPurchases(double t)
    {
        ModelGuards.RequireHorizon(t);
        return B / (A + B) * ExpectedPurchasesIfAlive.Compute(R, A, B + 1, t / Alpha);
    }
}
