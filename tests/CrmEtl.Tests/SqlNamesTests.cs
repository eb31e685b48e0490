using CrmEtl.Core;
using CrmEtl.Core.Modeling;
using CrmEtl.Core.Scripts;

namespace CrmEtl.Tests;

/// <summary>The text each status, kind and model name is written as; analysts' queries on the journal and CLTV tables depend on it.</summary>
public sealed class SqlNamesTests
{
    [Fact]
    public void Journal_statuses_and_kinds_keep_their_text()
    {
        Assert.Equal(["running", "succeeded", "failed"], SqlNames.All<RunStatus>());
        Assert.Equal(["succeeded", "failed", "passed"], SqlNames.All<ScriptStatus>());
        Assert.Equal(["model", "post_fit", "test"], SqlNames.All<ScriptKind>());
        Assert.Equal(["integer", "number", "date", "text", "boolean"], SqlNames.All<ParameterType>());
    }

    [Fact]
    public void Cltv_models_and_fit_statuses_keep_their_text()
    {
        Assert.Equal(["bgnbd", "mbgnbd", "paretonbd", "gamma_gamma"], SqlNames.All<CltvModel>());
        Assert.Equal(["converged", "on_boundary", "infinite_mean", "not_fitted", "failed"], SqlNames.All<CltvFitStatus>());
        Assert.Equal(["bgnbd", "mbgnbd", "paretonbd"], PurchaseModels.Names);
    }

    [Theory]
    [InlineData("paretonbd", true, CltvModel.ParetoNbd)]
    [InlineData(" MBGNBD ", true, CltvModel.MbgNbd)]
    [InlineData("pareto_nbd", false, default(CltvModel))]
    [InlineData("", false, default(CltvModel))]
    public void Names_are_read_back_case_insensitively(string text, bool known, CltvModel expected)
    {
        Assert.Equal(known, SqlNames.TryParse<CltvModel>(text, out var model));
        Assert.Equal(expected, model);
    }
}
