using BenchmarkDotNet.Attributes;
using Sprig.Kernels;
using Sprig.Kernels.Dense;

namespace Sprig.Benchmarks;

/// <summary>
/// The cnn model's conv2 (batch 128, 32 → 64 channels, 26×26, 3×3, no padding) by Winograd F(4×4, 3×3), forward and
/// weight gradient, against the im2col + GEMM forward it replaces.
/// <c>dotnet run -c Release --project benchmarks/Sprig.Benchmarks -- --filter '*WinogradBenchmarks*'</c>.
/// </summary>
[Config(typeof(Config.Short))]
public class WinogradBenchmarks
{
    private const int Batch = 128, Channels = 32, OutChannels = 64, Size = 26;
    private const int OutSize = Size - 2;

    private float[] _input = [];
    private float[] _weight = [];
    private float[] _filter = [];
    private float[] _output = [];
    private float[] _weightGradient = [];
    private float[] _columns = [];
    private float[] _product = [];

    /// <summary>Threads the kernels may use.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Fills the input and weight from a fixed seed.</summary>
    [GlobalSetup]
    public void Setup()
    {
        KernelThreads.Count = Threads;
        var random = new Random(42);
        _input = Enumerable.Range(0, Batch * Channels * Size * Size).Select(_ => random.NextSingle() - 0.5f).ToArray();
        _weight = Enumerable.Range(0, OutChannels * Channels * 9).Select(_ => random.NextSingle() - 0.5f).ToArray();
        _filter = new float[Winograd.TransformedFilterLength(OutChannels, Channels)];
        _output = new float[Batch * OutChannels * OutSize * OutSize];
        _weightGradient = new float[_weight.Length];
        _columns = new float[Channels * 9 * Batch * OutSize * OutSize];
        _product = new float[OutChannels * Batch * OutSize * OutSize];
    }

    /// <summary>Filter transform and convolution, as <c>Conv2d.Forward</c> runs them.</summary>
    [Benchmark]
    public float[] WinogradForward()
    {
        Winograd.TransformFilter(_weight, OutChannels, Channels, adjoint: false, _filter);
        Winograd.Convolve(_input, Batch, Channels, Size, Size, 0, _filter, OutChannels, [], _output);
        return _output;
    }

    /// <summary>The weight gradient (the output doubles as the output gradient).</summary>
    [Benchmark]
    public float[] WinogradWeightGradient()
    {
        Winograd.AddWeightGradient(_input, Batch, Channels, Size, Size, 0, _output, OutChannels, _weightGradient);
        return _weightGradient;
    }

    /// <summary>The same forward as one unfold and one GEMM (before the layout copy into NCHW).</summary>
    [Benchmark(Baseline = true)]
    public float[] Im2ColForward()
    {
        int columns = Batch * OutSize * OutSize;
        Im2Col.UnfoldBatch(_input, Batch, Channels, Size, Size, 3, 3, 1, 0, _columns);
        Gemm.Multiply(Transpose.No, Transpose.No, OutChannels, columns, Channels * 9, _weight, Channels * 9, _columns, columns, _product, columns);
        return _product;
    }
}
