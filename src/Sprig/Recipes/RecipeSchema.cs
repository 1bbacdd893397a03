using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Sprig.Sparsity;
using Sprig.Training;
using YamlDotNet.RepresentationModel;

namespace Sprig.Recipes;

/// <summary>
/// The keys a recipe may hold: every settable property of <see cref="TrainingOptions"/> at the top level and of
/// <see cref="SparsityOptions"/> under <c>sparsity:</c>, named in snake_case exactly as in the <c>config</c> of
/// results.json, so a run's config is a valid recipe. Values are converted by the property's type.
/// </summary>
internal static class RecipeSchema
{
    /// <summary>The top-level key holding the sparsification method and its parameters.</summary>
    public const string SparsitySection = "sparsity";

    public static IReadOnlyDictionary<string, PropertyInfo> TrainingKeys { get; } = KeysOf(typeof(TrainingOptions));

    public static IReadOnlyDictionary<string, PropertyInfo> SparsityKeys { get; } = KeysOf(typeof(SparsityOptions));

    /// <summary>The property behind a dotted key such as <c>epochs</c> or <c>sparsity.method</c>, or null.</summary>
    public static PropertyInfo? Find(string key) =>
        key.StartsWith(SparsitySection + ".", StringComparison.Ordinal)
            ? SparsityKeys.GetValueOrDefault(key[(SparsitySection.Length + 1)..])
            : TrainingKeys.GetValueOrDefault(key);

    /// <summary>Converts a YAML node to the type of <paramref name="property"/>; null with an error message when it does not fit.</summary>
    public static object? Convert(YamlNode node, PropertyInfo property, string key, out string? error)
    {
        error = null;
        Type type = property.PropertyType;
        if (type == typeof(IReadOnlyList<int>))
        {
            var list = new List<int>();
            if (node is YamlSequenceNode sequence)
            {
                foreach (YamlNode item in sequence)
                {
                    if (item is not YamlScalarNode { Value: { } text } || !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
                    {
                        error = $"'{key}' must be a list of integers";
                        return null;
                    }

                    list.Add(value);
                }

                return list;
            }

            error = $"'{key}' must be a list of integers, such as [80, 120]";
            return null;
        }

        if (node is not YamlScalarNode scalar)
        {
            error = $"'{key}' must be a single value, not a {(node is YamlSequenceNode ? "list" : "mapping")}";
            return null;
        }

        string raw = scalar.Value ?? string.Empty;
        bool isNull = scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && raw is "" or "~" or "null";
        Type? nullable = Nullable.GetUnderlyingType(type);
        if (isNull && (nullable is not null || IsNullableReference(property)))
        {
            return null;
        }

        Type target = nullable ?? type;
        object? result = target switch
        {
            _ when target == typeof(string) => raw,
            _ when target == typeof(int) => int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i) ? i : null,
            _ when target == typeof(bool) => bool.TryParse(raw, out bool b) ? b : null,
            _ when target == typeof(double) => double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) ? d : null,
            _ when target == typeof(float) => float.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out float f) && float.IsFinite(f) ? f : null,
            _ => null,
        };
        if (result is null)
        {
            error = $"'{key}' must be {Describe(target)}, got '{raw}'";
        }

        return result;
    }

    private static string Describe(Type type) =>
        type == typeof(int) ? "an integer" : type == typeof(bool) ? "true or false" : type == typeof(string) ? "a string" : "a finite number";

    private static bool IsNullableReference(PropertyInfo property) =>
        new NullabilityInfoContext().Create(property).WriteState == NullabilityState.Nullable;

    private static Dictionary<string, PropertyInfo> KeysOf(Type type)
    {
        var keys = new Dictionary<string, PropertyInfo>(StringComparer.Ordinal);
        foreach (PropertyInfo p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.CanWrite)
            {
                keys.Add(JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name), p);
            }
        }

        return keys;
    }
}
