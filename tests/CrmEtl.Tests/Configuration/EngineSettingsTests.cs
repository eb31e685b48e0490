using CrmEtl.Core;
using CrmEtl.Core.Configuration;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Configuration;

public sealed class EngineSettingsTests
{
    [Fact]
    public void Config_sets_memory_limit_and_a_temp_directory_relative_to_itself()
    {
        using var temp = new TempDirectory();
        var path = temp.File("crmetl.json", """{ "memoryLimit": "8GB", "tempDirectory": "spill" }""");

        var settings = EngineSettings.For(ConfigReader.Read(path), temp.Combine("out/crm.duckdb"));

        Assert.Equal(new EngineSettings("8GB", temp.Combine("spill")), settings);
    }

    [Fact]
    public void Defaults_are_half_the_machine_and_a_folder_next_to_the_database()
    {
        using var temp = new TempDirectory();

        var settings = EngineSettings.For(ProjectConfig.Empty, temp.Combine("out/crm.duckdb"));

        var halfMachine = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2 / (1024 * 1024);
        Assert.Equal($"{halfMachine}MiB", settings.MemoryLimit);
        Assert.Equal(temp.Combine("out/crm.duckdb.tmp"), settings.TempDirectory);
    }

    [Theory]
    [InlineData("8GB", "4491MiB")]
    [InlineData("12GiB", "7286MiB")]
    [InlineData("500 mb", "200MiB")]
    [InlineData("1.5GiB", "835MiB")]
    [InlineData("256MB", "60MiB")]
    public void Duckdb_gets_three_fifths_of_the_run_memory_limit_beyond_the_runtimes_150_MB(string limit, string duckDb)
    {
        var settings = new EngineSettings(EngineSettings.CheckMemoryLimit(limit, "test"), "spill");

        Assert.Equal(duckDb, settings.DuckDbMemoryLimit);
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("12")]
    [InlineData("80%")]
    public void A_memory_limit_that_is_not_a_size_names_the_file_and_the_form(string value)
    {
        using var temp = new TempDirectory();
        var path = temp.File("crmetl.json", $$"""{ "memoryLimit": "{{value}}" }""");

        var error = Assert.Throws<CrmEtlException>(() => ConfigReader.Read(path));

        Assert.Equal($"{path}: memoryLimit: memory limit '{value}' is not a size; write a number and a unit, e.g. 12GB, 8GiB or 500MB.", error.Message);
    }

    [Theory]
    [InlineData("100KB")]
    [InlineData("255MB")]
    [InlineData("0GB")]
    public void A_memory_limit_too_small_for_a_run_says_how_much_is_needed(string value)
    {
        var error = Assert.Throws<CrmEtlException>(() => EngineSettings.CheckMemoryLimit(value, "--memory-limit"));

        Assert.Equal($"--memory-limit: memory limit '{value}' is too small: a run needs at least 256MB (the .NET runtime and DuckDB take about 150 MB before any data).", error.Message);
    }

    [Fact]
    public void A_memory_limit_given_as_a_bare_number_asks_for_a_size_in_quotes()
    {
        using var temp = new TempDirectory();
        var path = temp.File("crmetl.json", """{ "memoryLimit": 8 }""");

        var error = Assert.Throws<CrmEtlException>(() => ConfigReader.Read(path));

        Assert.Equal($"{path}: memoryLimit must be a size in quotes, e.g. \"8GB\"; found 8.", error.Message);
    }

    [Fact]
    public void Run_options_override_the_config_and_the_run_prints_them()
    {
        using var temp = new TempDirectory();
        var purchases = temp.File("purchases.csv", """
            customer_id,purchase_date,transaction_id,amount
            C1,2024-01-02,T1,10.5
            C1,2024-01-09,T2,4.5
            """);
        temp.File("crmetl.json", """{ "memoryLimit": "8GB" }""");

        var result = TestCli.Run("run", "--config", temp.Combine("crmetl.json"), "--purchases", purchases, "--out", temp.Combine("out"),
            "--memory-limit", "300MB", "--temp-directory", temp.Combine("spill"));

        Assert.Equal(0, result.Exit);
        Assert.Contains($"engine: memory limit 300MB (DuckDB 85MiB of it), temp_directory {temp.Combine("spill")}", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_memory_limit_option_is_a_user_error()
    {
        var result = TestCli.Run("run", "--purchases", "p.csv", "--memory-limit", "much");

        Assert.Equal(1, result.Exit);
        Assert.Contains("--memory-limit: memory limit 'much' is not a size", result.Stderr, StringComparison.Ordinal);
    }
}
