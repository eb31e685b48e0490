using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Explain;

/// <summary>
/// Reads why a customer is in their segments from an output database, opened read-only: the
/// stored tables and the rule tables the last successful run loaded, queried by the SQL in
/// Explain/Queries. The rules are evaluated by the macros the run's scripts stored
/// (<c>tier_rule_matches</c>, <c>qcut_bin</c>), never re-implemented here.
/// </summary>
public static partial class CustomerExplainer
{
    public static CustomerExplanation Explain(string databasePath, string customerId)
    {
        using var connection = Database.Open(databasePath, readOnly: true);
        var objects = connection.Query<string>(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() " +
            "UNION ALL SELECT view_name FROM duckdb_views() WHERE database_name = current_database() " +
            "UNION ALL SELECT function_name FROM duckdb_functions() WHERE NOT internal")
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var (runId, asOf) = ApplyRunParameters(connection, databasePath, objects);

        var known = Single(connection, "known", customerId)!;
        if (known.Long("leads") == 0 && known.Long("purchase_lines") == 0 && known.Long("summary_rows") == 0)
        {
            throw UnknownCustomer(connection, databasePath, customerId, runId, asOf);
        }

        var notes = new List<string>();
        var history = Single(connection, "purchases", customerId)!;
        var purchases = history.IsNull("first_purchase_date") ? null : new PurchaseSummary(
            history.Date("first_purchase_date")!.Value, history.Date("last_purchase_date")!.Value,
            history.Long("transactions")!.Value, history.Double("units") ?? 0, history.Double("amount") ?? 0);
        var returns = history.Long("return_lines") is > 0 ? new ReturnSummary(
            history.Long("return_lines")!.Value, history.Long("return_transactions")!.Value, history.Double("returned_amount") ?? 0,
            history.Double("counted_return_amount") ?? 0, history.Date("first_return_date")!.Value, history.Date("last_return_date")!.Value,
            history.Text("returns_rule") ?? "net") : null;
        var lifecycle = new LifecycleFlags(
            history.Long("leads") ?? 0, history.Date("first_lead_date"), history.Text("first_lead_campaign"), history.Text("first_lead_source"),
            purchases is not null, history.Bool("retained") ?? false, history.Bool("second_purchase") ?? false,
            history.Date("second_purchase_date"), history.Long("days_to_second_purchase"), history.Long("second_purchase_window_days"));

        var tier = ReadTier(connection, customerId, objects, notes);
        var rfm = objects.Contains("customer_rfm") ? ReadRfm(connection, customerId, objects) : null;
        var cltv = objects.Contains("cltv_summary") && objects.Contains("cltv_predictions") ? ReadCltv(connection, customerId) : null;
        var persona = objects.Contains("customer_personas") && objects.Contains("persona_segments") ? ReadPersona(connection, customerId) : null;

        if (rfm is { RecencyScoreFromEdges: { } r, FrequencyScoreFromEdges: { } f, MonetaryScoreFromEdges: { } m }
            && (r, f, m) != (rfm.RecencyScore, rfm.FrequencyScore, rfm.MonetaryScore))
        {
            notes.Add($"customer_rfm holds scores {rfm.RecencyScore}{rfm.FrequencyScore}{rfm.MonetaryScore}, but the stored quintile edges give {r}{f}{m}: the project's sql/310_customer_rfm.sql scores differently from its rfm_quintile_edges.");
        }

        if (purchases is null)
        {
            notes.Add(returns is not null
                ? "Returns only: a return is never a purchase, so this customer bought nothing and is in no purchase analysis."
                : known.Long("purchase_lines") > 0
                    ? $"No purchase up to the as-of date {asOf:yyyy-MM-dd} (the purchase lines are dated after it)."
                    : known.Long("summary_rows") > 0
                        ? "Known from the per-customer export only: no purchase lines, so no tier."
                        : "A lead who has not bought: no tier, RFM or CLTV.");
        }

        return new CustomerExplanation(customerId, runId, asOf, purchases, returns, lifecycle, tier, rfm, cltv, persona, notes);
    }

