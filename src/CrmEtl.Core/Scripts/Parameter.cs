using System.Globalization;

namespace CrmEtl.Core.Scripts;

/// <summary>A run parameter, as SQL sees it through <c>getvariable('name')</c>.</summary>
/// <param name="Origin">Where the value was set, for the user: parameters.csv and its line, the config file, or --set.</param>
public sealed record Parameter(string Name, string Value, ParameterType Type, string Description, string Origin)
{
    /// <summary>
    /// The value as a typed SQL literal; a value that does not fit its type is a user error. An empty date means
    /// "not set" and reaches SQL as a NULL DATE (an optional date such as cltv_holdout_end).
    /// </summary>
    public string ToSqlLiteral()
    {
        var invalid = () => new CrmEtlException($"{Origin}: parameter '{Name}' is {Type.SqlName()}, and '{Value}' is not.");
        return Type switch
        {
            ParameterType.WholeNumber => long.TryParse(Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)
                ? i.ToString(CultureInfo.InvariantCulture) : throw invalid(),
            ParameterType.Number => double.TryParse(Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
                ? $"CAST({d.ToString("R", CultureInfo.InvariantCulture)} AS DOUBLE)" : throw invalid(),
            ParameterType.Date when string.IsNullOrWhiteSpace(Value) => "CAST(NULL AS DATE)",
            ParameterType.Date => DateOnly.TryParseExact(Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                ? $"DATE {SqlText.Literal(Value)}" : throw invalid(),
            ParameterType.Boolean => bool.TryParse(Value, out var b) ? (b ? "true" : "false") : throw invalid(),
            ParameterType.Text => SqlText.Literal(Value),
            _ => throw new ArgumentOutOfRangeException(nameof(Type), Type, null),
        };
    }

    /// <summary>Throws <see cref="CrmEtlException"/> naming the parameter, its origin and what it may be, when the value does not fit its type or domain.</summary>
    public void Check(IEnumerable<ParameterDomain> domains)
    {
        ToSqlLiteral();
        var domain = domains.FirstOrDefault(d => d.Name.Equals(Name, StringComparison.OrdinalIgnoreCase));
        if (domain is not null && !domain.Accepts(Value))
        {
            throw new CrmEtlException($"{Origin}: parameter '{Name}' is '{Value}'; it must be {domain.Allowed}.");
        }
    }
}
