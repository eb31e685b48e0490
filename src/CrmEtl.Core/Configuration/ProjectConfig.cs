namespace CrmEtl.Core.Configuration;

/// <summary>
/// What a run needs to know: the inputs, the analysis date, parameter overrides and where the
/// project's own <c>sql/</c> and <c>templates/</c> folders may be.
/// </summary>
public sealed record ProjectConfig(
    IReadOnlyDictionary<string, SourceSpec> Sources,
    DateOnly? AsOf,
    IReadOnlyDictionary<string, string> Parameters,
    string? ProjectDirectory)
{
    /// <summary>The reports to render, by template name (<c>templates/NAME.sbn-html</c>); null = every one.</summary>
    public IReadOnlyList<string>? Reports { get; init; }

    public static ProjectConfig Empty { get; } = new(
        new Dictionary<string, SourceSpec>(StringComparer.OrdinalIgnoreCase),
        null,
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase),
        null);

    /// <summary>Where each of <see cref="Parameters"/> was set (the config file's path, or --set), for the messages that name a bad value.</summary>
    public IReadOnlyDictionary<string, string> ParameterOrigins { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>DuckDB's memory_limit for the run (<c>memoryLimit</c>, <c>--memory-limit</c>); null = <see cref="EngineSettings.DefaultMemoryLimit"/>.</summary>
    public string? MemoryLimit { get; init; }

    /// <summary>Where DuckDB spills what does not fit in the memory limit (<c>tempDirectory</c>, <c>--temp-directory</c>); null = next to the database.</summary>
    public string? TempDirectory { get; init; }

    /// <summary>The <c>mail</c> section: who gets the report and over which server; null when there is none.</summary>
    public Mail.MailSettings? Mail { get; init; }

    /// <summary>Command-line values (<paramref name="parameters"/> are --set) win over the config file's.</summary>
    public ProjectConfig With(
        IReadOnlyDictionary<string, SourceSpec>? sources = null,
        DateOnly? asOf = null,
        IReadOnlyDictionary<string, string>? parameters = null)
    {
        var mergedSources = new Dictionary<string, SourceSpec>(Sources, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, spec) in sources ?? new Dictionary<string, SourceSpec>())
        {
            mergedSources[name] = spec;
        }

        var mergedParameters = new Dictionary<string, string>(Parameters, StringComparer.OrdinalIgnoreCase);
        var origins = new Dictionary<string, string>(ParameterOrigins, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in parameters ?? new Dictionary<string, string>())
        {
            mergedParameters[name] = value;
            origins[name] = "--set";
        }

        return this with { Sources = mergedSources, AsOf = asOf ?? AsOf, Parameters = mergedParameters, ParameterOrigins = origins };
    }
}
