using System.Runtime.CompilerServices;

namespace CrmEtl.Core.Modeling;

/// <summary>
/// ln (a)_n = ln Γ(a + n) − ln Γ(a) and its derivative ψ(a + n) − ψ(a) for whole n. The BG/NBD likelihood only ever needs
/// these differences; summing ln(a + k) is exact where subtracting two large ln Γ values would cancel (large a or n).
/// </summary>
internal static class RisingFactorial
{
    /// <summary>Above this n a sweep costs more than it saves; ln Γ differences are accurate enough there because n dominates.</summary>
    private const int MaximumSweep = 4096;

    /// <summary>Fills log[i] = ln (a)_{n[i]} and digamma[i] = ψ(a + n[i]) − ψ(a) for ascending, distinct n ≥ 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Fill(double a, ReadOnlySpan<int> ascendingN, Span<double> log, Span<double> digamma)
    {
        double logSum = 0, inverseSum = 0;
        var k = 0;
        for (var i = 0; i < ascendingN.Length; i++)
        {
            var n = ascendingN[i];
            if (n > MaximumSweep)
            {
                log[i] = MathNet.Numerics.SpecialFunctions.GammaLn(a + n) - MathNet.Numerics.SpecialFunctions.GammaLn(a);
                digamma[i] = MathNet.Numerics.SpecialFunctions.DiGamma(a + n) - MathNet.Numerics.SpecialFunctions.DiGamma(a);
                continue;
            }

            for (; k < n; k++)
            {
                logSum += Math.Log(a + k);
                inverseSum += 1.0 / (a + k);
            }

            log[i] = logSum;
            digamma[i] = inverseSum;
        }
    }
}
