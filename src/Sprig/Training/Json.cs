using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sprig.Training;

/// <summary>The JSON conventions of every file Sprig writes: snake_case names, no nulls, invariant numbers.</summary>
public static class Json
{
    /// <summary>Indented output for files people read (results.json).</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    /// <summary>One-line output for logs (metrics.jsonl, bench lines).</summary>
    public static JsonSerializerOptions Compact { get; } = Create(indented: false);

    private static JsonSerializerOptions Create(bool indented) => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = indented,
    };
}
