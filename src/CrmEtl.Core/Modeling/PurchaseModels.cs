namespace CrmEtl.Core.Modeling;

/// <summary>The purchase models the <c>cltv_model</c> parameter can name, and how each is fitted.</summary>
public static class PurchaseModels
{
    private static readonly Dictionary<CltvModel, Func<HistoryGroups, double, FittedPurchaseModel>> Fitters = new()
    {
        [CltvModel.BgNbd] = (groups, penalizer) => BgNbdModel.Fit(groups, penalizer),
        [CltvModel.MbgNbd] = (groups, penalizer) => MbgNbdModel.Fit(groups, penalizer),
        [CltvModel.ParetoNbd] = (groups, penalizer) => ParetoNbdModel.Fit(groups, penalizer),
    };

    public static IReadOnlyList<CltvModel> All { get; } = [CltvModel.BgNbd, CltvModel.MbgNbd, CltvModel.ParetoNbd];

    /// <summary>The models' names as the <c>cltv_model</c> parameter spells them.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(m => m.SqlName())];

    /// <summary>Fits the model (one of <see cref="All"/>, checked by <see cref="CltvOptions.Validate"/>) on grouped histories.</summary>
    public static FittedPurchaseModel Fit(CltvModel model, HistoryGroups groups, double penalizer) => Fitters[model](groups, penalizer);
}
