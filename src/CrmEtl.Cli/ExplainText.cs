using System.Globalization;
using CrmEtl.Core.Explain;
using Spectre.Console;

namespace CrmEtl.Cli;

/// <summary>The terminal view of a <see cref="CustomerExplanation"/>: one block per segmentation, the deciding rule in green.</summary>
internal static class ExplainText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Write(IAnsiConsole output, CustomerExplanation e, string databasePath)
    {
        output.MarkupLine($"[bold]Customer {Esc(e.CustomerId)}[/] · as of {e.AsOf:yyyy-MM-dd} · run {e.RunId} · {Esc(databasePath)}");
        WritePurchases(output, e);
        WriteTier(output, e.Tier);
        WriteRfm(output, e.Rfm);
        WriteCltv(output, e.Cltv);
        if (e.Persona is { } persona)
        {
            Section(output, $"Persona: {Esc(persona.Segment ?? "no segment")}");
            output.MarkupLine($"  {Esc(persona.Persona)} ({Esc(persona.Attributes ?? "?")}): {Count(persona.Customers ?? 0)} customer(s), " +
                $"average monetary {Num(persona.AvgMonetary)} → segment {Esc(persona.Segment ?? "none")} (persona quartiles, rules/persona_segment_labels.csv)");
        }

        if (e.Notes.Count > 0)
        {
            output.WriteLine();
            foreach (var note in e.Notes)
            {
                output.MarkupLine($"[yellow]![/] {Esc(note)}");
            }
        }
    }

    private static void WritePurchases(IAnsiConsole output, CustomerExplanation e)
    {
        Section(output, "Purchases and lifecycle");
        var grid = new List<(string, string)>();
        var lifecycle = e.Lifecycle;
        grid.AddRow("lead", lifecycle.Leads == 0 ? "no lead" : Esc(
            $"{lifecycle.FirstLeadDate:yyyy-MM-dd}{(lifecycle.Leads > 1 ? $" (first of {lifecycle.Leads})" : string.Empty)}" +
            $", campaign {lifecycle.FirstLeadCampaign ?? "none"}, source {lifecycle.FirstLeadSource ?? "none"}"));
        if (e.Purchases is { } p)
        {
            grid.AddRow("purchases", Esc($"{Count(p.Transactions)} transaction(s), {Num(p.Units)} unit(s), amount {Num(p.Amount)}"));
            grid.AddRow("first / last", $"{p.FirstPurchase:yyyy-MM-dd} / {p.LastPurchase:yyyy-MM-dd}");
            grid.AddRow("second purchase", Esc(lifecycle.SecondPurchaseDate is { } second
                ? $"{second:yyyy-MM-dd}, {lifecycle.DaysToSecondPurchase} day(s) after the first: " +
                  (lifecycle.SecondPurchase ? "counts" : "too late to count") + $" (window {lifecycle.SecondPurchaseWindowDays} days)"
                : "none"));
            grid.AddRow("retained", lifecycle.Retained ? "yes (a repeat purchase)" : "no (one transaction)");
        }
        else
        {
            grid.AddRow("purchases", "[yellow]none up to the as-of date[/]");
        }

        if (e.Returns is { } r)
        {
            grid.AddRow("returns", Esc($"{Count(r.Lines)} line(s) in {Count(r.Transactions)} transaction(s), {r.FirstReturn:yyyy-MM-dd} to {r.LastReturn:yyyy-MM-dd}, " +
                $"amount {Num(r.Amount)}; returns = {r.ReturnsRule}: {Num(r.CountedAmount)} counted against spend"));
        }

        Lines(output, grid);
    }

    private static void WriteTier(IAnsiConsole output, TierExplanation? tier)
    {
        if (tier is null)
        {
            Section(output, "Tier: [dim]none[/] (not a buyer)");
            return;
        }

        Section(output, $"Tier: [green]{Esc(tier.Tier)}[/]");
        output.MarkupLine(Esc($"  spend {Num(tier.Amount)} in {Count(tier.Transactions)} transaction(s) in the {tier.LookbackMonths} month(s){(tier.WindowStart is { } start ? $" since {start:yyyy-MM-dd}" : string.Empty)} (tier_lookback_months); rules/tier_rules.csv, first match by priority:"));
        if (tier.Rules.Count == 0)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumn("priority").AddColumn("tier").AddColumn("result").AddColumn("why");
        var decided = false;
        foreach (var rule in tier.Rules)
        {
            var result = rule.Decided ? "[green]✓ matched[/]"
                : decided ? "[dim]not reached[/]"
                : rule.Matches ? "matches" : "[red]✗ no[/]";
            var why = decided ? $"[dim]{Esc(rule.Reason)}[/]" : Esc(rule.Reason);
            table.AddRow(rule.Priority.ToString(Invariant), Esc(rule.Tier), result, why);
            decided |= rule.Decided;
        }

        output.Write(table);
    }

    private static void WriteRfm(IAnsiConsole output, RfmExplanation? rfm)
    {
        if (rfm is null)
        {
            Section(output, "RFM: [dim]not scored[/]");
            return;
        }

        var rule = rfm.MatchedRule is { } m
            ? $" (rules/rfm_segments.csv rule {m.RuleOrder}: recency score {Range(m.RecencyScoreMin, m.RecencyScoreMax)}, frequency score {Range(m.FrequencyScoreMin, m.FrequencyScoreMax)})"
            : " (no rule of rules/rfm_segments.csv holds these scores)";
        Section(output, $"RFM: [green]{Esc(rfm.Segment)}[/]{Esc(rule)}");
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("measure").AddColumn(new TableColumn("value").RightAligned()).AddColumn(new TableColumn("score").Centered())
            .AddColumn("quintile edges (20/40/60/80 %)").AddColumn("how");
        table.AddRow("recency", Esc($"{Num(rfm.Recency)} days"), rfm.RecencyScore.ToString(Invariant), Edges(rfm.RecencyEdges),
            Esc(How(rfm.RecencyScoreFromEdges, 5 - rfm.RecencyScore, $"5 − {5 - rfm.RecencyScore} = {rfm.RecencyScore} (fewer days score higher)")));
        var frequencySpan = rfm.FrequencyScoreLow is { } low && rfm.FrequencyScoreHigh is { } high
            ? $"; score {rfm.FrequencyScore} = frequency {(low == high ? Num(low) : $"{Num(low)}–{Num(high)}")}"
            : string.Empty;
        table.AddRow("frequency", Esc(rfm.FrequencyRank is { } rank ? $"{Num(rfm.Frequency)} (rank {Count(rank)} of {Count(rfm.Customers)})" : Num(rfm.Frequency)),
            rfm.FrequencyScore.ToString(Invariant), Edges(rfm.FrequencyRankEdges),
            Esc("rank " + How(rfm.FrequencyScoreFromEdges, rfm.FrequencyScore - 1, $"1 + {rfm.FrequencyScore - 1} = {rfm.FrequencyScore}") + frequencySpan));
        table.AddRow("monetary", Esc(Num(rfm.Monetary)), rfm.MonetaryScore.ToString(Invariant), Edges(rfm.MonetaryEdges),
            Esc(How(rfm.MonetaryScoreFromEdges, rfm.MonetaryScore - 1, $"1 + {rfm.MonetaryScore - 1} = {rfm.MonetaryScore}")));
        output.Write(table);
    }

    private static void WriteCltv(IAnsiConsole output, CltvExplanation? cltv)
    {
        if (cltv is null)
        {
            Section(output, "CLTV: [dim]not modelled[/]");
            return;
        }

        Section(output, $"CLTV: [green]{Esc(cltv.ClvSegment ?? "no segment")}[/]");
        var unit = cltv.TimeUnitDays == 7 ? "weeks" : $"units of {Num(cltv.TimeUnitDays)} days";
        var grid = new List<(string, string)>();
        grid.AddRow("history", Esc($"x = {Num(cltv.X)} repeat purchase day(s), t_x = {Num(cltv.Tx)}, T = {Num(cltv.T)} ({unit})" +
            (cltv.RepeatSpend is { } spend ? $", average repeat spend {Num(spend)}" : string.Empty)));
        grid.AddRow("P(alive)", Esc(cltv.PAlive is { } alive ? alive.ToString("0.000", Invariant) : "not fitted"));
        grid.AddRow("expected purchases", Esc($"{Num(cltv.ExpectedPurchases)} in the next {cltv.HorizonMonths} month(s) ({cltv.Model ?? "model"})"));
        grid.AddRow("expected avg value", Esc(Num(cltv.ExpectedAvgValue)));
        grid.AddRow("CLV", Esc(cltv.Clv is null
            ? "not valued: the model left this customer out (the reason is in table cltv_warnings)"
            : $"{Num(cltv.Clv)} (scaled 1–100: {Num(cltv.ClvScaled)}) → segment {cltv.ClvSegment ?? "none"} (quartiles of CLV, D lowest)"));
        if (cltv.SimpleCltvSegment is not null)
        {
            grid.AddRow("simple CLTV", Esc($"segment {cltv.SimpleCltvSegment}"));
        }

        Lines(output, grid);
    }

    private static void AddRow(this List<(string Key, string Value)> lines, string key, string valueMarkup) => lines.Add((key, valueMarkup));

    private static void Lines(IAnsiConsole output, List<(string Key, string Value)> lines)
    {
        var width = lines.Max(l => l.Key.Length) + 2;
        foreach (var (key, value) in lines)
        {
            output.MarkupLine($"  {Esc(key.PadRight(width))}{value}");
        }
    }

    private static void Section(IAnsiConsole output, string markup)
    {
        output.WriteLine();
        output.MarkupLine($"[bold]{markup}[/]");
    }

    /// <summary>How a score follows from the edges (the count comes from the stored score; the SQL recomputed it from the edges).</summary>
    private static string How(int? scoreFromEdges, int edgesAbove, string score) =>
        scoreFromEdges is null ? "edges not stored" : $"above {edgesAbove} of 4 edges: {score}";

    private static string Edges(IReadOnlyList<double>? edges) =>
        edges is null ? "[dim]not stored[/]" : Esc(string.Join(" | ", edges.Select(e => Num(e))));

    private static string Range(long low, long high) => low == high ? low.ToString(Invariant) : $"{low}–{high}";

    private static string Num(double? value) => value switch
    {
        null => "–",
        var v when Math.Abs(v.Value) >= 100 || v.Value == Math.Floor(v.Value) => v.Value.ToString("#,0.##", Invariant),
        var v => v.Value.ToString("0.###", Invariant),
    };

    private static string Count(long value) => value.ToString("N0", Invariant);

    private static string Esc(string text) => Markup.Escape(text);
}
