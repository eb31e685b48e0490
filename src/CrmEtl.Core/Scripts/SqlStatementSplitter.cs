namespace CrmEtl.Core.Scripts;

/// <summary>One statement of a script and the line it starts on, for error messages.</summary>
public sealed record SqlStatement(int Number, int Line, string Text);

/// <summary>
/// Splits a script at the semicolons that end statements: not those inside quotes, quoted
/// identifiers, comments or dollar-quoted strings.
/// </summary>
public static class SqlStatementSplitter
{
    public static IReadOnlyList<SqlStatement> Split(string script)
    {
        var statements = new List<SqlStatement>();
        var start = 0;
        var i = 0;
        while (i < script.Length)
        {
            i = script[i] switch
            {
                '\'' or '"' => SkipQuoted(script, i, script[i]),
                '-' when At(script, i, "--") => SkipTo(script, i, "\n"),
                '/' when At(script, i, "/*") => SkipTo(script, i + 2, "*/"),
                '$' when DollarTag(script, i) is { } tag => SkipTo(script, i + tag.Length, tag),
                ';' => Cut(script, ref start, i, statements),
                _ => i + 1,
            };
        }

        Cut(script, ref start, script.Length, statements);
        return statements;
    }

    private static int Cut(string script, ref int start, int end, List<SqlStatement> statements)
    {
        var lines = script[start..end].Split('\n');
        var skipped = lines.TakeWhile(IsCommentOrBlank).Count();
        if (skipped < lines.Length)
        {
            var line = 1 + script.AsSpan(0, start).Count('\n') + skipped;
            statements.Add(new SqlStatement(statements.Count + 1, line, string.Join('\n', lines.Skip(skipped)).Trim()));
        }

        start = end + 1;
        return end + 1;
    }

    private static bool IsCommentOrBlank(string line)
    {
        var trimmed = line.Trim();
        return trimmed.Length == 0 || trimmed.StartsWith("--", StringComparison.Ordinal);
    }

    private static bool At(string text, int index, string token) =>
        string.CompareOrdinal(text, index, token, 0, token.Length) == 0;

    private static int SkipQuoted(string text, int index, char quote)
    {
        var i = index + 1;
        while (i < text.Length)
        {
            if (text[i] == quote)
            {
                if (i + 1 < text.Length && text[i + 1] == quote)
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        return text.Length;
    }

    private static int SkipTo(string text, int index, string terminator)
    {
        var found = text.IndexOf(terminator, index, StringComparison.Ordinal);
        return found < 0 ? text.Length : found + terminator.Length;
    }

    /// <summary>A dollar-quote opener such as <c>$$</c> or <c>$body$</c> at this position, if any.</summary>
    private static string? DollarTag(string text, int index)
    {
        var end = index + 1;
        while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_'))
        {
            end++;
        }

        return end < text.Length && text[end] == '$' ? text[index..(end + 1)] : null;
    }
}
