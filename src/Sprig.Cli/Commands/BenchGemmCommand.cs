using System.CommandLine;
using System.Text.Json;
using Sprig.Kernels.Benchmarking;
using Sprig.Kernels.Dense;

namespace Sprig.Cli.Commands;

/// <summary>
/// <c>sprig bench gemm [--size N] [--case NAME] [--threads T] [--repeats R]</c>: GFLOP/s of the dense SGEMM, one JSON line
/// per case (median of R timed repeats).
/// </summary>
internal static class BenchGemmCommand
{
    private static readonly JsonSerializerOptions s_json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create()
    {
        var size = new Option<int?>("--size")
        {
            Description = "Measure only the square product size×size·size×size (default: squares 256–2048 and the mlp/cnn training shapes).",
        };
        var only = new Option<string?>("--case")
        {
            Description = "Measure only the standard cases whose name starts with this (e.g. mlp, cnn.conv2, square).",
        };
        var threads = new Option<int?>("--threads")
        {
            Description = "Threads to use (default: both 1 and 2).",
        };
        var repeats = new Option<int>("--repeats")
        {
            Description = "Timed repeats per case; the median is reported.",
            DefaultValueFactory = _ => 5,
        };
        var command = new Command("gemm", "Measure dense SGEMM GFLOP/s and the fraction of FMA peak.") { size, only, threads, repeats };
        command.SetAction(parse => Run(parse.GetValue(size), parse.GetValue(only), parse.GetValue(threads), parse.GetValue(repeats)));
        return command;
    }

    private static int Run(int? size, string? only, int? threads, int repeats)
    {
        if (size is < 1)
        {
            throw new SprigException($"--size must be at least 1, got {size}.");
        }

        if (threads is < 1)
        {
            throw new SprigException($"--threads must be at least 1, got {threads}.");
        }

        if (repeats < 1)
        {
            throw new SprigException($"--repeats must be at least 1, got {repeats}.");
        }

        IReadOnlyList<GemmCase> cases = size is int n
            ? [GemmCase.Square(n)]
            : [.. GemmCase.Standard.Where(c => only is null || c.Name.StartsWith(only, StringComparison.Ordinal))];
        if (cases.Count == 0)
        {
            throw new SprigException($"--case '{only}' matches no standard case (names start with square, mlp or cnn).");
        }

        int[] threadCounts = threads is int t ? [t] : [1, 2];
        foreach (GemmCase gemmCase in cases)
        {
            foreach (int count in threadCounts)
            {
                GemmMeasurement measured = GemmBenchmark.Measure(gemmCase, count, repeats);
                Console.WriteLine(JsonSerializer.Serialize(
                    new
                    {
                        Case = gemmCase.Name,
                        Kernel = Gemm.KernelDescription,
                        TransA = gemmCase.TransA.ToString(),
                        TransB = gemmCase.TransB.ToString(),
                        gemmCase.M,
                        gemmCase.N,
                        gemmCase.K,
                        Threads = count,
                        measured.Repeats,
                        Seconds = measured.MedianSeconds,
                        CpuSeconds = measured.MedianCpuSeconds,
                        Gflops = Math.Round(measured.Gflops, 2),
                        CpuGflops = Math.Round(measured.CpuGflops, 2),
                        PeakGflopsPerThread = Math.Round(FmaPeak.GflopsPerThread, 1),
                        PeakFraction = Math.Round(measured.PeakFraction, 3),
                    },
                    s_json));
            }
        }

        return 0;
    }
}