    /// <summary>
    /// The scripts read parameters with getvariable(): the explain queries see the values of the run
    /// that wrote the tables, as journaled in runs.parameters.
    /// </summary>
    private static (long RunId, DateOnly AsOf) ApplyRunParameters(DuckDBConnection connection, string databasePath, HashSet<string> objects)
    {
        var run = objects.Contains("runs") ? Single(connection, "run", customerId: null) : null;
        if (run is null)
        {
            throw new CrmEtlException($"{databasePath}: no successful run is recorded in this database. Run `crmetl run` first, or pass --db.");
        }

        using var parameters = JsonDocument.Parse(run.Text("parameters") ?? "{}");
        foreach (var parameter in parameters.RootElement.EnumerateObject())
        {
            if (VariableName().IsMatch(parameter.Name))
            {
                connection.Execute($"SET VARIABLE {parameter.Name} = {Literal(parameter.Value.ToString())}");
            }
        }

        var asOf = run.Date("as_of")!.Value;
        connection.Execute($"SET VARIABLE as_of = DATE '{asOf:yyyy-MM-dd}'");
        return (run.Long("run_id")!.Value, asOf);
    }

    /// <summary>A journaled value (text) as a typed literal, read as the rule tables are read: whole number, number, date, else text.</summary>
    private static string Literal(string value)
    {
        if (value.Length == 0)
        {
            return "NULL";
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            return whole.ToString(CultureInfo.InvariantCulture);
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return $"CAST({number.ToString("R", CultureInfo.InvariantCulture)} AS DOUBLE)";
        }

        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? $"DATE {SqlText.Literal(value)}"
            : SqlText.Literal(value);
    }

    private static CrmEtlException UnknownCustomer(DuckDBConnection connection, string databasePath, string customerId, long runId, DateOnly asOf)
    {
        var nearest = Rows(connection, "nearest_ids", customerId).Select(r => r.Text("customer_id")).ToList();
        var hint = nearest.Count == 0 ? "The database has no customers." : $"Closest ids: {string.Join(", ", nearest)}.";
        return new CrmEtlException(
            $"customer '{customerId}' is not in {databasePath} (run {runId}, as of {asOf:yyyy-MM-dd}): no lead, purchase or customer row has that id. {hint}");
    }

    private static TierExplanation? ReadTier(DuckDBConnection connection, string customerId, HashSet<string> objects, List<string> notes)
    {
        if (!objects.Contains("customer_tiers"))
        {
            return null;
        }

        var tier = objects.Contains("tier_window_start") ? Single(connection, "tier", customerId) : Single(connection, StoredTierOnly, customerId, isName: false);
        if (tier is null)
        {
            return null;
        }

        var rules = objects.Contains("tier_rules") && objects.Contains("tier_rule_matches")
            ? Rows(connection, "tier_rules", customerId).Select(TierRules.Check).ToList()
            : [];
        var explanation = new TierExplanation(
            tier.Text("tier")!, tier.Double("total_amount") ?? 0, tier.Long("freq") ?? 0, tier.Long("lookback_months") ?? 0,
            tier.Date("window_start"), rules);
        var decided = rules.FirstOrDefault(r => r.Decided)?.Tier ?? "No Tier";
        if (rules.Count == 0)
        {
            notes.Add("This database's tier script stores no tier_rule_matches macro (a project copy of sql/110_customer_tiers.sql older than `crmetl explain`): the rules are not evaluated.");
        }
        else if (decided != explanation.Tier)
        {
            notes.Add($"customer_tiers says '{explanation.Tier}', but reading tier_rules as the built-in tier script does gives '{decided}': the project's sql/110_customer_tiers.sql reads the rules differently.");
        }

        return explanation;
    }

