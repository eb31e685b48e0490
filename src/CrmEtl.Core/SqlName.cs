using System.Collections.Frozen;
using System.Reflection;

namespace CrmEtl.Core;

/// <summary>The text an enum member is written as in the tables a run leaves (journal, CLTV outputs) and read back from parameters.</summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class SqlNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>
/// The one mapping between the enums of the run's vocabulary (statuses, kinds, model names) and their text in SQL:
/// each member carries its <see cref="SqlNameAttribute"/>; this reads it both ways.
/// </summary>
public static class SqlNames
{
    /// <summary>The member's text as written to the tables, e.g. <c>on_boundary</c>.</summary>
    public static string SqlName<T>(this T value)
        where T : struct, Enum =>
        Names<T>.ByValue.TryGetValue(value, out var name) ? name : throw new ArgumentOutOfRangeException(nameof(value), value, null);

    /// <summary>Every member's text, in declaration order.</summary>
    public static IReadOnlyList<string> All<T>()
        where T : struct, Enum => Names<T>.InOrder;

    /// <summary>The member whose text is <paramref name="name"/> (case-insensitive, surrounding blanks ignored).</summary>
    public static bool TryParse<T>(string? name, out T value)
        where T : struct, Enum => Names<T>.ByName.TryGetValue(name?.Trim() ?? string.Empty, out value);

    private static class Names<T>
        where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, string> ByValue = Enum.GetValues<T>().ToFrozenDictionary(v => v, Read);

        public static readonly FrozenDictionary<string, T> ByName =
            ByValue.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);

        public static readonly IReadOnlyList<string> InOrder = [.. Enum.GetValues<T>().Select(v => ByValue[v])];

        private static string Read(T value) =>
            typeof(T).GetField(value.ToString(), BindingFlags.Public | BindingFlags.Static)?.GetCustomAttribute<SqlNameAttribute>()?.Name
                ?? throw new InvalidOperationException($"{typeof(T).Name}.{value} has no [SqlName].");
    }
}
