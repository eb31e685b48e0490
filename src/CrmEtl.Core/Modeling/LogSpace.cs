namespace CrmEtl.Core.Modeling;

/// <summary>
/// Small numerically safe building blocks. .NET's double.LogP1/ExpM1 are computed as Log(1 + x) and Exp(x) − 1,
/// which lose all digits for tiny x, hence Kahan's corrections here.
/// </summary>
internal static class LogSpace
{
    /// <summary>ln(1 + x), accurate also for |x| far below machine epsilon.</summary>
    public static double Log1p(double x)
    {
        var u = 1.0 + x;
        if (u == 1.0)
        {
            return x;
        }

        return double.IsPositiveInfinity(u) ? u : Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>exp(x) − 1, accurate also for tiny x.</summary>
    public static double ExpM1(double x)
    {
        var u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }

        var um1 = u - 1.0;
        if (um1 == -1.0 || double.IsPositiveInfinity(u))
        {
            return um1;
        }

        return um1 * x / Math.Log(u);
    }

    /// <summary>(exp(x) − 1) / x, continuous at 0 (value 1).</summary>
    public static double ExpM1OverX(double x) => x == 0.0 ? 1.0 : ExpM1(x) / x;

    /// <summary>1 / (1 + exp(−x)) without overflow for any x.</summary>
    public static double Sigmoid(double x)
    {
        if (x >= 0)
        {
            return 1.0 / (1.0 + Math.Exp(-x));
        }

        var e = Math.Exp(x);
        return e / (1.0 + e);
    }

    /// <summary>ln(e^u + e^v) and the shares e^u/(e^u + e^v), e^v/(e^u + e^v), without overflow.</summary>
    public static (double LogSum, double ShareU, double ShareV) LogSumExpWithShares(double u, double v)
    {
        var larger = Math.Max(u, v);
        var e = Math.Exp(-Math.Abs(u - v));
        var share = 1 / (1 + e);
        return u >= v ? (larger + Math.Log(1 + e), share, e * share) : (larger + Math.Log(1 + e), e * share, share);
    }
}
