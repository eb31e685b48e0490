using System.Text.RegularExpressions;
using CrmEtl.Core.Scripts;

namespace CrmEtl.Core.Validation;

/// <summary>
/// Where in a script file a DuckDB error points. DuckDB ends a parser or binder error with the
/// statement's line and a caret under the column ("LINE 14:  …amount_abve…" / "^"), counted from
/// the statement's first line and, on a long line, showing only a window of it ("...").
/// </summary>
internal static partial class SqlErrorPlace
{
    /// <summary>"file, line L, column C: message" (the column when DuckDB shows one, else the statement's first line).</summary>
    public static string Describe(string fileLabel, string scriptText, SqlStatement statement, string duckDbMessage)
    {
        var lines = duckDbMessage.Split('\n');
        var message = string.Join(" ", lines.Where(l => l.Trim().Length > 0 && !LinePointer().IsMatch(l) && l.Trim() != "^").Select(l => l.Trim()))
            .Replace("Candidate bindings: : ", "Candidate bindings: ", StringComparison.Ordinal);
        var pointer = lines.Select((l, i) => (Match: LinePointer().Match(l), Index: i)).FirstOrDefault(p => p.Match.Success);
        if (pointer.Match is not { Success: true } match)
        {
            return $"{fileLabel}, line {statement.Line} (statement {statement.Number}): {message}";
        }

        var fileLine = statement.Line + int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture) - 1;
        var column = Column(scriptText, fileLine, match, pointer.Index + 1 < lines.Length ? lines[pointer.Index + 1] : string.Empty);
        return column is { } c
            ? $"{fileLabel}, line {fileLine}, column {c}: {message}"
            : $"{fileLabel}, line {fileLine}: {message}";
    }

    /// <summary>The caret's column in the file's line: the shown excerpt is found in the line, and the caret counted from it.</summary>
    private static int? Column(string scriptText, int fileLine, Match pointer, string caretLine)
    {
        var caret = caretLine.IndexOf('^', StringComparison.Ordinal);
        var fileLines = scriptText.Split('\n');
        if (caret < 0 || fileLine < 1 || fileLine > fileLines.Length)
        {
            return null;
        }

        var shown = pointer.Groups["text"].Value;
        var offset = caret - pointer.Groups["text"].Index;
        if (shown.StartsWith("...", StringComparison.Ordinal))
        {
            shown = shown[3..];
            offset -= 3;
        }

        if (shown.EndsWith("...", StringComparison.Ordinal))
        {
            shown = shown[..^3];
        }

        var start = fileLines[fileLine - 1].IndexOf(shown.TrimEnd(), StringComparison.Ordinal);
        return start < 0 || offset < 0 ? null : start + offset + 1;
    }

    [GeneratedRegex(@"^LINE (?<line>\d+): (?<text>.*)$")]
    private static partial Regex LinePointer();
}
