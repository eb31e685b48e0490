using MathNet.Numerics.Distributions;

namespace CrmEtl.Core.Modeling;

/// <summary>
/// Customers drawn from the Pareto/NBD process, for tests and benchmarks with known parameters: λ ~ Gamma(r, α),
/// μ ~ Gamma(s, β); purchases at rate λ during an exponential lifetime of rate μ (Schmittlein, Morrison &amp; Colombo 1987).
/// Each customer's first purchase is uniform over the acquisition window before the end; with
/// <paramref name="daysPerTimeUnit"/> given, times are cut to whole days and same-day purchases merged, as the SQL summary does.
/// </summary>
public static class ParetoNbdSimulation
{
    public static PurchaseHistory[] Generate(ParetoNbdModel model, int customers, double acquisitionWindow, int seed, double? daysPerTimeUnit = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var random = new Random(seed);
        var histories = new PurchaseHistory[customers];
        for (var i = 0; i < customers; i++)
        {
            var lambda = Gamma.Sample(random, model.R, model.Alpha);
            var mu = Gamma.Sample(random, model.S, model.Beta);
            var age = random.NextDouble() * acquisitionWindow;
            var lifetime = Exponential.Sample(random, mu);
            histories[i] = daysPerTimeUnit is { } days
                ? WholeDays(random, lambda, Math.Min(lifetime, age), age, days)
                : Continuous(random, lambda, Math.Min(lifetime, age), age);
        }

        return histories;
    }

    private static PurchaseHistory Continuous(Random random, double lambda, double activeUntil, double age)
    {
        double time = 0, last = 0;
        var repeats = 0;
        while ((time += Exponential.Sample(random, lambda)) <= activeUntil)
        {
            repeats++;
            last = time;
        }

        return new PurchaseHistory(repeats, last, age);
    }

    private static PurchaseHistory WholeDays(Random random, double lambda, double activeUntil, double age, double daysPerUnit)
    {
        var ageDays = Math.Floor(age * daysPerUnit);
        double time = 0, lastDay = 0;
        var repeatDays = 0;
        while ((time += Exponential.Sample(random, lambda)) <= activeUntil)
        {
            var day = Math.Floor(time * daysPerUnit);
            if (day > lastDay && day <= ageDays)
            {
                repeatDays++;
                lastDay = day;
            }
        }

        return new PurchaseHistory(repeatDays, lastDay / daysPerUnit, ageDays / daysPerUnit);
    }
}
