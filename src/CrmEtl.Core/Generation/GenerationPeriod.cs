using System.Text;

namespace CrmEtl.Core.Generation;

/// <summary>
/// The generated days, each with its yyyy-MM-dd text precomputed. Purchases that would fall after the
/// last day are clipped to it, as the seed clips to 2024-12-31.
/// </summary>
internal sealed class GenerationPeriod
{
    private const int DateLength = 10;
    private readonly byte[] dateUtf8;

    public GenerationPeriod(DateOnly start, int days)
    {
        Start = start;
        Days = days;
        dateUtf8 = new byte[days * DateLength];
        for (var day = 0; day < days; day++)
        {
            var written = Encoding.UTF8.GetBytes(start.AddDays(day).ToString("yyyy-MM-dd"), dateUtf8.AsSpan(day * DateLength));
            if (written != DateLength)
                throw new InvalidOperationException($"Date {start.AddDays(day)} does not format to {DateLength} bytes.");
        }
    }

    public DateOnly Start { get; }

    public int Days { get; }

    public int LastDayIndex => Days - 1;

    public DateOnly LastDay => Start.AddDays(LastDayIndex);

    public ReadOnlySpan<byte> DateUtf8(int dayIndex) => dateUtf8.AsSpan(dayIndex * DateLength, DateLength);
}
