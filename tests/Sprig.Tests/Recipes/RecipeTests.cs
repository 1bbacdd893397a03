using System.Text.Json;
using Sprig.Recipes;
using Sprig.Sparsity;
using Sprig.Training;

namespace Sprig.Tests.Recipes;

public class RecipeTests
{
    public static TheoryData<string> ShippedRecipes()
    {
        var data = new TheoryData<string>();
        foreach (string path in Directory.GetFiles(RecipesDirectory(), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ShippedRecipes))]
    public void ShippedRecipe_ParsesAndValidates(string file)
    {
        TrainingOptions options = Recipe.Load(Path.Combine(RecipesDirectory(), file));

        SparsityMethodFactory.Create(options.Sparsity);
        string name = Path.GetFileNameWithoutExtension(file);
        if (SparsityMethodFactory.MethodNames.Contains(name))
        {
            Assert.Equal(name, options.Sparsity.Method);
        }
    }

    [Fact]
    public void EveryMethodHasAShippedRecipe()
    {
        var shipped = Directory.GetFiles(RecipesDirectory(), "*.yaml").Select(Path.GetFileNameWithoutExtension).ToHashSet();

        Assert.All(SparsityMethodFactory.MethodNames, method => Assert.Contains(method, shipped));
    }

    [Fact]
    public void Parse_MapsKeysOntoTheOptions()
    {
        TrainingOptions o = Recipe.Parse(
            """
            model: cnn
            dataset: synthetic
            epochs: 3
            learning_rate: 0.1
            milestones: [1, 2]
            nesterov: true
            sparsity:
              method: gmp
              sparsity: 0.9
              budget: ~
              prune_end_epoch: 2.5
            """,
            "r.yaml");

        Assert.Equal(new TrainingOptions().WeightDecay, o.WeightDecay);
        Assert.Equal(("cnn", "synthetic", 3, 0.1f, true), (o.Model, o.Dataset, o.Epochs, o.LearningRate, o.Nesterov));
        Assert.Equal([1, 2], o.Milestones);
        Assert.Equal(("gmp", 0.9, null, 2.5), (o.Sparsity.Method, o.Sparsity.Sparsity, o.Sparsity.Budget, o.Sparsity.PruneEndEpoch));
    }

    [Fact]
    public void RunConfig_IsAValidRecipe()
    {
        var options = new TrainingOptions { Model = "lenet5", Milestones = [5], Sparsity = new SparsityOptions { Method = "snip", Sparsity = 0.8, Budget = "erk" } };

        TrainingOptions parsed = Recipe.Parse(JsonSerializer.Serialize(options, Json.Indented), "config.json");

        Assert.Equal(JsonSerializer.Serialize(options, Json.Compact), JsonSerializer.Serialize(parsed, Json.Compact));
    }

    [Theory]
    [InlineData("model: mlp\nepochz: 3\n", "r.yaml:2: unknown key 'epochz' in a recipe; valid keys: augment, batch_size,")]
    [InlineData("sparsity:\n  method: gmp\n  sparsty: 0.9\n", "r.yaml:3: unknown key 'sparsty' in 'sparsity'; valid keys: block, budget,")]
    [InlineData("epochs: three\n", "r.yaml:1: 'epochs' must be an integer, got 'three'")]
    [InlineData("learning_rate: .nan\n", "r.yaml:1: 'learning_rate' must be a finite number")]
    [InlineData("augment: maybe\n", "r.yaml:1: 'augment' must be true or false")]
    [InlineData("milestones: 5\n", "r.yaml:1: 'milestones' must be a list of integers")]
    [InlineData("epochs: 1\nepochs: 2\n", "r.yaml:2: not valid YAML: Duplicate key epochs")]
    [InlineData("sparsity: 0.9\n", "r.yaml:1: 'sparsity' must be a mapping")]
    [InlineData("model: [mlp\n", "r.yaml:2: not valid YAML")]
    [InlineData("- mlp\n", "r.yaml:1: a recipe is one mapping")]
    [InlineData("", "r.yaml: the recipe is empty")]
    [InlineData("model: alexnet\n", "r.yaml:1: 'model' must be one of mlp, set-mlp, lenet5")]
    [InlineData("dataset: cifar\n", "r.yaml:1: 'dataset' must be one of fashion-mnist, synthetic")]
    [InlineData("model: mlp\nsparsity:\n  method: magic\n", "r.yaml:3: in 'sparsity': unknown sparsity method 'magic'")]
    public void Errors_NameTheFileLineAndKey(string text, string expected)
    {
        var e = Assert.Throws<SprigException>(() => Recipe.Parse(text, "r.yaml"));

        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Load_NamesAMissingFile()
    {
        var e = Assert.Throws<SprigException>(() => Recipe.Load("/nonexistent/r.yaml"));

        Assert.Equal("/nonexistent/r.yaml: recipe file not found", e.Message);
    }

    [Fact]
    public void Override_TakesOnlyTheGivenKeysFromTheFlags()
    {
        TrainingOptions recipe = Recipe.Parse("model: cnn\nepochs: 7\nsparsity:\n  method: gmp\n  sparsity: 0.9\n", "r.yaml");
        var flags = new TrainingOptions { Epochs = 2, Seed = 5, Sparsity = new SparsityOptions { Method = "static", Sparsity = 0.5 } };

        TrainingOptions merged = Recipe.Override(recipe, flags, ["epochs", "sparsity.sparsity"]);

        Assert.Equal(("cnn", 2, 0), (merged.Model, merged.Epochs, merged.Seed));
        Assert.Equal(("gmp", 0.5), (merged.Sparsity.Method, merged.Sparsity.Sparsity));
        Assert.Equal(7, recipe.Epochs);
        Assert.Equal(0.9, recipe.Sparsity.Sparsity);
        Assert.Throws<ArgumentException>(() => Recipe.Override(recipe, flags, ["nope"]));
    }

    [Fact]
    public void Keys_AreDottedAndComplete()
    {
        var keys = Recipe.Keys.ToList();

        Assert.Contains("learning_rate", keys);
        Assert.Contains("sparsity.prune_start_epoch", keys);
        Assert.Contains("sparsity.nm", keys);
        Assert.DoesNotContain("sparsity", keys);
    }

    internal static string RecipesDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sprig.slnx")))
            {
                return Path.Combine(dir.FullName, "recipes");
            }
        }

        throw new InvalidOperationException("the repository root (Sprig.slnx) is not above the test binaries");
    }
}
