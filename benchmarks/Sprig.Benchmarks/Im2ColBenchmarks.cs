using BenchmarkDotNet.Attributes;
using Sprig.Kernels;
using Sprig.Kernels.Dense;

namespace Sprig.Benchmarks;

/// <summary>
/// Batched im2col of the cnn model's conv2 input (batch 128, 32 channels of 26×26, 3×3 kernel) and its fold.
/// <c>dotnet run -c Release --project benchmarks/Sprig.Benchmarks -- --filter '*Im2ColBenchmarks*'</c>.
/// </summary>
[Config(typeof(Config.Short))]
public class Im2ColBenchmarks
{
    private const int Batch = 128, Channels = 32, Size = 26, Kernel = 3;

    private float[] _images = [];
    private float[] _columns = [];

    /// <summary>Threads the batch may be split over.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Allocates the batch and its column matrix.</summary>
    [GlobalSetup]
    public void Setup()
    {
        KernelThreads.Count = Threads;
        int outSize = Im2Col.OutputSize(Size, Kernel, 1, 0);
        _images = Enumerable.Range(0, Batch * Channels * Size * Size).Select(i => (i % 17) * 0.1f).ToArray();
        _columns = new float[Channels * Kernel * Kernel * Batch * outSize * outSize];
    }

    /// <summary>Unfolds the batch into (C·3·3)×(N·24·24) columns.</summary>
    [Benchmark]
    public float[] UnfoldBatch()
    {
        Im2Col.UnfoldBatch(_images, Batch, Channels, Size, Size, Kernel, Kernel, 1, 0, _columns);
        return _columns;
    }

    /// <summary>Folds the columns back into the batch (the input-gradient path).</summary>
    [Benchmark]
    public float[] FoldAddBatch()
    {
        Im2Col.FoldAddBatch(_columns, Batch, Channels, Size, Size, Kernel, Kernel, 1, 0, _images);
        return _images;
    }
}
