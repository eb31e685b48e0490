namespace CrmEtl.Core.Modeling;

/// <summary>The purchase models the <c>cltv_model</c> parameter can name, and how each is fitted.</summary>
public static class PurchaseModels
{
    private static readonly Dictionary<string, Func<HistoryGroups, double, FittedPurchaseModel>> Fitters = new()
    {
        ["bgnbd"] = (groups, penalizer) => BgNbdModel.Fit(groups, penalizer),
        ["mbgnbd"] = (groups, penalizer) => MbgNbdModel.Fit(groups, penalizer),
        ["paretonbd"] = (groups, penalizer) => ParetoNbdModel.Fit(groups, penalizer),
    };

    public static IReadOnlyList<string> Names { get; } = [.. Fitters.Keys];

    /// <summary>Fits the named model (validated by <see cref="CltvOptions.Validate"/>) on grouped histories.</summary>
    public static FittedPurchaseModel Fit(string name, HistoryGroups groups, double penalizer) => Fitters[name](groups, penalizer);
}
