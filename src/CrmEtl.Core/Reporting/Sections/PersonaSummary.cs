using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Reporting.Sections;

public sealed record PersonaRow(string Persona, long Customers, double? AvgMonetary, string? Segment, bool IsRest);

/// <summary>Section 10: the largest personas of a per-customer export, the rest summed in one row.</summary>
public sealed record PersonaSummary(string Attributes, IReadOnlyList<PersonaRow> Personas, long Customers)
{
    public const int PersonasShown = 10;

    public static PersonaSummary? Read(DuckDBConnection connection)
    {
        var rows = connection.Query<PersonaRow>("""
            WITH ranked AS (
                SELECT *, row_number() OVER (ORDER BY customers DESC, persona) AS rank FROM persona_segments
            )
            SELECT CASE WHEN min(rank) <= $shown THEN any_value(persona) ELSE count(*) || ' other personas' END AS Persona,
                   sum(customers)::BIGINT AS Customers,
                   (sum(avg_monetary * customers) / nullif(sum(customers) FILTER (WHERE avg_monetary IS NOT NULL), 0))::DOUBLE AS AvgMonetary,
                   CASE WHEN min(rank) <= $shown THEN any_value(segment) END AS Segment,
                   min(rank) > $shown AS IsRest
            FROM ranked GROUP BY CASE WHEN rank <= $shown THEN rank END
            ORDER BY IsRest, min(rank)
            """, new { shown = PersonasShown }).ToList();
        if (rows.Count == 0)
        {
            return null;
        }

        var attributes = connection.ExecuteScalar<string>("SELECT any_value(persona_attributes) FROM persona_segments") ?? string.Empty;
        return new PersonaSummary(attributes.Replace('_', ' '), rows, rows.Sum(r => r.Customers));
    }
}
