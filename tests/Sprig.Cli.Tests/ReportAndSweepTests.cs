using System.Text.Json;
using System.Xml.Linq;

namespace Sprig.Cli.Tests;

/// <summary>train --recipe/--measure, report and sweep as a user runs them, on tiny synthetic settings.</summary>
public sealed class ReportAndSweepTests
{
    private const string Tiny = """
        model: mlp
        dataset: synthetic
        epochs: 3
        batch_size: 50
        train_limit: 200
        test_limit: 100
        threads: 1
        sparsity:
          method: gmp
          sparsity: 0.8
          prune_every: 2
        """;

    [Fact]
    public void Train_RecipeValuesAreDefaultsAndGivenFlagsWin()
    {
        string root = CliProcess.TempDirectory();
        string recipe = Path.Combine(root, "tiny.yaml");
        File.WriteAllText(recipe, Tiny);
        string run = Path.Combine(root, "run");

        var outcome = CliProcess.Run("train", "--recipe", recipe, "--epochs", "1", "--sparsity", "0.5", "--lr", "0.01", "--measure", "--out", run);

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "results.json")));
        JsonElement config = results.RootElement.GetProperty("config");
        Assert.Equal(1, config.GetProperty("epochs").GetInt32());
        Assert.Equal(0.01, config.GetProperty("learning_rate").GetDouble(), 6);
        Assert.Equal(200, config.GetProperty("train_limit").GetInt32());
        Assert.Equal("gmp", config.GetProperty("sparsity").GetProperty("method").GetString());
        Assert.Equal(0.5, config.GetProperty("sparsity").GetProperty("sparsity").GetDouble());
        Assert.Equal(2, config.GetProperty("sparsity").GetProperty("prune_every").GetInt32());
        Assert.Equal(2, results.RootElement.GetProperty("latency").GetArrayLength());
        Assert.True(results.RootElement.GetProperty("metrics").GetProperty("dense_forward_flops").GetInt64() > 0);
    }

    [Fact]
    public void Train_BadRecipeIsOneLineWithFileAndLine()
    {
        string recipe = Path.Combine(CliProcess.TempDirectory(), "bad.yaml");
        File.WriteAllText(recipe, "model: mlp\nlearning_rat: 0.1\n");

        var outcome = CliProcess.Run("train", "--recipe", recipe);

        Assert.Equal(2, outcome.ExitCode);
        Assert.StartsWith($"error: {recipe}:2: unknown key 'learning_rat'", outcome.Stderr, StringComparison.Ordinal);
        Assert.Single(outcome.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void Sweep_ThenReport_InHtmlAndMarkdown()
    {
        string root = CliProcess.TempDirectory();
        string recipe = Path.Combine(root, "tiny.yaml");
        File.WriteAllText(recipe, Tiny);
        string sweep = Path.Combine(root, "sweep");

        var outcome = CliProcess.Run("sweep", "--recipe", recipe, "--methods", "dense,gmp", "--sparsity", "0.8", "--seeds", "2", "--out", sweep);
        var again = CliProcess.Run("sweep", "--recipe", recipe, "--methods", "dense,gmp", "--sparsity", "0.8", "--seeds", "2", "--out", sweep);

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        Assert.Equal(4, again.Stdout.Split('\n').Count(l => l.EndsWith("finished earlier, skipped", StringComparison.Ordinal)));
        string table = File.ReadAllText(Path.Combine(sweep, "results.md"));
        Assert.Contains("| mlp | gmp | 80% | 2 |", table, StringComparison.Ordinal);
        Assert.Contains("±", table, StringComparison.Ordinal);

        string html = Path.Combine(root, "report.html");
        string md = Path.Combine(root, "report.md");
        string[] runs = [Path.Combine(sweep, "dense-0-seed0"), Path.Combine(sweep, "gmp-0.8-seed0")];
        Assert.Equal(0, CliProcess.Run(["report", .. runs, "--out", html, "--layer", "3.weight"]).ExitCode);
        Assert.Equal(0, CliProcess.Run(["report", .. runs, "--format", "md", "--out", md]).ExitCode);
        XDocument page = XDocument.Parse(File.ReadAllText(html).Replace("<!DOCTYPE html>", string.Empty, StringComparison.Ordinal));
        Assert.Contains(page.Descendants("figure"), f => (string?)f.Attribute("class") == "accuracy-sparsity");
        Assert.Contains("Mask of 3.weight", File.ReadAllText(html), StringComparison.Ordinal);
        Assert.StartsWith("# Sprig report", File.ReadAllText(md), StringComparison.Ordinal);
    }

    [Fact]
    public void Report_BadInputsAreOneLineErrors()
    {
        string empty = CliProcess.TempDirectory();

        var missing = CliProcess.Run("report", empty);
        var format = CliProcess.Run("report", empty, "--format", "pdf");

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no results.json", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, format.ExitCode);
        Assert.Contains("--format must be html or md", format.Stderr, StringComparison.Ordinal);
    }
}
