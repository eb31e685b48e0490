using CrmEtl.Core.Reporting.Charts;
using SkiaSharp;

namespace CrmEtl.Tests.Reporting;

/// <summary>Charts are written as palette PNGs: any decoder reads them back, exactly when they have at most 256 colours.</summary>
public sealed class PalettePngTests
{
    [Fact]
    public void An_image_of_few_colours_decodes_to_exactly_its_pixels()
    {
        const int width = 37, height = 11;
        uint[] colors = [0xffffffff, 0x2563ebff, 0x16a34aff, 0x9ca3afff, 0x000000ff];
        var pixels = Enumerable.Range(0, width * height).Select(i => colors[(i * 7 / 3) % colors.Length]).ToArray();

        var png = PalettePng.Encode(width, height, pixels);

        Assert.Equal(3, png[25]); // IHDR colour type: palette
        Assert.Equal(pixels, Decode(png, out var decodedWidth));
        Assert.Equal(width, decodedWidth);
    }

    [Fact]
    public void Transparent_pixels_stay_transparent()
    {
        uint[] pixels = [0x000000ff, 0x00000000, 0x00000000, 0x000000ff];

        var decoded = Decode(PalettePng.Encode(2, 2, pixels), out _);

        Assert.Equal([255, 0, 0, 255], decoded.Select(p => (int)(p & 0xff)));
    }

    [Fact]
    public void With_more_than_256_colours_the_frequent_ones_stay_and_the_rare_move_to_the_nearest()
    {
        // 256 frequent greys 0..255 (four pixels each) and 100 rare reds, one pixel each.
        var frequent = Enumerable.Range(0, 256).SelectMany(v => Enumerable.Repeat(Grey(v), 4));
        var rare = Enumerable.Range(0, 100).Select(v => ((uint)(156 + v) << 24) | 0x000000ffu);
        var pixels = frequent.Concat(rare).ToArray();
        const int width = 1124;

        var decoded = Decode(PalettePng.Encode(width, 1, pixels), out _);

        Assert.Equal(pixels[..1024], decoded[..1024]);
        foreach (var (original, drawn) in pixels[1024..].Zip(decoded[1024..]))
        {
            var red = (int)(original >> 24);
            var grey = (int)(drawn >> 24);
            Assert.Equal(Grey(grey), drawn);
            Assert.Equal(red / 3.0, grey, 0.67); // the grey nearest to (red, 0, 0) is red/3
        }
    }

    [Fact]
    public void A_twelve_month_chart_is_a_palette_png_well_under_the_true_colour_size()
    {
        var months = Enumerable.Range(0, 12).Select(i => new DateTime(2024, 1, 1).AddMonths(i).ToString("MMM yy", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        double[] active = [54, 69, 88, 85, 91, 88, 89, 88, 88, 85, 83, 93];
        double[] fresh = [54, 51, 56, 50, 56, 53, 53, 52, 54, 49, 50, 49];
        double[] revenue = [26, 33, 42, 41, 44, 42, 43, 42, 42, 41, 40, 64];

        var png = LineChart.Render(months, [
            new ChartSeries("Active customers", "#2563eb", [.. active.Select(v => v * 1000)]),
            new ChartSeries("New customers", "#16a34a", [.. fresh.Select(v => v * 1000)]),
            new ChartSeries("Revenue (right axis)", "#9ca3af", [.. revenue.Select(v => v * 1e6)], Dashed: true, RightAxis: true),
        ], "Customers", "Revenue");

        Assert.Equal(3, png[25]);
        var pixels = Decode(png, out var width);
        Assert.Equal((int)(LineChart.DisplayWidth * LineChart.PixelsPerCssPixel), width);
        Assert.Equal((int)(LineChart.DisplayHeight * LineChart.PixelsPerCssPixel), pixels.Length / width);
        Assert.InRange(png.Length, 1_000, 25_000); // drawn at 2 pixels per CSS pixel it was 26 KB as a palette PNG, 70 KB in true colour
    }

    private static uint Grey(int v) => ((uint)v << 24) | ((uint)v << 16) | ((uint)v << 8) | 0xff;

    private static uint[] Decode(byte[] png, out int width)
    {
        using var bitmap = SKBitmap.Decode(png);
        using var rgba = bitmap.Copy(SKColorType.Rgba8888);
        width = rgba.Width;
        var pixels = new uint[rgba.Width * rgba.Height];
        for (var y = 0; y < rgba.Height; y++)
        {
            for (var x = 0; x < rgba.Width; x++)
            {
                var c = rgba.GetPixel(x, y);
                pixels[(y * rgba.Width) + x] = ((uint)c.Red << 24) | ((uint)c.Green << 16) | ((uint)c.Blue << 8) | c.Alpha;
            }
        }

        return pixels;
    }
}
