using System.Reflection;
using Sprig.Models;
using Sprig.Sparsity;
using Sprig.Training;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sprig.Recipes;

/// <summary>
/// A declarative training recipe in YAML: model, data, optimizer, schedule and the sparsification method with its
/// parameters, with the keys of results.json's <c>config</c> (snake_case; the method under <c>sparsity:</c>).
/// Unknown keys, wrong types and invalid values are errors that name the file, line and key.
/// </summary>
public static class Recipe
{
    private static readonly string[] s_datasets = ["fashion-mnist", "synthetic"];

    /// <summary>Reads and validates the recipe in <paramref name="path"/>.</summary>
    /// <exception cref="SprigException">The file is missing, not YAML, or holds an unknown key or an invalid value.</exception>
    public static TrainingOptions Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new SprigException($"{path}: recipe file not found");
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses and validates recipe <paramref name="text"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="SprigException">The text is not YAML, or holds an unknown key or an invalid value.</exception>
    public static TrainingOptions Parse(string text, string source)
    {
        var yaml = new YamlStream();
        try
        {
            yaml.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new SprigException($"{source}:{e.Start.Line}: not valid YAML: {e.Message}", e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's loader reports some malformed streams (found by fuzzing) these ways, without a position.
            throw new SprigException($"{source}: not valid YAML: {e.Message}", e);
        }

        if (yaml.Documents.Count == 0)
        {
            throw new SprigException($"{source}: the recipe is empty");
        }

        if (yaml.Documents.Count > 1 || yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new SprigException($"{source}:{Line(yaml.Documents[^1].RootNode)}: a recipe is one mapping of keys to values (key: value)");
        }

        var lines = new Dictionary<string, long>(StringComparer.Ordinal);
        var options = new TrainingOptions();
        var sparsity = new SparsityOptions();
        foreach (var (keyNode, value) in root.Children)
        {
            string key = KeyOf(keyNode, source);
            if (key == RecipeSchema.SparsitySection)
            {
                lines[key] = Line(keyNode);
                if (value is not YamlMappingNode section)
                {
                    throw new SprigException($"{source}:{Line(value)}: '{key}' must be a mapping of method parameters (method: gmp, sparsity: 0.9, …)");
                }

                foreach (var (innerKey, innerValue) in section.Children)
                {
                    Set(sparsity, RecipeSchema.SparsityKeys, key + ".", KeyOf(innerKey, source), innerKey, innerValue, lines, source);
                }
            }
            else
            {
                Set(options, RecipeSchema.TrainingKeys, string.Empty, key, keyNode, value, lines, source);
            }
        }

        options = options with { Sparsity = sparsity };
        Validate(options, lines, source);
        return options;
    }

    /// <summary>
    /// <paramref name="recipe"/> with the values of <paramref name="flags"/> at <paramref name="keys"/> (dotted recipe
    /// keys such as <c>epochs</c> or <c>sparsity.method</c>): how explicitly given command-line flags override a recipe.
    /// </summary>
    /// <exception cref="ArgumentException">A key is not a recipe key.</exception>
    public static TrainingOptions Override(TrainingOptions recipe, TrainingOptions flags, IEnumerable<string> keys)
    {
        TrainingOptions result = recipe with { };
        SparsityOptions sparsity = recipe.Sparsity with { };
        foreach (string key in keys)
        {
            PropertyInfo property = RecipeSchema.Find(key) ?? throw new ArgumentException($"'{key}' is not a recipe key", nameof(keys));
            bool nested = property.DeclaringType == typeof(SparsityOptions);
            property.SetValue(nested ? sparsity : result, property.GetValue(nested ? flags.Sparsity : flags));
        }

        return result with { Sparsity = sparsity };
    }

    /// <summary>Every valid dotted key (for documentation and for mapping command-line flags).</summary>
    public static IEnumerable<string> Keys =>
        RecipeSchema.TrainingKeys.Keys.Where(k => k != RecipeSchema.SparsitySection)
            .Concat(RecipeSchema.SparsityKeys.Keys.Select(k => $"{RecipeSchema.SparsitySection}.{k}"));

    private static void Set(object target, IReadOnlyDictionary<string, PropertyInfo> keys, string prefix, string key, YamlNode keyNode, YamlNode value, Dictionary<string, long> lines, string source)
    {
        string dotted = prefix + key;
        if (!keys.TryGetValue(key, out PropertyInfo? property))
        {
            string where = prefix.Length == 0 ? "a recipe" : $"'{prefix.TrimEnd('.')}'";
            throw new SprigException($"{source}:{Line(keyNode)}: unknown key '{key}' in {where}; valid keys: {string.Join(", ", keys.Keys.Order(StringComparer.Ordinal))}");
        }

        lines[dotted] = Line(keyNode);
        object? converted = RecipeSchema.Convert(value, property, dotted, out string? error);
        if (error is not null)
        {
            throw new SprigException($"{source}:{Line(value)}: {error}");
        }

        property.SetValue(target, converted);
    }

    private static void Validate(TrainingOptions options, Dictionary<string, long> lines, string source)
    {
        if (!ModelZoo.Names.Contains(options.Model))
        {
            throw new SprigException($"{source}:{lines.GetValueOrDefault("model")}: 'model' must be one of {string.Join(", ", ModelZoo.Names)}, got '{options.Model}'");
        }

        if (!s_datasets.Contains(options.Dataset))
        {
            throw new SprigException($"{source}:{lines.GetValueOrDefault("dataset")}: 'dataset' must be one of {string.Join(", ", s_datasets)}, got '{options.Dataset}'");
        }

        try
        {
            SparsityMethodFactory.Create(options.Sparsity);
        }
        catch (SprigException e)
        {
            long line = lines.GetValueOrDefault("sparsity.method", lines.GetValueOrDefault(RecipeSchema.SparsitySection));
            throw new SprigException($"{source}:{line}: in 'sparsity': {e.Message}", e);
        }
    }

    private static string KeyOf(YamlNode node, string source) =>
        node is YamlScalarNode { Value: { } key }
            ? key
            : throw new SprigException($"{source}:{Line(node)}: keys must be plain names");

    private static long Line(YamlNode node) => node.Start.Line;
}
