using System.Text;
using CrmEtl.Core.Generation;

namespace CrmEtl.Tests.Generation;

public sealed class Utf8RowBufferTests
{
    [Theory]
    [InlineData(33800, "338.0")]
    [InlineData(46690, "466.9")]
    [InlineData(7164, "71.64")]
    [InlineData(5, "0.05")]
    [InlineData(0, "0.0")]
    [InlineData(100000, "1000.0")]
    public void Cents_are_written_as_pandas_writes_a_rounded_float(long cents, string expected)
    {
        using var buffer = new Utf8RowBuffer(4);
        buffer.AppendCents(cents);
        Assert.Equal(expected, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Theory]
    [InlineData(1, 7, "0000001")]
    [InlineData(985650, 7, "0985650")]
    [InlineData(12345678, 7, "12345678")]
    [InlineData(0, 1, "0")]
    public void Numbers_are_zero_padded_like_python_format_07d(long value, int digits, string expected)
    {
        using var buffer = new Utf8RowBuffer(4);
        buffer.AppendDigits(value, digits);
        Assert.Equal(expected, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void Buffer_grows_past_its_initial_capacity()
    {
        using var buffer = new Utf8RowBuffer(1);
        for (var i = 0; i < 1000; i++)
            buffer.Append("abc,"u8);
        Assert.Equal(4000, buffer.Length);
        Assert.Equal("abc,abc,", Encoding.UTF8.GetString(buffer.WrittenSpan[^8..]));
    }

    [Theory]
    [InlineData(95564, 485, 197)]   // seed fixture: 955.64 / 485 = 1.970…
    [InlineData(1001, 2, 500)]      // 5.005: tie to even
    [InlineData(1003, 2, 502)]      // 5.015: tie to even
    [InlineData(50000, 0, 0)]       // no clicks: the seed writes 0
    public void Cost_per_lead_is_spend_over_clicks_rounded_to_cents(long spendCents, long clicks, long expected) =>
        Assert.Equal(expected, AdsCsvWriter.CostPerLeadCents(spendCents, clicks));
}
