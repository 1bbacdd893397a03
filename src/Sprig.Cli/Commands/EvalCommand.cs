using System.CommandLine;
using System.Globalization;
using Sprig.Training;

namespace Sprig.Cli.Commands;

/// <summary><c>sprig eval</c>: test accuracy of a run's last checkpoint.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var checkpoint = CheckpointOption.Create("to evaluate");
        var execution = new Option<string?>("--execution") { Description = ExecutionOption.Description + " Default: the run's." };
        var command = new Command("eval", "Evaluate the last checkpoint of a run on its test set.") { checkpoint, execution };
        command.SetAction(parse =>
        {
            string runDirectory = CheckpointOption.RunDirectoryOf(parse.GetValue(checkpoint)!);
            string? mode = parse.GetValue(execution) is { } m ? ExecutionOption.Check(m) : null;
            var trainer = Trainer.Resume(runDirectory, TrainingProgress.Create(plain: true), execution: mode);
            double accuracy = trainer.EvaluateTest();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"test accuracy {accuracy:P2} ({runDirectory})"));
            return 0;
        });
        return command;
    }
}
