namespace CrmEtl.Core.Modeling;

/// <summary>
/// Sums a per-item function and its gradient over many items on all cores. The split into chunks is fixed (it does not
/// depend on the number of cores), and chunk results are added in order, so the result is the same on every machine.
/// </summary>
internal static class ChunkedSum
{
    private const int ItemsPerChunk = 16_384;

    /// <summary>Sums item values over [start, end) into accumulator[0] and gradient terms into accumulator[1..].</summary>
    public delegate void ChunkBody(int start, int end, Span<double> accumulator);

    /// <summary>Returns the total value and writes the summed gradient into <paramref name="gradient"/>.</summary>
    public static double Run(int count, Span<double> gradient, ChunkBody body)
    {
        var width = gradient.Length + 1;
        var chunks = Math.Max(1, (count + ItemsPerChunk - 1) / ItemsPerChunk);
        var partial = new double[chunks * width];
        if (chunks == 1)
        {
            body(0, count, partial);
        }
        else
        {
            Parallel.For(0, chunks, chunk =>
                body(chunk * ItemsPerChunk, Math.Min(count, (chunk + 1) * ItemsPerChunk), partial.AsSpan(chunk * width, width)));
        }

        gradient.Clear();
        double total = 0;
        for (var chunk = 0; chunk < chunks; chunk++)
        {
            total += partial[chunk * width];
            for (var j = 0; j < gradient.Length; j++)
            {
                gradient[j] += partial[(chunk * width) + j + 1];
            }
        }

        return total;
    }
}
