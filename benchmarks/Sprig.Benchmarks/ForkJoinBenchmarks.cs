using BenchmarkDotNet.Attributes;
using Sprig.Kernels.Threading;

namespace Sprig.Benchmarks;

/// <summary>
/// Cost of one two-way fork/join with an empty body: the kernel worker pool against <c>Parallel.For</c>. With
/// an empty body the caller usually finishes first and takes the worker's part back, so the pool figure is
/// the floor of its cost, not a full hand-off.
/// <c>dotnet run -c Release --project benchmarks/Sprig.Benchmarks -- --filter '*ForkJoinBenchmarks*'</c>.
/// </summary>
[Config(typeof(Config.Short))]
public class ForkJoinBenchmarks
{
    private readonly EmptyItem _item = new();

    /// <summary>Caller runs part 0, the dedicated worker part 1.</summary>
    [Benchmark(Baseline = true)]
    public int KernelWorkerPool()
    {
        Kernels.Threading.KernelWorkerPool.Shared.Run(_item, 2);
        return _item.Last;
    }

    /// <summary>The thread-pool alternative the pool replaces.</summary>
    [Benchmark]
    public int ParallelFor()
    {
        Parallel.For(0, 2, _item.Execute);
        return _item.Last;
    }

    private sealed class EmptyItem : IKernelWorkItem
    {
        public int Last { get; private set; }

        public void Execute(int part) => Last = part;
    }
}
