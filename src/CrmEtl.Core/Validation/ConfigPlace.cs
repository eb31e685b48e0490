using System.Text.Json;

namespace CrmEtl.Core.Validation;

/// <summary>The line of a key in crmetl.json (comments allowed), so that a problem with a source names where it is set.</summary>
internal sealed class ConfigPlace(string? configPath)
{
    private readonly byte[]? json = configPath is not null && File.Exists(configPath) ? File.ReadAllBytes(configPath) : null;

    /// <summary>"crmetl.json, line 7: sources.purchases.path" for a key the file has; else <paramref name="otherwise"/> (e.g. "--purchases").</summary>
    public string Key(string otherwise, params string[] keys) =>
        FindLine(keys) is { } line ? $"{configPath}, line {line}: {string.Join('.', keys)}" : otherwise;

    /// <summary>"crmetl.json, line 7" for a key the file has; else <paramref name="otherwise"/>.</summary>
    public string Line(string otherwise, params string[] keys) =>
        FindLine(keys) is { } line ? $"{configPath}, line {line}" : otherwise;

    private int? FindLine(string[] keys)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var path = new List<string>();
            string? property = null;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        property = reader.GetString();
                        // path[0] is the root object.
                        if (path.Count == keys.Length && path.Skip(1).SequenceEqual(keys[..^1], StringComparer.OrdinalIgnoreCase)
                            && string.Equals(property, keys[^1], StringComparison.OrdinalIgnoreCase))
                        {
                            return 1 + json.AsSpan(0, (int)reader.TokenStartIndex).Count((byte)'\n');
                        }

                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        path.Add(property ?? string.Empty);
                        property = null;
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        break;
                    default:
                        property = null;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // The reader reports a config that does not parse; here it only has no line to give.
        }

        return null;
    }
}
