using System.Text;
using CrmEtl.Core;
using CrmEtl.Core.Configuration;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Loading;

/// <summary>
/// A line with more or fewer fields than the header, anywhere in any source, stops the run with
/// a message naming that line: never line 1 (DuckDB's sniffer can take a long line for the
/// header and skip every line above it).
/// </summary>
public sealed class RaggedLineTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    public static TheoryData<string, int, int, int> Cases()
    {
        var cases = new TheoryData<string, int, int, int>();
        foreach (var source in new[] { "purchases", "leads", "ads", "customers" })
        {
            // (lines in the file, the ragged line): the first data line, the middle, the last line, deep in a long file.
            foreach (var (lines, ragged) in new[] { (100, 2), (100, 50), (100, 100), (6000, 5000) })
            {
                foreach (var extraFields in new[] { 1, 3, -1 })
                {
                    cases.Add(source, lines, ragged, extraFields);
                }
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Ragged_line_is_named_at_its_own_line(string source, int lines, int raggedLine, int extraFields)
    {
        var file = temp.File($"{source}.csv", RaggedFile(source, lines, raggedLine, extraFields));

        var error = RunWith(source, file);

        Assert.Contains($"{source}.csv, line {raggedLine}", error.Message);
        Assert.Contains(extraFields > 0 ? "too many columns" : "missing columns", error.Message);
        Assert.DoesNotContain("header", error.Message);
    }

    [Fact]
    public void Gzipped_file_with_a_long_last_line_names_that_line()
    {
        var file = temp.Combine("purchases.csv.gz");
        using (var gzip = new System.IO.Compression.GZipStream(File.Create(file), System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(RaggedFile("purchases", 300, 300, 1)));
        }

        var error = RunWith("purchases", file);

        Assert.Contains("purchases.csv.gz, line 300: too many columns", error.Message);
    }

    private CrmEtlException RunWith(string source, string file)
    {
        var sources = new Dictionary<string, SourceSpec>(StringComparer.OrdinalIgnoreCase) { [source] = SourceSpec.ForFile(file) };
        return Assert.Throws<CrmEtlException>(() => Fixtures.Run(Fixtures.Config(sources), temp.Combine("out")));
    }

    /// <summary>A well-formed file of the source's canonical columns, except <paramref name="raggedLine"/>.</summary>
    private static string RaggedFile(string source, int lines, int raggedLine, int extraFields)
    {
        var (header, row) = Layouts[source];
        var text = new StringBuilder(header).Append('\n');
        for (var line = 2; line <= lines; line++)
        {
            var fields = row(line).Split(',').ToList();
            if (line == raggedLine)
            {
                fields = extraFields > 0
                    ? [.. fields, .. Enumerable.Repeat("extra", extraFields)]
                    : fields[..^-extraFields];
            }

            text.AppendJoin(',', fields).Append('\n');
        }

        return text.ToString();
    }

    private static readonly Dictionary<string, (string Header, Func<int, string> Row)> Layouts = new()
    {
        ["purchases"] = ("transaction_id,purchase_date,customer_id,sku,price,qty", i => $"T{i:D5},2024-02-01,C{i % 50},SKU001,100.00,1"),
        ["leads"] = ("lead_date,customer_id,campaign_id,source,sku_interest", i => $"2024-01-01,C{i},Camp{i % 9},Google,SKU001"),
        ["ads"] = ("date,campaign_id,source,impressions,clicks,spend", i => $"2024-01-{1 + (i % 28):D2},Camp{i % 9},Google,1000,50,12.5"),
        ["customers"] = ("customer_id,first_purchase_date,last_purchase_date,frequency,monetary", i => $"C{i},2023-01-01,2024-01-01,3,250.5"),
    };
}
