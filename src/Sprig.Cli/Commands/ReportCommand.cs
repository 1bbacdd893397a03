using System.CommandLine;
using Sprig.Reporting;
using Sprig.Serialization;

namespace Sprig.Cli.Commands;

/// <summary><c>sprig report</c>: one HTML file (or Markdown tables) about one or more finished runs.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var runs = new Argument<string[]>("RUN_DIR") { Description = "Run directories (each with results.json).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--out") { Description = "Output file (default report.html, or report.md with --format md)." };
        var format = new Option<string>("--format") { Description = "html (self-contained, with SVG charts) or md (Markdown tables).", DefaultValueFactory = _ => "html" };
        var layer = new Option<string?>("--layer") { Description = "Layer whose mask is drawn, e.g. 0.weight (default: each run's largest)." };
        var epsilon = new Option<double>("--epsilon") { Description = "Accuracy tolerance of 'largest sparsity within epsilon of dense'.", DefaultValueFactory = _ => new ReportOptions().Epsilon };
        var command = new Command("report", "Write a report (training curves, per-layer sparsity, FLOPs, bytes, mask picture, comparisons) for runs.")
        {
            runs, output, format, layer, epsilon,
        };
        command.SetAction(parse =>
        {
            string kind = parse.GetValue(format)!;
            if (kind is not ("html" or "md"))
            {
                throw new SprigException($"--format must be html or md, got '{kind}'");
            }

            var data = parse.GetValue(runs)!.Select(RunData.Load).ToList();
            var options = new ReportOptions { Layer = parse.GetValue(layer), Epsilon = parse.GetValue(epsilon) };
            string path = parse.GetValue(output) ?? $"report.{kind}";
            string text = kind == "md" ? MarkdownReport.Render(data, options) : HtmlReport.Render(data, options);
            AtomicFile.WriteText(path, text);
            Console.WriteLine($"wrote {path} ({data.Count} run(s))");
            return 0;
        });
        return command;
    }
}
