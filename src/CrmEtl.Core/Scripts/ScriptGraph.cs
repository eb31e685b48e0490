using System.Text.RegularExpressions;

namespace CrmEtl.Core.Scripts;

/// <summary>
/// The order the model scripts can run in around a stage that reads some relations and writes others (the CLTV fit),
/// read from the SQL: a script depends on an earlier one when it names a relation or macro the earlier one creates, or
/// creates one the earlier one names (so that it never replaces what the earlier one still reads). A script with any
/// statement other than <c>CREATE</c> of a table, view or macro (<c>SET</c>, <c>INSERT</c>, <c>DROP</c>, …) is a
/// barrier that keeps its place. Names are matched as words anywhere in the text, comments included, which can only
/// add dependencies, never miss one.
/// </summary>
public sealed partial class ScriptGraph
{
    private readonly List<Node> nodes;

    private ScriptGraph(List<Node> nodes) => this.nodes = nodes;

    private sealed record Node(SqlScript Script, HashSet<string> Creates, HashSet<string> Words, bool IsBarrier);

    public static ScriptGraph Of(IEnumerable<SqlScript> scripts) =>
        new([.. scripts.Select(Read)]);

    /// <summary>
    /// Splits the scripts in two runs, each in number order: <c>Before</c>, the scripts that create what the stage reads
    /// and everything they depend on; <c>Alongside</c>, the others, which may run while the stage does. When one of the
    /// others names what the stage writes or reads, or is a barrier, nothing runs alongside (<c>Alongside</c> is empty and
    /// <c>Before</c> holds every script): the stage then runs after the models, as if there were no graph.
    /// </summary>
    public (IReadOnlyList<SqlScript> Before, IReadOnlyList<SqlScript> Alongside) Around(IReadOnlyCollection<string> stageReads, IReadOnlyCollection<string> stageWrites)
    {
        var before = new HashSet<int>();
        var pending = new Stack<int>(Enumerable.Range(0, nodes.Count).Where(i => nodes[i].Creates.Overlaps(stageReads)));
        while (pending.TryPop(out var i))
        {
            if (!before.Add(i))
            {
                continue;
            }

            for (var j = 0; j < i; j++)
            {
                if (DependsOn(nodes[i], nodes[j]))
                {
                    pending.Push(j);
                }
            }
        }

        var alongside = Enumerable.Range(0, nodes.Count).Where(i => !before.Contains(i)).ToList();
        var touchesStage = alongside.Any(i => nodes[i].IsBarrier || nodes[i].Words.Overlaps(stageWrites));
        if (touchesStage || before.Count == 0)
        {
            return ([.. nodes.Select(n => n.Script)], []);
        }

        return ([.. before.Order().Select(i => nodes[i].Script)], [.. alongside.Select(i => nodes[i].Script)]);
    }

    private static bool DependsOn(Node later, Node earlier) =>
        earlier.IsBarrier || later.IsBarrier || earlier.Creates.Overlaps(later.Words) || later.Creates.Overlaps(earlier.Words);

    private static Node Read(SqlScript script)
    {
        var creates = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var barrier = false;
        foreach (var statement in SqlStatementSplitter.Split(script.Text))
        {
            var match = Created().Match(WithoutComments(statement.Text));
            if (match.Success)
            {
                creates.Add(LastPart(match.Groups["name"].Value));
            }
            else
            {
                barrier = true;
            }
        }

        var words = Word().Matches(script.Text).Select(m => m.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new Node(script, creates, words, barrier);
    }

    private static string WithoutComments(string statement) => LineComment().Replace(BlockComment().Replace(statement, " "), " ");

    private static string LastPart(string name) => name.Split('.')[^1].Trim('"');

    [GeneratedRegex(@"^\s*CREATE\s+(OR\s+REPLACE\s+)?((TEMP|TEMPORARY)\s+)?(TABLE|VIEW|MACRO|FUNCTION)\s+(IF\s+NOT\s+EXISTS\s+)?(?<name>[\w.""]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Created();

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Word();

    [GeneratedRegex(@"--[^\n]*")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex BlockComment();
}
