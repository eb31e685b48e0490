namespace CrmEtl.Core.Validation;

/// <summary>
/// What <c>crmetl validate</c> found: every problem a run would stop on (each message starts with
/// its file, line and column where there is one), notes that stop nothing, and what was checked.
/// </summary>
public sealed class ValidationReport
{
    private readonly List<string> problems = [];
    private readonly List<string> notes = [];

    public IReadOnlyList<string> Problems => problems;

    public IReadOnlyList<string> Notes => notes;

    public int Scripts { get; internal set; }

    public int RuleTables { get; internal set; }

    public int Templates { get; internal set; }

    public int SourceFiles { get; internal set; }

    /// <summary>Errors left out because they only repeat an earlier one (a table a failed script did not create).</summary>
    public int FollowOnErrors { get; internal set; }

    public bool Ok => problems.Count == 0;

    public void Problem(string message) => problems.Add(OneLine(message));

    public void Note(string message) => notes.Add(OneLine(message));

    /// <summary>Runs a check that stops at its first error, recording that error as a problem.</summary>
    public bool Try(Action check)
    {
        try
        {
            check();
            return true;
        }
        catch (CrmEtlException e)
        {
            Problem(e.Message);
            return false;
        }
    }

    /// <summary>A list of problems reads one per line: DuckDB's hints and excerpts go on the same line.</summary>
    private static string OneLine(string message) =>
        string.Join(" ", message.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));
}
