using MathNet.Numerics.Distributions;

namespace CrmEtl.Core.Modeling;

/// <summary>
/// Customers drawn from the BG/NBD process, for tests and benchmarks with known parameters: λ ~ Gamma(r, α),
/// p ~ Beta(a, b); purchases at rate λ, after each one the customer leaves with probability p (FHL 2005, §2).
/// Parameters are per time unit; each customer's first purchase is uniform over the acquisition window before the end.
/// </summary>
public static class BgNbdSimulation
{
    /// <summary>
    /// Simulates <paramref name="customers"/> histories. With <paramref name="daysPerTimeUnit"/> given, purchase times are cut
    /// to whole days and same-day purchases merged (as the SQL summary does), so x, t_x and T are whole days / unit and many
    /// customers share a history; without it, times stay continuous.
    /// </summary>
    public static PurchaseHistory[] Generate(BgNbdModel model, int customers, double acquisitionWindow, int seed, double? daysPerTimeUnit = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var random = new Random(seed);
        var histories = new PurchaseHistory[customers];
        for (var i = 0; i < customers; i++)
        {
            var lambda = Gamma.Sample(random, model.R, model.Alpha);
            var p = Beta.Sample(random, model.A, model.B);
            var age = random.NextDouble() * acquisitionWindow;
            histories[i] = daysPerTimeUnit is { } days
                ? WholeDays(random, lambda, p, age, days)
                : Continuous(random, lambda, p, age);
        }

        return histories;
    }

    // Time 0 is the first purchase; the dropout coin is tossed after each repeat purchase (FHL 2005, assumption iii).
    private static PurchaseHistory Continuous(Random random, double lambda, double p, double age)
    {
        double time = 0, last = 0;
        var repeats = 0;
        while (true)
        {
            time += Exponential.Sample(random, lambda);
            if (time > age)
            {
                break;
            }

            repeats++;
            last = time;
            if (random.NextDouble() < p)
            {
                break;
            }
        }

        return new PurchaseHistory(repeats, last, age);
    }

    private static PurchaseHistory WholeDays(Random random, double lambda, double p, double age, double daysPerUnit)
    {
        var ageDays = Math.Floor(age * daysPerUnit);
        double time = 0, lastDay = 0;
        var repeatDays = 0;
        while (true)
        {
            time += Exponential.Sample(random, lambda);
            var day = Math.Floor(time * daysPerUnit);
            if (day > ageDays)
            {
                break;
            }

            if (day > lastDay)
            {
                repeatDays++;
                lastDay = day;
            }

            if (random.NextDouble() < p)
            {
                break;
            }
        }

        return new PurchaseHistory(repeatDays, lastDay / daysPerUnit, ageDays / daysPerUnit);
    }
}
