using System.Text.Json;
using CrmEtl.Core.Resources;
using CrmEtl.Tests.TestSupport;

namespace CrmEtl.Tests.Cli;

public sealed class InitStatusTests
{
    [Fact]
    public void Init_writes_the_config_the_rule_tables_the_parameters_and_a_readme_only()
    {
        using var temp = new TempDirectory();
        var project = temp.Combine("project");

        var init = TestCli.Run("init", project);

        Assert.Equal((0, string.Empty), (init.Exit, init.Stderr));
        var rules = ProjectFiles.BuiltInFiles.Where(f => f.StartsWith("sql/rules/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(rules);
        string[] expected = [InitManifest.FileName, "README.md", "crmetl.json", "sql/parameters.csv", .. rules];
        Assert.Equal(expected.Order(StringComparer.Ordinal), Files(project));
        Assert.Equal($"Wrote {expected.Length} file(s) into {project}. Edit sql/rules/, sql/parameters.csv and crmetl.json (README.md says what lives where), then run:", init.StdoutLines[0]);
        Assert.Contains("// \"mail\": {", File.ReadAllText(Path.Combine(project, "crmetl.json")), StringComparison.Ordinal);
        Assert.Contains("an empty file switches the", File.ReadAllText(Path.Combine(project, "README.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Init_records_the_built_in_hash_of_each_copied_file()
    {
        using var temp = new TempDirectory();
        TestCli.Run("init", temp.Path);

        var manifest = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(temp.Combine(InitManifest.FileName)))!;

        Assert.Equal(Files(temp.Path).Where(f => f.StartsWith("sql/", StringComparison.Ordinal)), manifest.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(InitManifest.Hash(File.ReadAllBytes(temp.Combine("sql/rules/tier_rules.csv"))), manifest["sql/rules/tier_rules.csv"]);
    }

    [Fact]
    public void Status_lists_the_files_a_project_replaces_adds_and_switches_off()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("sql/tests"));
        File.WriteAllText(temp.Combine("crmetl.json"), "{}");
        File.WriteAllText(temp.Combine("sql/tests/funnel_stages_are_whole.sql"), string.Empty);
        File.WriteAllText(temp.Combine("sql/130_my_model.sql"), "SELECT 1;");
        Directory.CreateDirectory(temp.Combine("sql/rules"));
        File.WriteAllText(temp.Combine("sql/rules/tier_rules.csv"), "priority,tier,amount_above,transactions_at_least,combine\n1,Tier 1,,,any\n");

        var status = TestCli.Run("status", "--config", temp.Combine("crmetl.json"));

        Assert.Equal((0, string.Empty), (status.Exit, status.Stderr));
        Assert.Equal(
            [
                $"{temp.Path}: 1 file(s) replace built-in ones, 1 added, 1 switched off; every other file is built in.",
                "  adds         sql/130_my_model.sql",
                "  replaces     sql/rules/tier_rules.csv",
                "  switches off sql/tests/funnel_stages_are_whole.sql",
            ],
            status.StdoutLines);
    }

    [Fact]
    public void Status_warns_when_the_built_in_version_of_an_overridden_file_changed_since_init()
    {
        using var temp = new TempDirectory();
        TestCli.Run("init", temp.Path);
        // As if init had copied an older built-in version: the manifest holds another hash.
        var manifestPath = temp.Combine(InitManifest.FileName);
        var manifest = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(manifestPath))!;
        var copied = File.ReadAllBytes(temp.Combine("sql/rules/tier_rules.csv"));
        File.WriteAllBytes(temp.Combine("sql/rules/tier_rules.csv"), [.. copied, .. "5,Old tier,,,any\n"u8.ToArray()]);
        manifest["sql/rules/tier_rules.csv"] = InitManifest.Hash(File.ReadAllBytes(temp.Combine("sql/rules/tier_rules.csv")));
        manifest["sql/parameters.csv"] = new string('0', 64);
        File.WriteAllText(manifestPath, JsonSerializer.Serialize(manifest));
        File.AppendAllText(temp.Combine("sql/parameters.csv"), string.Empty);

        var status = TestCli.Run("status", "--config", temp.Combine("crmetl.json"));

        Assert.Equal(0, status.Exit);
        Assert.Contains("  replaces     sql/parameters.csv (same as built-in)", status.StdoutLines);
        Assert.Contains(
            "! sql/rules/tier_rules.csv: the built-in version changed since `crmetl init` copied it; this copy was never edited: delete it to use the new built-in version.",
            status.StdoutLines);
        Assert.Contains(
            "! sql/parameters.csv: the built-in version changed since `crmetl init` copied it; compare it with the new version (`crmetl init --all` into an empty folder writes it) and merge the change.",
            status.StdoutLines);
        Assert.Equal(2, status.StdoutLines.Count(l => l.StartsWith('!')));
    }

    [Fact]
    public void Status_without_a_config_says_how_to_name_one()
    {
        using var temp = new TempDirectory();

        var status = TestCli.Run("status", "--config", temp.Combine("crmetl.json"));

        Assert.Equal(1, status.Exit);
        Assert.Equal($"error: {temp.Combine("crmetl.json")}: no such file; give the project's crmetl.json with --config, or run `crmetl init DIR` to start one.", Assert.Single(status.StderrLines));
    }

    private static List<string> Files(string directory) =>
        [.. Directory.GetFiles(directory, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(directory, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];
}
