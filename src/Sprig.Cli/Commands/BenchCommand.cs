using System.CommandLine;

namespace Sprig.Cli.Commands;

/// <summary><c>sprig bench</c>: micro-benchmarks that print one JSON line per case.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Measure kernels and layers on this machine; prints one JSON line per case.");
        command.Subcommands.Add(BenchGemmCommand.Create());
        command.Subcommands.Add(BenchSpmmCommand.Create());
        command.Subcommands.Add(BenchTrainCommand.Create());
        return command;
    }
}
