namespace CrmEtl.Core.Generation;

/// <summary>
/// Generates the planned blocks in parallel, a chunk at a time, and appends each chunk's rows to the
/// leads and purchases files in block order. Output depends only on the plan, never on scheduling.
/// </summary>
internal static class CampaignDayPipeline
{
    /// <summary>
    /// Eight days of nine campaigns: enough blocks per chunk to keep both cores busy despite blocks of
    /// very different sizes (50 to 999 leads). Above scale 10 chunks shrink, to at least 16 blocks, to
    /// bound memory (about 4 MB of rows per block at scale 100).
    /// </summary>
    private const int MaxBlocksPerChunk = 72;

    public static long Run(
        CampaignDay[] blocks,
        GenerationPeriod period,
        int seed,
        double scale,
        Stream leads,
        Stream purchases,
        ParallelOptions parallel,
        IProgress<string>? progress)
    {
        var chunkSize = (int)Math.Clamp(10 * MaxBlocksPerChunk / scale, 16, MaxBlocksPerChunk);
        var leadRows = CreateBuffers(chunkSize);
        var purchaseRows = CreateBuffers(chunkSize);
        var linesPerBlock = new long[chunkSize];
        var progressReporter = new DayProgress(period.Days, progress);
        long purchaseLines = 0;
        try
        {
            for (var first = 0; first < blocks.Length; first += chunkSize)
            {
                var count = Math.Min(chunkSize, blocks.Length - first);
                var chunkStart = first;
                Parallel.For(0, count, parallel, i =>
                {
                    leadRows[i].Clear();
                    purchaseRows[i].Clear();
                    linesPerBlock[i] = CampaignDayWriter.Write(blocks[chunkStart + i], period, seed, leadRows[i], purchaseRows[i]);
                });

                for (var i = 0; i < count; i++)
                {
                    leadRows[i].WriteTo(leads);
                    purchaseRows[i].WriteTo(purchases);
                    purchaseLines += linesPerBlock[i];
                }
                progressReporter.Completed(blocks[first + count - 1].DayIndex + 1);
            }
        }
        finally
        {
            foreach (var buffer in leadRows.Concat(purchaseRows))
                buffer.Dispose();
        }
        return purchaseLines;
    }

    private static Utf8RowBuffer[] CreateBuffers(int count) =>
        [.. Enumerable.Range(0, count).Select(_ => new Utf8RowBuffer(16 * 1024))];

    /// <summary>Reports finished days at most about twenty times per run.</summary>
    private sealed class DayProgress(int days, IProgress<string>? progress)
    {
        private readonly int step = Math.Max(1, days / 20);
        private int nextReport = Math.Max(1, days / 20);

        public void Completed(int daysDone)
        {
            if (progress is null || (daysDone < nextReport && daysDone < days))
                return;
            progress.Report($"Generated {daysDone} of {days} days");
            nextReport = (daysDone / step + 1) * step;
        }
    }
}
