using CrmEtl.Core;
using CrmEtl.Core.Configuration;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Loading;

/// <summary>Exports from Excel and older CRMs are often Latin-1 ("ANSI") or UTF-16, not UTF-8.</summary>
public sealed class EncodingTests
{
    [Theory]
    [InlineData("encodings/latin1.csv", "latin-1")]
    [InlineData("encodings/utf16.csv", "utf-16")]
    public void A_file_in_its_declared_encoding_loads_with_its_accents(string fixture, string encoding)
    {
        using var temp = new TempDirectory();
        var sources = SmallProject.Sources();
        sources["purchases"] = SourceSpec.ForFile(Fixtures.Path(fixture)) with { Encoding = encoding };

        var summary = Fixtures.Run(Fixtures.Config(sources), temp.Path);

        Assert.Equal("CAFÉ-CRÈME", Db.Scalar<string>(summary.DatabasePath, "SELECT sku FROM purchases WHERE transaction_id = 'T05'"));
        Assert.Equal(SmallProject.Funnel, SmallProject.FunnelIn(summary.DatabasePath));
    }

    [Fact]
    public void A_latin1_file_read_as_utf8_names_the_line_and_the_encoding_setting()
    {
        using var temp = new TempDirectory();
        var sources = SmallProject.Sources();
        sources["purchases"] = SourceSpec.ForFile(Fixtures.Path("encodings/latin1.csv"));

        var error = Assert.Throws<CrmEtlException>(() => Fixtures.Run(Fixtures.Config(sources), temp.Path));

        Assert.Contains("latin1.csv, line 7, column 'sku'", error.Message);
        Assert.Contains("\"encoding\": \"latin-1\"", error.Message);
    }

    [Theory]
    [InlineData("Latin1", "latin-1")]
    [InlineData("ISO-8859-1", "latin-1")]
    [InlineData("UTF-16", "utf-16")]
    [InlineData("utf8", "utf-8")]
    public void Encoding_names_are_read_as_users_write_them(string written, string normalized)
    {
        using var temp = new TempDirectory();
        var config = temp.File("crmetl.json", $$"""{ "sources": { "purchases": { "path": "p.csv", "encoding": "{{written}}" } } }""");

        Assert.Equal(normalized, ConfigReader.Read(config).Sources["purchases"].Encoding);
    }

    [Fact]
    public void An_encoding_the_reader_cannot_decode_is_refused_with_the_choices()
    {
        using var temp = new TempDirectory();
        var config = temp.File("crmetl.json", """{ "sources": { "purchases": { "path": "p.csv", "encoding": "windows-1252" } } }""");

        var error = Assert.Throws<CrmEtlException>(() => ConfigReader.Read(config));

        Assert.Contains("sources.purchases.encoding \"windows-1252\"", error.Message);
        Assert.Contains("utf-8, utf-16, latin-1", error.Message);
    }
}
