using CrmEtl.Core.History;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Reporting.Sections;

/// <summary>One row of a segmentation's moves: customers who went from one segment to another (or the rest of the moves summed).</summary>
public sealed record SegmentMove(string From, string To, long Customers, double ShareOfMoved, bool IsRest);

/// <summary>A segmentation's moves between the two runs: the totals and its largest moves.</summary>
public sealed record SegmentationMoves(string Segmentation, string Label, long Customers, long Moved, IReadOnlyList<SegmentMove> Moves)
{
    public double Share => Customers > 0 ? (double)Moved / Customers : 0;
}

/// <summary>An input, parameter, rule file or script that differs from the previous run, said in words.</summary>
public sealed record ChangedItem(string Kind, string Name, string Change);

/// <summary>
/// The section "Changes since the last run": what changed since the previous successful run, from <see cref="RunDiff"/> (what
/// <c>crmetl diff</c> prints), compactly. Null on a first run: there is nothing to compare.
/// </summary>
public sealed record RunChanges(
    int PreviousRunId,
    DateTime? PreviousAsOf,
    bool HistoryCompared,
    IReadOnlyList<SegmentationMoves> Segmentations,
    IReadOnlyList<ChangedItem> Changes,
    int ChangesNotShown)
{
    public const int MovesShown = 5;
    public const int ChangesShown = 12;

    /// <summary>How the report names a customer outside a segmentation in one of the runs.</summary>
    public const string NewCustomer = "(new)";
    public const string LeftCustomer = "(left)";

    /// <summary>Customers who moved, over every segmentation (a customer who moved in two counts twice).</summary>
    public long Moved => Segmentations.Sum(s => s.Moved);

    /// <summary>True when a move shown starts or ends outside a segmentation, so the report explains the words.</summary>
    public bool ShowsNewOrLeft => Segmentations.Any(s => s.Moves.Any(m => m.From == NewCustomer || m.To == LeftCustomer));

    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["tier"] = "tier",
        ["rfm"] = "RFM segment",
        ["cltv"] = "CLTV segment",
        ["persona"] = "persona segment",
    };

    private static readonly Dictionary<string, string> KindLabels = new(StringComparer.Ordinal)
    {
        [RunDiff.InputKind] = "Input",
        [RunDiff.ParameterKind] = "Parameter",
        [RunDiff.RuleFileKind] = "Rule file",
        [RunDiff.ScriptKind] = "Script",
    };

    public static RunChanges? Read(DuckDBConnection connection, RunInfo run)
    {
        if (RunDiff.SinceLastRun(connection, run.RunId, RunFacts.Of(run)) is not { } diff)
        {
            return null;
        }

        var previousAsOf = connection.ExecuteScalar<DateTime?>("SELECT as_of::TIMESTAMP FROM runs WHERE run_id = $run", new { run = diff.FromRun });
        var changes = diff.Changes.Select(Describe).ToList();
        return new RunChanges(
            diff.FromRun, previousAsOf, diff.HistoryCompared, MovesOf(diff),
            [.. changes.Take(ChangesShown)], Math.Max(0, changes.Count - ChangesShown));
    }

    /// <summary>The segmentations in the order segment history lists them (any other after them), each with its largest moves.</summary>
    internal static List<SegmentationMoves> MovesOf(RunDiff diff) =>
        [.. diff.Migrations.GroupBy(m => m.Segmentation)
            .OrderBy(g => Position(g.Key))
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var moves = g.Where(m => m.FromSegment != m.ToSegment)
                    .OrderByDescending(m => m.Customers).ThenBy(m => m.FromSegment, StringComparer.Ordinal).ThenBy(m => m.ToSegment, StringComparer.Ordinal)
                    .ToList();
                var moved = moves.Sum(m => m.Customers);
                var shown = moves.Count <= MovesShown ? moves : moves.Take(MovesShown - 1).ToList();
                var rows = shown.Select(m => new SegmentMove(
                    m.FromSegment == RunDiff.Absent ? NewCustomer : m.FromSegment,
                    m.ToSegment == RunDiff.Absent ? LeftCustomer : m.ToSegment,
                    m.Customers, (double)m.Customers / moved, IsRest: false)).ToList();
                if (shown.Count < moves.Count)
                {
                    var rest = moves.Skip(shown.Count).Sum(m => m.Customers);
                    rows.Add(new SegmentMove($"{moves.Count - shown.Count} other moves", string.Empty, rest, (double)rest / moved, IsRest: true));
                }

                return new SegmentationMoves(g.Key, Labels.GetValueOrDefault(g.Key, g.Key), g.Sum(m => m.Customers), moved, rows);
            })];

    private static int Position(string segmentation) =>
        SegmentHistory.Names.ToList().IndexOf(segmentation) is >= 0 and var position ? position : int.MaxValue;

    private static ChangedItem Describe(RunChange change)
    {
        var kind = KindLabels.GetValueOrDefault(change.Kind, change.Kind);
        var (from, to) = (change.From == RunDiff.Absent ? null : change.From, change.To == RunDiff.Absent ? null : change.To);
        var words = change.Kind switch
        {
            RunDiff.InputKind => DescribeInput(from, to),
            RunDiff.ParameterKind => $"{ParameterValue(from)} → {ParameterValue(to)}",
            _ => from is null ? "added" : to is null ? "removed" : "edited",
        };
        return new ChangedItem(kind, change.Name, words);
    }

    /// <summary>An input's value is its file name and sha256 (<see cref="RunFacts.InputValue"/>).</summary>
    private static string DescribeInput(string? from, string? to)
    {
        static (string File, string Hash) Split(string value) =>
            value.LastIndexOf(' ') is > 0 and var space ? (value[..space], value[(space + 1)..]) : (value, string.Empty);

        if (from is null || to is null)
        {
            return from is null ? $"added ({Split(to!).File})" : $"removed ({Split(from).File})";
        }

        var (before, after) = (Split(from), Split(to));
        return (before.File == after.File ? $"{after.File}, new content" : $"{before.File} → {after.File}") +
            $" (sha256 {Short(before.Hash)} → {Short(after.Hash)})";
    }

    private static string Short(string hash) => hash.Length > 8 ? hash[..8] : hash;

    private static string ParameterValue(string? value) => string.IsNullOrEmpty(value) ? "(not set)" : value;
}
