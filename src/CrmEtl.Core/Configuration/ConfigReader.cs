using System.Globalization;
using System.Text.Json;

namespace CrmEtl.Core.Configuration;

/// <summary>Reads <c>crmetl.json</c> (comments and trailing commas allowed).</summary>
public static class ConfigReader
{
    private static readonly JsonDocumentOptions JsonOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static ProjectConfig Read(string path) => Read(path, TimeProvider.System);

    /// <summary>Reads the config; <paramref name="clock"/> resolves a relative asOf such as "yesterday".</summary>
    public static ProjectConfig Read(string path, TimeProvider clock)
    {
        if (!File.Exists(path))
        {
            throw new CrmEtlException($"{path}: config file not found.");
        }

        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(fullPath), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new CrmEtlException(
                $"{path}, line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}: not valid JSON ({e.Message.Split('.')[0]}).", e);
        }

        using (document)
        {
            var root = document.RootElement;
            var parameters = ReadParameters(root, path);
            return new ProjectConfig(
                ReadSources(root, directory, path),
                ReadAsOf(root, path, clock),
                parameters,
                directory)
            {
                ParameterOrigins = parameters.Keys.ToDictionary(name => name, _ => path, StringComparer.OrdinalIgnoreCase),
                Mail = Mail.MailConfigReader.Read(root, path),
                Reports = ReadReports(root, path),
                MemoryLimit = ReadString(root, "memoryLimit", "a size in quotes, e.g. \"8GB\"", path) is { } limit
                    ? EngineSettings.CheckMemoryLimit(limit, $"{path}: memoryLimit")
                    : null,
                TempDirectory = ReadString(root, "tempDirectory", "a folder path in quotes", path) is { } temp
                    ? Path.GetFullPath(Path.Combine(directory, temp))
                    : null,
            };
        }
    }

    private static Dictionary<string, SourceSpec> ReadSources(JsonElement root, string directory, string configPath)
    {
        var sources = new Dictionary<string, SourceSpec>(StringComparer.OrdinalIgnoreCase);
        if (!root.TryGetProperty("sources", out var element))
        {
            return sources;
        }

        foreach (var source in element.EnumerateObject())
        {
            if (!source.Value.TryGetProperty("path", out var pathElement) || pathElement.ValueKind != JsonValueKind.String)
            {
                throw new CrmEtlException($"{configPath}: sources.{source.Name} needs a \"path\".");
            }

            var columns = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (source.Value.TryGetProperty("columns", out var columnsElement))
            {
                foreach (var column in columnsElement.EnumerateObject())
                {
                    columns[column.Name] = column.Value.GetString()
                        ?? throw new CrmEtlException($"{configPath}: sources.{source.Name}.columns.{column.Name} must be a SQL expression string.");
                }
            }

            string? delimiter = source.Value.TryGetProperty("delimiter", out var d) ? d.GetString() : null;
            var encoding = ReadEncoding(source, configPath);
            var filePath = Path.GetFullPath(Path.Combine(directory, pathElement.GetString()!));
            sources[source.Name] = new SourceSpec(
                filePath, columns, delimiter, encoding,
                ReadWhere(source, configPath),
                ReadStrings(source, "missing", configPath, allowSingle: false),
                ReadStrings(source, "dateFormat", configPath, allowSingle: true));
        }

        return sources;
    }

    private static string? ReadWhere(JsonProperty source, string configPath)
    {
        if (!source.Value.TryGetProperty("where", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return element.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(element.GetString())
            ? element.GetString()
            : throw new CrmEtlException(
                $"{configPath}: sources.{source.Name}.where must be a SQL condition over the file's columns, e.g. \"NOT starts_with(InvoiceNo, 'C')\".");
    }

    /// <summary>A list of strings; <paramref name="allowSingle"/> also takes one string for a list of one.</summary>
    private static List<string>? ReadStrings(JsonProperty source, string name, string configPath, bool allowSingle)
    {
        if (!source.Value.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var wanted = allowSingle ? "a string or a list of strings" : "a list of strings";
        if (allowSingle && element.ValueKind == JsonValueKind.String)
        {
            return [element.GetString()!];
        }

        if (element.ValueKind != JsonValueKind.Array || element.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            throw new CrmEtlException($"{configPath}: sources.{source.Name}.{name} must be {wanted}.");
        }

        var values = element.EnumerateArray().Select(e => e.GetString()!).ToList();
        return allowSingle && values.Count == 0
            ? throw new CrmEtlException($"{configPath}: sources.{source.Name}.{name} is empty; give at least one format, e.g. \"%m/%d/%Y\".")
            : values;
    }

    private static string? ReadEncoding(JsonProperty source, string configPath)
    {
        if (!source.Value.TryGetProperty("encoding", out var element))
        {
            return null;
        }

        var name = element.ValueKind == JsonValueKind.String ? element.GetString()! : element.ToString();
        return TextEncodings.Normalize(name)
            ?? throw new CrmEtlException($"{configPath}: sources.{source.Name}.encoding \"{name}\" is not one the reader knows; use one of {TextEncodings.Supported}.");
    }

    private static DateOnly? ReadAsOf(JsonElement root, string configPath, TimeProvider clock)
    {
        if (!root.TryGetProperty("asOf", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return AsOfExpression.Resolve(element.GetString() ?? string.Empty, $"{configPath}: asOf", clock);
    }

    private static Dictionary<string, string> ReadParameters(JsonElement root, string configPath)
    {
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!root.TryGetProperty("parameters", out var element))
        {
            return parameters;
        }

        foreach (var parameter in element.EnumerateObject())
        {
            parameters[parameter.Name] = parameter.Value.ValueKind switch
            {
                JsonValueKind.String => parameter.Value.GetString()!,
                JsonValueKind.Number => parameter.Value.GetRawText(),
                _ => throw new CrmEtlException($"{configPath}: parameters.{parameter.Name} must be a number or a string."),
            };
        }

        return parameters;
    }

    private static string? ReadString(JsonElement root, string name, string expected, string configPath)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return element.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(element.GetString())
            ? element.GetString()
            : throw new CrmEtlException($"{configPath}: {name} must be {expected}; found {element.GetRawText()}.");
    }

    private static List<string>? ReadReports(JsonElement root, string configPath)
    {
        if (!root.TryGetProperty("reports", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        const string Expected = "must be a list of report names, e.g. \"reports\": [\"report\", \"funnel\"]";
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new CrmEtlException($"{configPath}: reports {Expected}.");
        }

        return [.. element.EnumerateArray().Select(name => name.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(name.GetString())
            ? name.GetString()!.Trim()
            : throw new CrmEtlException($"{configPath}: reports {Expected}; found {name.GetRawText()}."))];
    }

    public static DateOnly ParseDate(string text, string what) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new CrmEtlException($"{what}: '{text}' is not a date; write it as YYYY-MM-DD.");
}
