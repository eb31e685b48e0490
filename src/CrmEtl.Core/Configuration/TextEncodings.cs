namespace CrmEtl.Core.Configuration;

/// <summary>The text encodings DuckDB's CSV reader decodes without an extension, under the names users write.</summary>
public static class TextEncodings
{
    private static readonly Dictionary<string, string> ByAlias = new(StringComparer.OrdinalIgnoreCase)
    {
        ["utf-8"] = "utf-8",
        ["utf8"] = "utf-8",
        ["utf-16"] = "utf-16",
        ["utf16"] = "utf-16",
        ["latin-1"] = "latin-1",
        ["latin1"] = "latin-1",
        ["iso-8859-1"] = "latin-1",
    };

    public const string Supported = "utf-8, utf-16, latin-1";

    /// <summary>DuckDB's name for an encoding, or null when the reader cannot decode it.</summary>
    public static string? Normalize(string name) => ByAlias.GetValueOrDefault(name.Trim());

    /// <summary>The .NET decoder for a DuckDB encoding name (null: UTF-8).</summary>
    public static System.Text.Encoding Decoder(string? encoding) => encoding switch
    {
        "latin-1" => System.Text.Encoding.Latin1,
        "utf-16" => System.Text.Encoding.Unicode,
        _ => System.Text.Encoding.UTF8,
    };
}
