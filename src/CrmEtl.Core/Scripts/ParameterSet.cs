using System.Text.RegularExpressions;
using CrmEtl.Core.Resources;
using Dapper;
using DuckDB.NET.Data;

namespace CrmEtl.Core.Scripts;

/// <summary>
/// The parameters of a run: defaults from <c>sql/parameters.csv</c>, overridden by the config
/// file and <c>--set</c>; the as-of date is one of them. Each becomes a DuckDB variable. Every
/// value is checked against its type and, for the parameters the run reads, its domain
/// (<see cref="ParameterDomains"/>) when the set is loaded, before the run touches any file.
/// </summary>
public sealed partial class ParameterSet
{
    public const string AsOf = "as_of";

    private readonly Dictionary<string, Parameter> parameters;

    private ParameterSet(Dictionary<string, Parameter> parameters) => this.parameters = parameters;

    public IReadOnlyCollection<Parameter> All => parameters.Values;

    /// <summary>A parameter the run reads; a project's parameters.csv that leaves it out is a user error, not a crash.</summary>
    public string this[string name] => parameters.TryGetValue(name, out var parameter)
        ? parameter.Value
        : throw new CrmEtlException(
            $"parameter '{name}' is not in sql/parameters.csv; the run needs it. Add its line from the built-in file " +
            "(`crmetl init --all` into an empty folder writes it), or delete the project's copy to use the built-in one.");

    /// <summary>Where an override comes from when the caller does not say.</summary>
    private const string OverrideOrigin = "--set / crmetl.json";

    /// <param name="origins">Where each override was set (the config file's path, or --set).</param>
    public static ParameterSet Load(
        string parametersFile, IReadOnlyDictionary<string, string> overrides, IReadOnlyDictionary<string, string>? origins = null)
    {
        var defaults = File.Exists(parametersFile) ? ParameterFile.Read(parametersFile) : [];
        var set = new ParameterSet(defaults.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase));
        foreach (var parameter in set.parameters.Values)
        {
            parameter.Check(ParameterDomains.Known);
        }

        foreach (var (name, value) in overrides)
        {
            if (!set.parameters.TryGetValue(name, out var known))
            {
                throw new CrmEtlException(
                    $"Unknown parameter '{name}'. Known parameters (from {ProjectFiles.Label(parametersFile)}): " +
                    $"{string.Join(", ", set.parameters.Keys.Order(StringComparer.Ordinal))}.");
            }

            var parameter = known with { Value = value, Origin = origins?.GetValueOrDefault(name) ?? OverrideOrigin };
            parameter.Check(ParameterDomains.Known);
            set.parameters[name] = parameter;
        }

        return set;
    }

    public void SetAsOf(DateOnly asOf) =>
        parameters[AsOf] = new Parameter(AsOf, asOf.ToString("yyyy-MM-dd"), ParameterType.Date, "Analysis date; data after it is ignored", "the as-of date");

    /// <summary>Declares every parameter as a DuckDB variable on the connection.</summary>
    public void Apply(DuckDBConnection connection)
    {
        foreach (var parameter in parameters.Values)
        {
            if (!ValidName().IsMatch(parameter.Name))
            {
                throw new CrmEtlException($"Parameter name '{parameter.Name}' must be letters, digits and underscores.");
            }

            connection.Execute($"SET VARIABLE {parameter.Name} = {parameter.ToSqlLiteral()}");
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex ValidName();
}
