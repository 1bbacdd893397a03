using System.CommandLine;
using System.Globalization;
using Sprig.Recipes;
using Sprig.Training;

namespace Sprig.Cli.Commands;

/// <summary><c>sprig sweep</c>: trains a method × sparsity × seed grid from a recipe and tabulates it.</summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var recipe = new Option<string>("--recipe") { Description = "YAML recipe every cell starts from.", Required = true };
        var methods = new Option<string?>("--methods") { Description = "Comma-separated methods, e.g. gmp,static,snip (default: the recipe's)." };
        var sparsity = new Option<string?>("--sparsity") { Description = "Comma-separated target sparsities, e.g. 0.8,0.9,0.95 (default: the recipe's)." };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per cell (the recipe's seed, +1, …).", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Sweep directory; rerunning skips finished cells.", Required = true };
        var command = new Command("sweep", "Train a grid of methods × sparsities × seeds (resumable) and write results.md, results.csv and report.html.")
        {
            recipe, methods, sparsity, seeds, output,
        };
        command.SetAction(parse =>
        {
            TrainingOptions options = Recipe.Load(parse.GetValue(recipe)!);
            var plan = new SweepPlan(
                options,
                Split(parse.GetValue(methods), "--methods").DefaultIfEmpty(options.Sparsity.Method).ToList(),
                Split(parse.GetValue(sparsity), "--sparsity").Select(ParseSparsity).DefaultIfEmpty(options.Sparsity.Sparsity).ToList(),
                parse.GetValue(seeds));
            string directory = parse.GetValue(output)!;
            Sweep.Run(plan, directory, TrainingProgress.Create(plain: true), Console.Out);
            Console.WriteLine($"wrote {Path.Combine(directory, Sweep.MarkdownFile)}, {Sweep.CsvFile} and {Sweep.ReportFile}");
            return 0;
        });
        return command;
    }

    private static IEnumerable<string> Split(string? list, string flag)
    {
        if (list is null)
        {
            return [];
        }

        string[] items = list.Split(',', StringSplitOptions.TrimEntries);
        return items.Any(i => i.Length == 0) ? throw new SprigException($"{flag} has an empty item: '{list}'") : items;
    }

    private static double ParseSparsity(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new SprigException($"--sparsity items must be numbers, got '{text}'");
}
