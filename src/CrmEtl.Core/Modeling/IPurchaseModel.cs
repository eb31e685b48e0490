namespace CrmEtl.Core.Modeling;

/// <summary>A fitted purchase-count model (BG/NBD family or Pareto/NBD). Times are in the unit the model was fitted in.</summary>
public interface IPurchaseModel
{
    /// <summary>BG/NBD, MBG/NBD or Pareto/NBD.</summary>
    CltvModel Name { get; }

    /// <summary>Probability that a customer with this history has not dropped out by T.</summary>
    double ProbabilityAlive(PurchaseHistory history);

    /// <summary>Expected number of purchases in (T, T + t] for a customer with this history.</summary>
    double ConditionalExpectedPurchases(double t, PurchaseHistory history);

    /// <summary>Expected number of repeat purchases in (0, t] for a new, randomly chosen customer.</summary>
    double ExpectedPurchases(double t);
}

/// <summary>A purchase model with the record of its fit.</summary>
public sealed record FittedPurchaseModel(IPurchaseModel Model, ModelFit Fit);
