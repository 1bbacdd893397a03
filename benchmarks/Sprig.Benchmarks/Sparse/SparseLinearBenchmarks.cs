using BenchmarkDotNet.Attributes;
using Sprig.Kernels.Sparse;

namespace Sprig.Benchmarks.Sparse;

/// <summary>
/// Each pass of a 1024×1024 linear layer at batch 128, dense GEMM against the sparse kernels, at sparsities 0.5–0.99,
/// with activations batch-major (the sparse side transposes them) and feature-major (<c>W·X</c>, no transposes).
/// <c>dotnet run -c Release --project benchmarks/Sprig.Benchmarks -- --filter '*SparseLinearBenchmarks*'</c>.
/// </summary>
[Config(typeof(Config.Short))]
public class SparseLinearBenchmarks
{
    private SparseLinearBenchmark _bench = new(1, 1, 1, 0);

    /// <summary>The fraction of zero weights.</summary>
    [Params(0.5, 0.9, 0.98, 0.99)]
    public double Sparsity { get; set; }

    /// <summary>The product measured.</summary>
    [Params(SparseLinearPass.Forward, SparseLinearPass.BackwardInput, SparseLinearPass.BackwardWeight, SparseLinearPass.Total)]
    public SparseLinearPass Pass { get; set; }

    /// <summary>The activations' layout, dense and sparse alike.</summary>
    [Params(ActivationLayout.BatchMajor, ActivationLayout.FeatureMajor)]
    public ActivationLayout Layout { get; set; }

    /// <summary>Builds the layer and its data from a fixed seed.</summary>
    [GlobalSetup]
    public void Setup() => _bench = new SparseLinearBenchmark(1024, 1024, 128, Sparsity, layout: Layout);

    /// <summary>Sprig's dense GEMM.</summary>
    [Benchmark(Baseline = true)]
    public void Dense() => _bench.Run(Pass, sparse: false);

    /// <summary>The sparse kernels (with the transposes in the batch-major layout).</summary>
    [Benchmark]
    public void Sparse() => _bench.Run(Pass, sparse: true);
}
