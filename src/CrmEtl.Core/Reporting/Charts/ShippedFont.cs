using ScottPlot;
using SkiaSharp;

namespace CrmEtl.Core.Reporting.Charts;

/// <summary>
/// Charts draw their text in DejaVu Sans, shipped inside the binary (Reporting/Fonts, Bitstream Vera
/// licence): a bare server has no fonts, and SkiaSharp's NoDependencies build does not look for any.
/// Shipping one also makes a chart look the same on every machine.
/// </summary>
internal sealed class ShippedFont : IFontResolver
{
    public const string Name = "DejaVu Sans";

    private static readonly Lazy<byte[]> Bytes = new(() =>
    {
        using var stream = typeof(ShippedFont).Assembly.GetManifestResourceStream("fonts/DejaVuSans.ttf")
            ?? throw new InvalidOperationException("The chart font fonts/DejaVuSans.ttf is not embedded in the binary.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    private static readonly Lazy<bool> Installed = new(() =>
    {
        Fonts.FontResolvers.Insert(0, new ShippedFont());
        Fonts.Default = Name;
        Fonts.Sans = Name;
        return true;
    });

    /// <summary>Makes ScottPlot resolve every font name to the shipped one (once per process).</summary>
    public static void Install() => _ = Installed.Value;

    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) => Typeface();

    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) => Typeface();

    private static SKTypeface Typeface() => SKTypeface.FromData(SKData.CreateCopy(Bytes.Value));
}
