namespace CrmEtl.Core.Modeling;

/// <summary>The CLTV models, named as in the <c>cltv_model</c> parameter and the <c>model</c> column of the CLTV tables.</summary>
public enum CltvModel
{
    /// <summary>BG/NBD (Fader, Hardie &amp; Lee 2005).</summary>
    [SqlName("bgnbd")]
    BgNbd,

    /// <summary>MBG/NBD (Batislam, Denizel &amp; Filiztekin 2007).</summary>
    [SqlName("mbgnbd")]
    MbgNbd,

    /// <summary>Pareto/NBD (Schmittlein, Morrison &amp; Colombo 1987).</summary>
    [SqlName("paretonbd")]
    ParetoNbd,

    /// <summary>Gamma-Gamma spend model (Fader, Hardie &amp; Lee 2005, "RFM and CLV").</summary>
    [SqlName("gamma_gamma")]
    GammaGamma,
}
