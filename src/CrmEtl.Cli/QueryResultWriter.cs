using System.Data.Common;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Spectre.Console;

namespace CrmEtl.Cli;

/// <summary>Prints a query result as a terminal table, CSV (RFC 4180) or a JSON array of objects.</summary>
internal static class QueryResultWriter
{
    private const int TableRowLimit = 500;

    public static void Write(DbDataReader reader, string format, IAnsiConsole console)
    {
        switch (format)
        {
            case "csv":
                WriteCsv(reader, console.Profile.Out.Writer);
                break;
            case "json":
                WriteJson(reader, console.Profile.Out.Writer);
                break;
            default:
                WriteTable(reader, console);
                break;
        }
    }

    private static string[] Names(DbDataReader reader) => Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();

    private static string Text(DbDataReader reader, int i) => reader.IsDBNull(i) ? string.Empty : reader.GetValue(i) switch
    {
        DateTime d when d.TimeOfDay == TimeSpan.Zero => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double x => x.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        var value => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private static void WriteCsv(DbDataReader reader, TextWriter output)
    {
        output.WriteLine(string.Join(',', Names(reader).Select(Quote)));
        while (reader.Read())
        {
            output.WriteLine(string.Join(',', Enumerable.Range(0, reader.FieldCount).Select(i => Quote(Text(reader, i)))));
        }
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    private static void WriteJson(DbDataReader reader, TextWriter output)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            var names = Names(reader);
            json.WriteStartArray();
            while (reader.Read())
            {
                json.WriteStartObject();
                for (var i = 0; i < names.Length; i++)
                {
                    json.WritePropertyName(names[i]);
                    WriteJsonValue(json, reader, i);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteJsonValue(Utf8JsonWriter json, DbDataReader reader, int i)
    {
        if (reader.IsDBNull(i))
        {
            json.WriteNullValue();
            return;
        }

        switch (reader.GetValue(i))
        {
            case bool b: json.WriteBooleanValue(b); break;
            case double d when double.IsFinite(d): json.WriteNumberValue(d); break;
            case float f when float.IsFinite(f): json.WriteNumberValue(f); break;
            case decimal m: json.WriteNumberValue(m); break;
            case long or int or short or byte or sbyte or ushort or uint: json.WriteNumberValue(Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture)); break;
            case ulong u: json.WriteNumberValue(u); break;
            case BigInteger n: json.WriteRawValue(n.ToString(CultureInfo.InvariantCulture)); break; // HUGEINT (sums of integers), UHUGEINT
            default: json.WriteStringValue(Text(reader, i)); break;
        }
    }

    /// <summary>The terminal table is for reading: floats get six decimals at most (csv and json keep every digit).</summary>
    private static string TableText(DbDataReader reader, int i) => reader.IsDBNull(i) ? "NULL" : reader.GetValue(i) switch
    {
        double x when x == 0 || (Math.Abs(x) >= 1e-4 && Math.Abs(x) < 1e15) => x.ToString("0.######", CultureInfo.InvariantCulture),
        double x => x.ToString("G6", CultureInfo.InvariantCulture),
        _ => Text(reader, i),
    };

    private static bool IsNumeric(Type type) =>
        type == typeof(byte) || type == typeof(sbyte) || type == typeof(short) || type == typeof(ushort)
        || type == typeof(int) || type == typeof(uint) || type == typeof(long) || type == typeof(ulong)
        || type == typeof(float) || type == typeof(double) || type == typeof(decimal) || type == typeof(BigInteger);

    private static void WriteTable(DbDataReader reader, IAnsiConsole console)
    {
        var table = new Table().Border(TableBorder.Rounded);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var column = new TableColumn(Markup.Escape(reader.GetName(i)));
            table.AddColumn(IsNumeric(reader.GetFieldType(i)) ? column.RightAligned() : column);
        }

        var rows = 0;
        while (reader.Read())
        {
            if (++rows <= TableRowLimit)
            {
                table.AddRow(Enumerable.Range(0, reader.FieldCount).Select(i => Markup.Escape(TableText(reader, i))).ToArray());
            }
        }

        console.Write(table);
        console.MarkupLine(rows > TableRowLimit
            ? $"[grey]{rows:N0} rows; the first {TableRowLimit} shown (use --format csv for all)[/]"
            : $"[grey]{rows:N0} row(s)[/]");
    }
}
