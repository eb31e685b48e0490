namespace CrmEtl.Core.Modeling;

/// <summary>
/// The fit the purchase models share: group identical histories, refuse data without a repeat buyer, maximise the model's
/// likelihood (<see cref="MaximumLikelihood"/>) and build the model from the estimates.
/// </summary>
/// <param name="Likelihood">The model's log-likelihood over the grouped histories.</param>
/// <param name="Build">The model with the fitted parameters.</param>
internal sealed record PurchaseModelFitter(CltvModel Model, Func<HistoryTable, ILogLikelihood> Likelihood, Func<ModelFit, IPurchaseModel> Build)
{
    /// <summary>Fits on the customers' histories; identical histories are grouped and weighted first.</summary>
    public FittedPurchaseModel Fit(IReadOnlyList<PurchaseHistory> customers, double penalizer) => Fit(HistoryGroups.Build(customers.ToArray()), penalizer);

    /// <summary>Fits on already grouped histories (weights = customers per history).</summary>
    public FittedPurchaseModel Fit(HistoryGroups groups, double penalizer)
    {
        var table = new HistoryTable(groups.Histories, groups.Weights);
        ModelGuards.RequireRepeatBuyers(table, Model);
        var fit = MaximumLikelihood.Fit(Likelihood(table), penalizer);
        return new FittedPurchaseModel(Build(fit), fit);
    }
}
