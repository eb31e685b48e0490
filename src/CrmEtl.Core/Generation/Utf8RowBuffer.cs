using System.Buffers;

namespace CrmEtl.Core.Generation;

/// <summary>
/// A growable byte buffer that CSV rows are formatted into without intermediate strings; numbers are
/// written digit by digit. The array is rented from the shared pool and returned on dispose.
/// </summary>
internal sealed class Utf8RowBuffer(int initialCapacity) : IDisposable
{
    private byte[] bytes = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 256));

    public int Length { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => bytes.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public void Append(ReadOnlySpan<byte> text)
    {
        EnsureRoom(text.Length);
        text.CopyTo(bytes.AsSpan(Length));
        Length += text.Length;
    }

    public void Append(byte character)
    {
        EnsureRoom(1);
        bytes[Length++] = character;
    }

    /// <summary>A non-negative integer, left-padded with zeros to at least <paramref name="minDigits"/> (Python's f"{n:07d}").</summary>
    public void AppendDigits(long value, int minDigits = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        var digits = Math.Max(CountDigits(value), minDigits);
        EnsureRoom(digits);
        var end = Length + digits;
        for (var i = end - 1; i >= Length; i--)
        {
            bytes[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
        Length = end;
    }

    /// <summary>
    /// An amount of whole cents the way pandas writes round(x, 2): the shortest decimal that reads back,
    /// with at least one decimal digit ("338.0", "466.9", "71.64").
    /// </summary>
    public void AppendCents(long cents)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cents);
        AppendDigits(cents / 100);
        Append((byte)'.');
        var fraction = cents % 100;
        if (fraction % 10 == 0)
            Append((byte)('0' + fraction / 10));
        else
            AppendDigits(fraction, 2);
    }

    public void WriteTo(Stream stream) => stream.Write(bytes, 0, Length);

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(bytes);
        bytes = [];
        Length = 0;
    }

    private static int CountDigits(long value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }
        return digits;
    }

    private void EnsureRoom(int extra)
    {
        if (Length + extra <= bytes.Length)
            return;
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(bytes.Length * 2, Length + extra));
        bytes.AsSpan(0, Length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(bytes);
        bytes = larger;
    }
}
