using System.Globalization;

namespace CrmEtl.Tests.Analyses;

/// <summary>Running the analysis scripts of sql/4xx on an <see cref="AnalysisDatabase"/>.</summary>
internal static class AnalysisDatabaseRuns
{
    /// <summary>
    /// Runs what the 4xx analyses read (transactions, the pandas macros, customer purchase totals),
    /// then the named scripts in the given order.
    /// </summary>
    public static void RunAnalyses(this AnalysisDatabase db, params string[] scripts)
    {
        db.RunScript("transactions");
        db.RunScript("pandas_compatible_macros");
        db.RunScript("customer_purchase_totals");
        foreach (var script in scripts)
        {
            db.RunScript(script);
        }
    }

    /// <summary>Each row as its values joined by spaces: NULL as "-", doubles round-trippable.</summary>
    public static List<string> Lines(this AnalysisDatabase db, string sql) =>
        db.Rows(sql).Select(row => string.Join(' ', row.Select(Text))).ToList();

    private static string Text(object? value) => value switch
    {
        null => "-",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime time => time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "-",
    };
}
