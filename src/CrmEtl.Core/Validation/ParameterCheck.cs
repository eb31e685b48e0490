using CrmEtl.Core.Configuration;
using CrmEtl.Core.Resources;
using CrmEtl.Core.Scripts;

namespace CrmEtl.Core.Validation;

/// <summary>
/// The run's parameter checks (type and domain, <see cref="ParameterSet.Load"/>), one value at a
/// time so that every bad value is reported; the set returned holds the values that passed.
/// </summary>
internal static class ParameterCheck
{
    public static ParameterSet Load(string parametersFile, ProjectConfig config, ConfigPlace place, ValidationReport report)
    {
        var origins = config.Parameters.Keys.ToDictionary(
            name => name,
            name => config.ParameterOrigins.GetValueOrDefault(name) is "--set" or null ? "--set" : place.Line(config.ParameterOrigins[name], "parameters", name),
            StringComparer.OrdinalIgnoreCase);
        if (!CheckDefaults(parametersFile, report))
        {
            // A run stops here; the scripts are still checked, with the built-in defaults.
            parametersFile = Path.Combine(ProjectFiles.Resolve(null).SqlDirectory, "parameters.csv");
        }

        var accepted = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in config.Parameters)
        {
            try
            {
                ParameterSet.Load(parametersFile, new Dictionary<string, string> { [name] = value }, origins);
                accepted[name] = value;
            }
            catch (CrmEtlException e)
            {
                report.Problem(e.Message.StartsWith("Unknown parameter", StringComparison.Ordinal) ? $"{origins[name]}: {e.Message}" : e.Message);
            }
        }

        return ParameterSet.Load(parametersFile, accepted, origins);
    }

    /// <summary>parameters.csv parses, and each default fits its type and domain (every one that does not is reported).</summary>
    private static bool CheckDefaults(string parametersFile, ValidationReport report)
    {
        if (!File.Exists(parametersFile))
        {
            return true;
        }

        List<Parameter> defaults = [];
        if (!report.Try(() => defaults = ParameterFile.Read(parametersFile)))
        {
            return false;
        }

        return defaults.Select(p => report.Try(() => p.Check(ParameterDomains.Known))).ToList().All(ok => ok);
    }
}
