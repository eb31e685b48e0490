namespace CrmEtl.Core.Scripts;

/// <summary>The type of a run parameter, as the <c>type</c> column of <c>parameters.csv</c> spells it.</summary>
public enum ParameterType
{
    /// <summary>A whole number, reaching SQL as BIGINT.</summary>
    [SqlName("integer")]
    WholeNumber,

    /// <summary>A finite number, reaching SQL as DOUBLE.</summary>
    [SqlName("number")]
    Number,

    /// <summary>A date written YYYY-MM-DD; empty means not set (a NULL DATE).</summary>
    [SqlName("date")]
    Date,

    [SqlName("text")]
    Text,

    /// <summary>true or false.</summary>
    [SqlName("boolean")]
    Boolean,
}
