using BenchmarkDotNet.Attributes;
using Sprig.Kernels.Benchmarking;
using Sprig.Kernels.Dense;

namespace Sprig.Benchmarks;

/// <summary>
/// Dense SGEMM on squares 256–2048 and the mlp/cnn training shapes, on 1 and 2 threads.
/// <c>dotnet run -c Release --project benchmarks/Sprig.Benchmarks -- --filter '*GemmBenchmarks*'</c>.
/// </summary>
[Config(typeof(Config.Short))]
public class GemmBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];

    /// <summary>The shapes measured.</summary>
    public static IEnumerable<GemmCase> Cases => GemmCase.Standard;

    /// <summary>The shape of this run.</summary>
    [ParamsSource(nameof(Cases))]
    public GemmCase Case { get; set; } = GemmCase.Square(256);

    /// <summary>Threads the product may use.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Fills the operands from a fixed seed.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _a = Enumerable.Range(0, Case.M * Case.K).Select(_ => random.NextSingle() - 0.5f).ToArray();
        _b = Enumerable.Range(0, Case.K * Case.N).Select(_ => random.NextSingle() - 0.5f).ToArray();
        _c = new float[Case.M * Case.N];
    }

    /// <summary>One product <c>C = op(A)·op(B)</c>.</summary>
    [Benchmark]
    public float[] Multiply()
    {
        Gemm.Multiply(
            Case.TransA, Case.TransB, Case.M, Case.N, Case.K,
            _a, Case.TransA == Transpose.Yes ? Case.M : Case.K, _b, Case.TransB == Transpose.Yes ? Case.K : Case.N,
            _c, Case.N, accumulate: false, Threads);
        return _c;
    }
}
