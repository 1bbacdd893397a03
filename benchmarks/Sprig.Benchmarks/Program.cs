using BenchmarkDotNet.Running;

namespace Sprig.Benchmarks;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project benchmarks/Sprig.Benchmarks -- --filter '*'</c>, or
/// <c>-- parity …</c> for the PyTorch parity dump (<see cref="Parity.PeerParityDump"/>).
/// </summary>
public static class Program
{
    /// <summary>Runs the benchmarks chosen on the command line, or the parity dump.</summary>
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "parity")
        {
            Parity.PeerParityDump.Run(args[1..]);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
