using System.CommandLine;
using System.Text.Json;
using Sprig.Kernels;
using Sprig.Kernels.Sparse;

namespace Sprig.Cli.Commands;

/// <summary>
/// <c>sprig bench spmm [--out O --in I --batch B] [--rounds R] [--threads T] [--condensed | --nm N:M] [--layout L]</c>: each
/// pass of a sparse linear layer against Sprig's dense GEMM, one JSON line per shape, sparsity, activation layout and
/// pass (forward, backward_input, backward_weight, total), medians of R rounds.
/// </summary>
internal static class BenchSpmmCommand
{
    private static readonly JsonSerializerOptions s_json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private static readonly double[] s_sparsities = [0, 0.5, 0.8, 0.9, 0.95, 0.98, 0.99];

    /// <summary>The mlp's linear layers at batch 128, then the 1024×1024 layer at batch 128.</summary>
    private static readonly (int Out, int In, int Batch)[] s_standard = [(300, 784, 128), (100, 300, 128), (10, 100, 128), (1024, 1024, 128)];

    public static Command Create()
    {
        var outFeatures = new Option<int?>("--out") { Description = "Rows of W (output features); with --in and --batch, measure only this shape." };
        var inFeatures = new Option<int?>("--in") { Description = "Columns of W (input features)." };
        var batch = new Option<int?>("--batch") { Description = "Batch size." };
        var threads = new Option<int>("--threads") { Description = "Kernel threads (dense and sparse alike).", DefaultValueFactory = _ => KernelThreads.Count };
        var condensed = new Option<bool>("--condensed") { Description = "Constant fan-in masks (SRigL's condensed layout) instead of uniform random ones." };
        var nm = new Option<string?>("--nm") { Description = "N:M masks (e.g. 2:4: N random inputs of every M) on the N:M kernels, instead of the sparsity sweep." };
        var layout = new Option<string>("--layout")
        {
            Description = "Activations [batch, features] as the layers hold them (batch-major: the sparse kernels transpose them), [features, batch] (feature-major: W·X as torch_spmm.py times it), or both.",
            DefaultValueFactory = _ => "both",
        };
        layout.AcceptOnlyFromAmong("both", "batch-major", "feature-major");
        var rounds = new Option<int>("--rounds") { Description = "Dense/sparse rounds per case; medians are reported.", DefaultValueFactory = _ => 15 };
        var command = new Command("spmm", "Measure sparse linear-layer kernels (forward, input and weight gradients) against the dense GEMM.")
        {
            outFeatures, inFeatures, batch, rounds, threads, condensed, nm, layout,
        };
        command.SetAction(parse =>
        {
            int count = parse.GetValue(threads);
            KernelThreads.Count = count >= 1 ? count : throw new SprigException($"--threads must be at least 1, got {count}.");
            ActivationLayout[] layouts = parse.GetValue(layout) switch
            {
                "batch-major" => [ActivationLayout.BatchMajor],
                "feature-major" => [ActivationLayout.FeatureMajor],
                _ => [ActivationLayout.BatchMajor, ActivationLayout.FeatureMajor],
            };
            return Run(parse.GetValue(outFeatures), parse.GetValue(inFeatures), parse.GetValue(batch), parse.GetValue(rounds), parse.GetValue(condensed), ParseNm(parse.GetValue(nm)), layouts);
        });
        return command;
    }

    /// <summary>Reads <c>N:M</c>, or null when the option is absent.</summary>
    private static (int N, int M)? ParseNm(string? text)
    {
        if (text is null)
        {
            return null;
        }

        string[] parts = text.Split(':');
        return parts.Length == 2 && int.TryParse(parts[0], out int n) && int.TryParse(parts[1], out int m) && n >= 1 && n <= m && m <= 256
            ? (n, m)
            : throw new SprigException($"--nm must look like 2:4 (1 ≤ N ≤ M ≤ 256), got '{text}'.");
    }

    private static int Run(int? outFeatures, int? inFeatures, int? batch, int rounds, bool condensed, (int N, int M)? nm, ActivationLayout[] layouts)
    {
        if (rounds < 1)
        {
            throw new SprigException($"--rounds must be at least 1, got {rounds}.");
        }

        (int Out, int In, int Batch)[] shapes = s_standard;
        if (outFeatures is not null || inFeatures is not null || batch is not null)
        {
            int o = outFeatures ?? 1024, i = inFeatures ?? 1024, b = batch ?? 128;
            if (o < 1 || i < 1 || b < 1)
            {
                throw new SprigException($"--out, --in and --batch must be at least 1, got {o}, {i} and {b}.");
            }

            shapes = [(o, i, b)];
        }

        string mask = nm is { } r ? $"{r.N}:{r.M}" : condensed ? "constant_fan_in" : "uniform";
        foreach ((int o, int i, int b) in shapes)
        {
            if (nm is { } ratio && i % ratio.M != 0)
            {
                throw new SprigException($"--nm {mask} needs --in to be a multiple of {ratio.M}, got {i}.");
            }

            foreach (double sparsity in nm is { } g ? [1 - ((double)g.N / g.M)] : s_sparsities)
            {
                foreach (ActivationLayout layout in layouts)
                {
                    var bench = new SparseLinearBenchmark(o, i, b, sparsity, condensed, nm: nm, layout: layout);
                    foreach (SparseLinearPass pass in Enum.GetValues<SparseLinearPass>())
                    {
                        (double dense, double sparse) = bench.Measure(pass, rounds);
                        Print(o, i, b, sparsity, layout, JsonNamingPolicy.SnakeCaseLower.ConvertName(pass.ToString()), dense, sparse, mask);
                    }
                }
            }
        }

        return 0;
    }

    private static void Print(int rows, int cols, int batch, double sparsity, ActivationLayout layout, string pass, double dense, double sparse, string mask) =>
        Console.WriteLine(JsonSerializer.Serialize(
            new
            {
                Rows = rows,
                Cols = cols,
                Batch = batch,
                Sparsity = sparsity,
                Mask = mask,
                Layout = JsonNamingPolicy.KebabCaseLower.ConvertName(layout.ToString()),
                Threads = KernelThreads.Count,
                Pass = pass,
                DenseUs = Math.Round(dense * 1e6, 1),
                SparseUs = Math.Round(sparse * 1e6, 1),
                Speedup = Math.Round(dense / sparse, 2),
            },
            s_json));
}