    private static RfmExplanation? ReadRfm(DuckDBConnection connection, string customerId, HashSet<string> objects)
    {
        if (!objects.Contains("rfm_quintile_edges"))
        {
            // The project's own copy of sql/310_customer_rfm.sql, made before the edges were stored: the stored scores without their edges.
            var scores = Single(connection, RfmScoresOnly, customerId, isName: false);
            return scores is null ? null : new RfmExplanation(
                scores.Double("recency")!.Value, scores.Double("frequency")!.Value, scores.Double("monetary") ?? 0, null, scores.Long("customers")!.Value,
                scores.Int("recency_score")!.Value, scores.Int("frequency_score")!.Value, scores.Int("monetary_score")!.Value, scores.Text("segment")!,
                null, null, null, null, null, null, null, null, null);
        }

        var row = Single(connection, "rfm", customerId);
        if (row is null)
        {
            return null;
        }

        var rule = row.IsNull("rule_order") ? null : new RfmSegmentRule(
            row.Long("rule_order")!.Value, row.Long("recency_score_min")!.Value, row.Long("recency_score_max")!.Value,
            row.Long("frequency_score_min")!.Value, row.Long("frequency_score_max")!.Value, row.Text("rule_segment")!);
        return new RfmExplanation(
            row.Double("recency")!.Value, row.Double("frequency")!.Value, row.Double("monetary") ?? 0, row.Long("frequency_rank"), row.Long("customers")!.Value,
            row.Int("recency_score")!.Value, row.Int("frequency_score")!.Value, row.Int("monetary_score")!.Value, row.Text("segment")!,
            row.Doubles("recency_edges"), row.Doubles("frequency_rank_edges"), row.Doubles("monetary_edges"),
            row.Int("recency_score_from_edges"), row.Int("frequency_score_from_edges"), row.Int("monetary_score_from_edges"),
            row.Double("frequency_score_low"), row.Double("frequency_score_high"), rule);
    }

    private const string StoredTierOnly = """
        SELECT tier, total_amount::DOUBLE AS total_amount, freq, getvariable('tier_lookback_months') AS lookback_months, NULL::DATE AS window_start
        FROM customer_tiers WHERE customer_id = $customer_id
        """;

    private const string RfmScoresOnly = """
        SELECT recency::DOUBLE AS recency, frequency::DOUBLE AS frequency, monetary::DOUBLE AS monetary,
               recency_score, frequency_score, monetary_score, segment, (SELECT count(*) FROM customer_rfm) AS customers
        FROM customer_rfm WHERE customer_id = $customer_id
        """;

    private static CltvExplanation? ReadCltv(DuckDBConnection connection, string customerId)
    {
        var row = Single(connection, "cltv", customerId);
        return row is null ? null : new CltvExplanation(
            row.Double("x")!.Value, row.Double("t_x")!.Value, row.Double("t")!.Value, row.Double("repeat_spend"),
            row.Double("time_unit_days") ?? 7, row.Long("horizon_months"), row.Text("model"),
            row.Double("p_alive"), row.Double("expected_purchases"), row.Double("expected_avg_value"), row.Double("clv"),
            row.Double("clv_scaled"), row.Text("clv_segment"), row.Text("simple_cltv_segment"));
    }

    private static PersonaExplanation? ReadPersona(DuckDBConnection connection, string customerId)
    {
        var row = Single(connection, "persona", customerId);
        return row is null ? null : new PersonaExplanation(
            row.Text("persona")!, row.Text("persona_attributes"), row.Long("customers"), row.Double("avg_monetary"), row.Text("segment"));
    }

    private static ExplainRow? Single(DuckDBConnection connection, string queryOrName, string? customerId, bool isName = true) =>
        Rows(connection, queryOrName, customerId, isName).FirstOrDefault();

    private static List<ExplainRow> Rows(DuckDBConnection connection, string queryOrName, string? customerId, bool isName = true)
    {
        var sql = isName ? ExplainQueries.Read(queryOrName) : queryOrName;
        var parameters = customerId is null ? null : new { customer_id = customerId };
        return DuckDbErrors.Translate(
            () => connection.Query(sql, parameters).Select(r => new ExplainRow((IDictionary<string, object?>)r)).ToList(),
            e => $"explain: reading {(isName ? $"the {queryOrName} facts" : "the stored rows")} failed: {e.FirstLine()} " +
                 "(a database from an older crmetl, or a project whose scripts write other columns: `crmetl run` rebuilds it).");
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();
}
