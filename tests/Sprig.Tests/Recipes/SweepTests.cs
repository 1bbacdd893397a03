using Sprig.Recipes;
using Sprig.Tests.Data;
using Sprig.Tests.Reporting;
using Sprig.Training;

namespace Sprig.Tests.Recipes;

public class SweepTests
{
    [Fact]
    public void Cells_CoverTheGridWithOneDenseCellPerSeed()
    {
        var plan = new SweepPlan(new TrainingOptions { Seed = 3 }, ["dense", "gmp"], [0.8, 0.95], 2);

        string[] names = [.. plan.Cells().Select(c => c.Name)];

        Assert.Equal(["dense-0-seed3", "dense-0-seed4", "gmp-0.8-seed3", "gmp-0.8-seed4", "gmp-0.95-seed3", "gmp-0.95-seed4"], names);
        Assert.All(plan.Cells().Where(c => c.Name.StartsWith("gmp-0.95", StringComparison.Ordinal)), c => Assert.Equal(0.95, c.Options.Sparsity.Sparsity));
    }

    [Theory]
    [InlineData("magic", 0.9, 1, "unknown sparsity method 'magic'")]
    [InlineData("gmp", 1.5, 1, "--sparsity must be in [0, 1)")]
    [InlineData("gmp", 0.9, 0, "a sweep needs at least one method, one sparsity and one seed")]
    public void Cells_RejectABadGridBeforeAnythingRuns(string method, double sparsity, int seeds, string expected)
    {
        var plan = new SweepPlan(new TrainingOptions(), [method], [sparsity], seeds);

        var e = Assert.Throws<SprigException>(() => plan.Cells());

        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SkipsFinishedCellsAndResumesTheOthers()
    {
        using var root = new TempDirectory();
        var plan = new SweepPlan(TinyRuns.Options("gmp", 0.9) with { Model = "mlp" }, ["gmp", "static"], [0.9], 1);

        var first = new StringWriter();
        Sweep.Run(plan, root.Path, SilentObserver.Instance, first);
        string kept = Path.Combine(root.Path, "static-0.9-seed0", Trainer.ResultsFile);
        string redo = Path.Combine(root.Path, "gmp-0.9-seed0", Trainer.ResultsFile);
        DateTime keptTime = File.GetLastWriteTimeUtc(kept);
        string redoBefore = File.ReadAllText(redo);
        File.Delete(redo);
        var second = new StringWriter();
        Sweep.Run(plan, root.Path, SilentObserver.Instance, second);

        Assert.Equal(["[1/2] gmp-0.9-seed0: training", "[2/2] static-0.9-seed0: training"], Lines(first));
        Assert.Equal(["[1/2] gmp-0.9-seed0: resuming from its checkpoint", "[2/2] static-0.9-seed0: finished earlier, skipped"], Lines(second));
        Assert.Equal(keptTime, File.GetLastWriteTimeUtc(kept));
        Assert.Equal(Without("wall_seconds", redoBefore), Without("wall_seconds", File.ReadAllText(redo)));
        foreach (string file in new[] { Sweep.MarkdownFile, Sweep.CsvFile, Sweep.ReportFile })
        {
            Assert.True(File.Exists(Path.Combine(root.Path, file)), file);
        }

        string[] csv = File.ReadAllLines(Path.Combine(root.Path, Sweep.CsvFile));
        Assert.Equal(3, csv.Length);
        Assert.StartsWith("mlp,gmp,0.9,1,", csv[1], StringComparison.Ordinal);
    }

    private static string[] Lines(StringWriter log) => log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Without(string field, string json) =>
        string.Join('\n', json.Split('\n').Where(l => !l.Contains($"\"{field}\"", StringComparison.Ordinal)));
}
