namespace CrmEtl.Core.Generation;

/// <summary>The independent random streams of one campaign-day block.</summary>
internal enum RandomStream : ulong
{
    /// <summary>Impressions, clicks, spend: drawn while planning, before any block is generated.</summary>
    AdHeader = 1,

    /// <summary>Transactions per buyer: drawn while planning (to number transactions) and again while generating.</summary>
    TransactionCounts = 2,

    /// <summary>Everything else: SKU interest, buyers, dates, lines.</summary>
    Body = 3,
}

/// <summary>
/// xoshiro256** (Blackman &amp; Vigna, "Scrambled linear pseudorandom number generators", 2018), seeded by
/// SplitMix64 from (seed, block, stream). One generator per campaign-day block and stream makes every block
/// reproducible on its own, so blocks can be generated in any order, on any thread, with identical output.
/// </summary>
internal struct BlockRandom
{
    private ulong s0, s1, s2, s3;

    public BlockRandom(int seed, long blockIndex, RandomStream stream)
    {
        // Each step is a bijection of the running key, so distinct (seed, block, stream) give distinct keys.
        var key = Mix((ulong)(uint)seed + 0x9E3779B97F4A7C15UL);
        key = Mix(key ^ (ulong)blockIndex);
        key = Mix(key + (ulong)stream);
        s0 = SplitMix64(ref key);
        s1 = SplitMix64(ref key);
        s2 = SplitMix64(ref key);
        s3 = SplitMix64(ref key);
    }

    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = ulong.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, exclusiveMax), unbiased (Lemire 2019, "Fast random integer generation in an interval").</summary>
    public int NextInt(int exclusiveMax)
    {
        var range = (uint)exclusiveMax;
        var product = (ulong)(uint)(NextUInt64() >> 32) * range;
        var low = (uint)product;
        if (low < range)
        {
            var threshold = (0u - range) % range;
            while (low < threshold)
            {
                product = (ulong)(uint)(NextUInt64() >> 32) * range;
                low = (uint)product;
            }
        }
        return (int)(product >> 32);
    }

    private static ulong SplitMix64(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state);
    }

    /// <summary>SplitMix64's finaliser (Steele, Lea &amp; Flood 2014).</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
