using CrmEtl.Core;
using CrmEtl.Core.Configuration;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Configuration;

public sealed class AsOfExpressionTests
{
    [Theory]
    [InlineData("2025-01-15", "today", "2025-01-15")]
    [InlineData("2025-01-15", "yesterday", "2025-01-14")]
    [InlineData("2025-03-01", "yesterday", "2025-02-28")]
    [InlineData("2025-01-15", "last-week-end", "2025-01-12")] // a Wednesday: the Sunday before
    [InlineData("2025-01-13", "last-week-end", "2025-01-12")] // a Monday: yesterday
    [InlineData("2025-01-12", "last-week-end", "2025-01-05")] // a Sunday: strictly before today
    [InlineData("2025-01-15", "last-month-end", "2024-12-31")]
    [InlineData("2024-03-01", "Last-Month-End", "2024-02-29")]
    [InlineData("2025-01-15", "2024-06-30", "2024-06-30")]
    public void Names_resolve_against_the_clock(string today, string text, string expected)
    {
        var clock = new FixedClock(DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), AsOfExpression.Resolve(text, "--as-of", clock));
    }

    [Fact]
    public void An_unknown_name_lists_the_known_ones()
    {
        var error = Assert.Throws<CrmEtlException>(() => AsOfExpression.Resolve("last-year-end", "--as-of", new FixedClock(new DateOnly(2025, 1, 15))));

        Assert.Equal("--as-of: 'last-year-end' is not a date; write it as YYYY-MM-DD or one of " + AsOfExpression.Names + ".", error.Message);
    }

    [Fact]
    public void Config_asOf_may_be_a_name()
    {
        using var temp = new TempDirectory();
        var path = temp.File("crmetl.json", """{ "asOf": "last-month-end" }""");

        Assert.Equal(new DateOnly(2025, 2, 28), ConfigReader.Read(path, new FixedClock(new DateOnly(2025, 3, 10))).AsOf);
    }

    [Fact]
    public void Run_as_of_yesterday_uses_the_clock()
    {
        using var temp = new TempDirectory();

        var result = TestCli.Run(["run", "--purchases", Fixtures.Path("small/purchases.csv"), "--as-of", "yesterday", "--out", temp.Path],
            new FixedClock(new DateOnly(2024, 4, 2)));

        Assert.Equal(0, result.Exit);
        Assert.Contains("as of 2024-04-01", result.Stdout, StringComparison.Ordinal);
    }
}
