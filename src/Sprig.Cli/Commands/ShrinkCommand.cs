using System.CommandLine;
using System.Globalization;
using Sprig.Sparsity.Structure;
using Sprig.Training;

namespace Sprig.Cli.Commands;

/// <summary><c>sprig shrink</c>: slices the dead channels out of a run's model and writes the narrower model as a new run.</summary>
internal static class ShrinkCommand
{
    public static Command Create()
    {
        var checkpoint = CheckpointOption.Create("to shrink");
        var output = new Option<string>("--out") { Description = "Directory for the shrunk run (evaluate it with sprig eval --checkpoint).", Required = true };
        var command = new Command("shrink", "Remove dead channels (all-zero rows or inputs under the mask), recalibrate batch norm, and write the smaller model as a new run.")
        {
            checkpoint, output,
        };
        command.SetAction(parse =>
        {
            string runDirectory = CheckpointOption.RunDirectoryOf(parse.GetValue(checkpoint)!);
            string outDirectory = parse.GetValue(output)!;
            var trainer = Trainer.Resume(runDirectory, TrainingProgress.Create(plain: true));
            ShrinkReport report = trainer.ShrinkInto(outDirectory);
            Console.WriteLine(Describe(report, outDirectory));
            return 0;
        });
        return command;
    }

    /// <summary>One summary line of a shrink.</summary>
    public static string Describe(ShrinkReport r, string outDirectory) => string.Create(CultureInfo.InvariantCulture,
        $"shrunk to {outDirectory}: channel sparsity {r.ChannelSparsity:P1}, parameters {r.ParametersBefore:N0} -> {r.ParametersAfter:N0}, FLOPs {r.FlopsBefore:N0} -> {r.FlopsAfter:N0}, throughput {r.ThroughputBefore:F0} -> {r.ThroughputAfter:F0} img/s (x{r.ThroughputRatio:F2}, batch {r.ThroughputBatch}), test accuracy {r.TestAccuracy:P2}");
}
