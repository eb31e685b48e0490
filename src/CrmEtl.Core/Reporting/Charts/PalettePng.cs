using System.Buffers.Binary;
using System.IO.Compression;
using SkiaSharp;

namespace CrmEtl.Core.Reporting.Charts;

/// <summary>
/// Re-encodes a PNG with a palette of at most 256 colours (PNG colour type 3). A line chart is a few
/// flat colours and their anti-aliased edges; SkiaSharp only writes true-colour PNGs, three to four
/// times larger, and the report file embeds its charts (the whole file must stay under 100 KB).
/// With more than 256 colours the most frequent ones are kept and every other colour is drawn in
/// its nearest kept colour: only faint edge shades move, by a shade.
/// </summary>
public static class PalettePng
{
    public const int MaxColors = 256;

    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a];

    private static readonly uint[] CrcTable = [.. Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        }

        return c;
    })];

    public static byte[] Reencode(byte[] png)
    {
        using var codec = SKCodec.Create(new MemoryStream(png)) ?? throw new ArgumentException("Not an image SkiaSharp can read.", nameof(png));
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = SKBitmap.Decode(codec, info) ?? throw new ArgumentException("Not an image SkiaSharp can read.", nameof(png));
        var bytes = bitmap.GetPixelSpan();
        var pixels = new uint[info.Width * info.Height];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = BinaryPrimitives.ReadUInt32BigEndian(bytes.Slice(i * 4, 4));
        }

        return Encode(info.Width, info.Height, pixels);
    }

    /// <param name="pixels">Row by row, each as 0xRRGGBBAA.</param>
    public static byte[] Encode(int width, int height, ReadOnlySpan<uint> pixels)
    {
        if (width <= 0 || height <= 0 || pixels.Length != width * height)
        {
            throw new ArgumentException($"{pixels.Length} pixels do not make a {width}x{height} image.", nameof(pixels));
        }

        var palette = ChoosePalette(pixels);
        var indexOf = IndexEveryColor(pixels, palette);
        var scanlines = new byte[height * (width + 1)];
        for (var y = 0; y < height; y++)
        {
            var row = y * (width + 1);
            scanlines[row] = 0; // filter "none": for palette images the PNG spec recommends it, and it compresses best here
            for (var x = 0; x < width; x++)
            {
                scanlines[row + 1 + x] = indexOf[pixels[(y * width) + x]];
            }
        }

        using var output = new MemoryStream();
        output.Write(Signature);
        WriteChunk(output, "IHDR", Header(width, height));
        WriteChunk(output, "PLTE", [.. palette.SelectMany(c => new[] { Red(c), Green(c), Blue(c) })]);
        if (palette.Any(c => Alpha(c) != 255))
        {
            WriteChunk(output, "tRNS", [.. palette.Select(Alpha)]);
        }

        WriteChunk(output, "IDAT", Compress(scanlines));
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    private static uint[] ChoosePalette(ReadOnlySpan<uint> pixels)
    {
        var counts = new Dictionary<uint, int>();
        foreach (var p in pixels)
        {
            counts[p] = counts.GetValueOrDefault(p) + 1;
        }

        return [.. counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Take(MaxColors).Select(kv => kv.Key)];
    }

    private static Dictionary<uint, byte> IndexEveryColor(ReadOnlySpan<uint> pixels, uint[] palette)
    {
        var indexOf = new Dictionary<uint, byte>();
        for (var i = 0; i < palette.Length; i++)
        {
            indexOf[palette[i]] = (byte)i;
        }

        foreach (var p in pixels)
        {
            if (!indexOf.ContainsKey(p))
            {
                indexOf[p] = Nearest(p, palette);
            }
        }

        return indexOf;
    }

    private static byte Nearest(uint color, uint[] palette)
    {
        var best = 0;
        var bestDistance = long.MaxValue;
        for (var i = 0; i < palette.Length; i++)
        {
            var distance = Square(Red(color) - Red(palette[i])) + Square(Green(color) - Green(palette[i]))
                + Square(Blue(color) - Blue(palette[i])) + Square(Alpha(color) - Alpha(palette[i]));
            if (distance < bestDistance)
            {
                (best, bestDistance) = (i, distance);
            }
        }

        return (byte)best;
    }

    private static byte[] Header(int width, int height)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bits per palette index
        header[9] = 3; // colour type: palette
        return header; // compression, filter and interlace methods: 0
    }

    private static byte[] Compress(byte[] data)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return compressed.ToArray();
    }

    private static void WriteChunk(Stream output, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        var typeAndData = new byte[4 + data.Length];
        for (var i = 0; i < 4; i++)
        {
            typeAndData[i] = (byte)type[i];
        }

        data.CopyTo(typeAndData, 4);
        output.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typeAndData));
        output.Write(word);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xffffffffu;
        foreach (var b in bytes)
        {
            crc = CrcTable[(crc ^ b) & 0xff] ^ (crc >> 8);
        }

        return crc ^ 0xffffffffu;
    }

    private static byte Red(uint c) => (byte)(c >> 24);

    private static byte Green(uint c) => (byte)(c >> 16);

    private static byte Blue(uint c) => (byte)(c >> 8);

    private static byte Alpha(uint c) => (byte)c;

    private static long Square(int v) => (long)v * v;
}
