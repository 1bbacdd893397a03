using System.CommandLine;
using System.Globalization;
using Sprig.Sparsity.Structure;
using Sprig.Training;

namespace Sprig.Cli.Commands;

/// <summary>
/// <c>sprig prune --structured channel</c>: removes the lowest-scoring channels of a trained run, shrinks the model,
/// and optionally fine-tunes the smaller model (with its remaining masks fixed).
/// </summary>
internal static class PruneCommand
{
    public static Command Create()
    {
        var checkpoint = CheckpointOption.Create("to prune");
        var output = new Option<string>("--out") { Description = "Directory for the pruned, shrunk run.", Required = true };
        var structured = new Option<string>("--structured") { Description = "Structure to prune: channel.", DefaultValueFactory = _ => "channel" };
        var score = new Option<string>("--score") { Description = $"Channel score: {string.Join(", ", StructuredPruning.ScoreNames)} (bn-scale prunes globally, network slimming).", DefaultValueFactory = _ => "l1" };
        var sparsity = new Option<double>("--channel-sparsity") { Description = "Fraction of prunable channels to remove, in [0, 1).", Required = true };
        var minRatio = new Option<double>("--min-channel-ratio") { Description = "beta: with bn-scale each layer keeps at least C*(1-S)*beta channels.", DefaultValueFactory = _ => 0.2 };
        var finetune = new Option<int>("--finetune-epochs") { Description = "Epochs to fine-tune the shrunk model (0 = none).", DefaultValueFactory = _ => 0 };
        var command = new Command("prune", "Structured pruning of a trained run: remove the lowest-scoring channels, shrink, recalibrate batch norm, optionally fine-tune.")
        {
            checkpoint, output, structured, score, sparsity, minRatio, finetune,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(structured) != "channel")
            {
                throw new SprigException($"--structured must be channel, got '{parse.GetValue(structured)}'");
            }

            int epochs = parse.GetValue(finetune);
            if (epochs < 0)
            {
                throw new SprigException($"--finetune-epochs must be non-negative, got {epochs}");
            }

            string outDirectory = parse.GetValue(output)!;
            var progress = TrainingProgress.Create(plain: true);
            var trainer = Trainer.Resume(CheckpointOption.RunDirectoryOf(parse.GetValue(checkpoint)!), progress);
            int killed = StructuredPruning.Prune(trainer.Model, parse.GetValue(score)!, parse.GetValue(sparsity), parse.GetValue(minRatio), trainer.ScoreBatches());
            ShrinkReport report = trainer.ShrinkInto(outDirectory);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"removed {killed} channels; ") + ShrinkCommand.Describe(report, outDirectory));
            if (epochs > 0)
            {
                RunResults results = Trainer.Resume(outDirectory, progress, trainer.EpochsDone + epochs).Run();
                progress.Finish(results, outDirectory);
            }

            return 0;
        });
        return command;
    }
}
