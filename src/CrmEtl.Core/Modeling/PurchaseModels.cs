namespace CrmEtl.Core.Modeling;

/// <summary>The purchase models the <c>cltv_model</c> parameter can name, and how each is fitted.</summary>
public static class PurchaseModels
{
    private static readonly PurchaseModelFitter[] Fitters = [BgNbdModel.Fitter, MbgNbdModel.Fitter, ParetoNbdModel.Fitter];

    public static IReadOnlyList<CltvModel> All { get; } = [.. Fitters.Select(f => f.Model)];

    /// <summary>The models' names as the <c>cltv_model</c> parameter spells them.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(m => m.SqlName())];

    /// <summary>Fits the model (one of <see cref="All"/>, checked by <see cref="CltvOptions.Validate"/>) on grouped histories.</summary>
    public static FittedPurchaseModel Fit(CltvModel model, HistoryGroups groups, double penalizer) =>
        Fitters.Single(f => f.Model == model).Fit(groups, penalizer);
}
