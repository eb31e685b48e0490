using System.Text.RegularExpressions;
using CrmEtl.Tests.Analyses;

namespace CrmEtl.Tests.Cli;

/// <summary>A command that wrote to the process console directly would be invisible to the CLI tests.</summary>
public sealed partial class CliConsoleUseTests
{
    [Fact]
    public void Only_CliConsole_touches_the_process_console()
    {
        var offenders = Directory.GetFiles(Path.Combine(RepositoryFolders.Root, "src", "CrmEtl.Cli"), "*.cs")
            .Where(file => Path.GetFileName(file) != "CliConsole.cs")
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, number: index + 1)))
            .Where(entry => ProcessConsole().IsMatch(entry.line))
            .Select(entry => $"{Path.GetFileName(entry.file)}:{entry.number}: {entry.line.Trim()}")
            .ToList();

        Assert.True(offenders.Count == 0, "write through the CliConsole passed to the command instead:\n" + string.Join('\n', offenders));
    }

    [GeneratedRegex(@"\bAnsiConsole\.(?!Create\b)\w+|\bConsole\.(Out|Error|In|Write|WriteLine|ReadLine|Read)\b")]
    private static partial Regex ProcessConsole();
}
