namespace CrmEtl.Core.Generation;

/// <summary>
/// What <see cref="SampleDataGenerator"/> writes: <paramref name="Days"/> days of ads, leads and purchases
/// from <paramref name="StartDate"/> (default 2024-01-01, so the default period is the seed's year 2024).
/// <paramref name="Scale"/> multiplies each campaign-day's impressions, clicks (= leads) and spend, so there are
/// Scale times the leads and purchases with the same CTR, CPL and conversion. The same options give byte-identical files.
/// </summary>
public sealed record GenerationOptions(
    string OutputDirectory,
    int Days = 366,
    double Scale = 1.0,
    int Seed = 42,
    DateOnly? StartDate = null)
{
    /// <summary>The seed's first day.</summary>
    public static readonly DateOnly DefaultStartDate = new(2024, 1, 1);

    /// <summary>A hundred years of data is already absurd; the cap keeps block bookkeeping in memory.</summary>
    public const int MaxDays = 36_525;

    /// <summary>Scale 100 is about 98 million leads and 12 GB of CSV a year; the cap bounds buffer memory.</summary>
    public const double MaxScale = 100;

    public DateOnly EffectiveStartDate => StartDate ?? DefaultStartDate;

    /// <summary>Throws <see cref="CrmEtlException"/> naming the bad option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputDirectory))
            throw new CrmEtlException("generate: the output directory is empty; pass --out DIR.");
        if (Days < 1 || Days > MaxDays)
            throw new CrmEtlException($"generate: --days must be between 1 and {MaxDays}, got {Days}.");
        if (!(Scale > 0) || Scale > MaxScale)
            throw new CrmEtlException($"generate: --scale must be greater than 0 and at most {MaxScale}, got {Scale}.");
        if (EffectiveStartDate.DayNumber + (long)Days - 1 > DateOnly.MaxValue.DayNumber)
            throw new CrmEtlException($"generate: {Days} days from {EffectiveStartDate:yyyy-MM-dd} run past the calendar's end.");
    }
}
