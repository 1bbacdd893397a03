using System.CommandLine;
using System.CommandLine.Help;
using Sprig.Cli.Commands;

namespace Sprig.Cli;

/// <summary>The <c>sprig</c> command: a thin shell over the Sprig library.</summary>
public static class Program
{
    /// <summary>Parses the arguments and runs the chosen subcommand; returns the process exit code.</summary>
    public static int Main(string[] args)
    {
        // A named root instead of RootCommand, whose usage line would show the assembly name (Sprig.Cli).
        var root = new Command("sprig", "Sprig: sparse deep learning on the CPU (pruning, growth, dynamic sparse training).");
        root.Options.Add(new HelpOption());
        root.Options.Add(new VersionOption());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(FormatsCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(SweepCommand.Create());
        root.Subcommands.Add(ShrinkCommand.Create());
        root.Subcommands.Add(PruneCommand.Create());
        return CommandRunner.Run(root, args);
    }
}
