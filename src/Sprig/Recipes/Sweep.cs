using Sprig.Reporting;
using Sprig.Serialization;
using Sprig.Training;

namespace Sprig.Recipes;

/// <summary>
/// Runs a <see cref="SweepPlan"/> into a directory, one run directory per cell, and writes <c>results.md</c>,
/// <c>results.csv</c> and <c>report.html</c> over all cells. Resumable: a cell with <c>results.json</c> is skipped,
/// a cell with only a checkpoint continues from it, so an interrupted sweep is finished by running it again.
/// </summary>
public static class Sweep
{
    /// <summary>Markdown results table file name.</summary>
    public const string MarkdownFile = "results.md";

    /// <summary>CSV results table file name.</summary>
    public const string CsvFile = "results.csv";

    /// <summary>HTML report file name.</summary>
    public const string ReportFile = "report.html";

    /// <summary>Runs every unfinished cell, then writes the tables and the report; returns the cells' run data.</summary>
    /// <param name="plan">The grid.</param>
    /// <param name="directory">The sweep directory (created if needed).</param>
    /// <param name="observer">Receives the progress of every trained cell.</param>
    /// <param name="log">Receives one line per cell: skipped, resumed or trained.</param>
    /// <exception cref="SprigException">A cell's options are invalid or its training fails.</exception>
    public static IReadOnlyList<RunData> Run(SweepPlan plan, string directory, ITrainingObserver observer, TextWriter log)
    {
        IReadOnlyList<SweepCell> cells = plan.Cells();
        Directory.CreateDirectory(directory);
        for (int i = 0; i < cells.Count; i++)
        {
            SweepCell cell = cells[i];
            string runDirectory = Path.Combine(directory, cell.Name);
            string progress = $"[{i + 1}/{cells.Count}] {cell.Name}";
            if (File.Exists(Path.Combine(runDirectory, Trainer.ResultsFile)))
            {
                log.WriteLine($"{progress}: finished earlier, skipped");
                continue;
            }

            bool resume = File.Exists(Path.Combine(runDirectory, Trainer.CheckpointFile));
            log.WriteLine($"{progress}: {(resume ? "resuming from its checkpoint" : "training")}");
            Trainer trainer = resume ? Trainer.Resume(runDirectory, observer) : Trainer.Create(cell.Options, runDirectory, observer);
            trainer.Run();
        }

        var runs = cells.Select(c => RunData.Load(Path.Combine(directory, c.Name))).ToList();
        AtomicFile.WriteText(Path.Combine(directory, MarkdownFile), SweepSummary.Markdown(runs));
        AtomicFile.WriteText(Path.Combine(directory, CsvFile), SweepSummary.Csv(runs));
        AtomicFile.WriteText(Path.Combine(directory, ReportFile), HtmlReport.Render(runs, new ReportOptions()));
        return runs;
    }
}
