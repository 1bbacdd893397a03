using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sprig.Execution;

/// <summary>
/// Predicted seconds of one training step's three products (forward, input gradient, weight gradient) of a weight
/// [rows, columns] at a batch, dense or sparse, from per-core rates of the kernels this machine runs. The thread count
/// is left out: the two sides scale differently over threads (1024² at 90%: 2.9–3.1× on one thread, 3.35–3.4× on
/// two), but the measured break-even moves by a few points only (≈ 69.5% and ≈ 66%, interpolated between the 50% and
/// 80% points).
/// </summary>
/// <remarks>
/// A model rather than a measurement on purpose: the choice changes the order of float sums, so a choice that depended
/// on timing noise would make two runs with one seed (or a run and its resumption) differ. With the model the plan is
/// a function of the masks, the batch size and the machine's instruction set only.
/// </remarks>
internal static class ExecutionCostModel
{
    private const double SecondsPerCall = 2e-6;
    private const int Products = 3;

    /// <summary>
    /// With AVX-512, from <c>sprig bench spmm --out 1024 --in 1024 --batch 128 --layout batch-major</c> (2026-11-22, the
    /// layers' layout): the dense GEMM ≈ 115 G multiply-adds/s per core; a layer step costs ≈ 10.2 ns per nonzero (the
    /// sparse kernels, bound by reading a 512-byte row of the dense operand from L2 per nonzero, plus the value
    /// gathers) and ≈ 65 µs of transposes. This puts the break-even at 68%, between the measured ≈ 69.5% on one thread
    /// (0.51–0.58× at 50%, 1.57–1.72× at 80%) and ≈ 66% on two (0.66–0.67×, 1.83–1.84×), with the operands in registers
    /// and the fused backward pass. (Fitted before them, to ≈ 11.5 ns, it put the break-even at 71.5%.)
    /// </summary>
    internal static readonly Rates Avx512Rates = new(DenseMacsPerSecond: 115e9, SparseMacsPerSecond: 43.9e9, TransposedFloatsPerSecond: 8e9, GatheredEntriesPerSecond: 2e9);

    /// <summary>
    /// Without AVX-512: the rates measured with the AVX2 + FMA kernels before the 512-bit ones existed (dense ≈ 50 G
    /// multiply-adds/s, sparse ≈ 20 G/s, transposes ≈ 4 G floats/s, gathers ≈ 1 G entries/s), not re-measured since;
    /// this model puts the break-even near 66%.
    /// </summary>
    internal static readonly Rates Avx2Rates = new(DenseMacsPerSecond: 50e9, SparseMacsPerSecond: 20e9, TransposedFloatsPerSecond: 4e9, GatheredEntriesPerSecond: 1e9);

    private static Rates Current => Avx512F.IsSupported && Vector512.IsHardwareAccelerated ? Avx512Rates : Avx2Rates;

    /// <summary>Seconds of the dense GEMMs.</summary>
    public static double DenseSeconds(int rows, int columns, int batch) => DenseSeconds(rows, columns, batch, Current);

    /// <summary>As the public overload, with given rates (tests).</summary>
    internal static double DenseSeconds(int rows, int columns, int batch, Rates rates) =>
        Products * (((double)rows * columns * batch / rates.DenseMacsPerSecond) + SecondsPerCall);

    /// <summary>Seconds of the sparse kernels at <paramref name="nonzeros"/> entries, with their transposes and gathers.</summary>
    public static double SparseSeconds(int rows, int columns, int batch, long nonzeros) => SparseSeconds(rows, columns, batch, nonzeros, Current);

    /// <summary>As the public overload, with given rates (tests).</summary>
    internal static double SparseSeconds(int rows, int columns, int batch, long nonzeros, Rates rates) =>
        (Products * (((double)nonzeros * batch / rates.SparseMacsPerSecond) + (nonzeros / rates.GatheredEntriesPerSecond) + SecondsPerCall))
        + (2.0 * (rows + columns) * batch / rates.TransposedFloatsPerSecond);

    /// <summary>Per-core rates of one instruction-set tier's kernels.</summary>
    internal readonly record struct Rates(double DenseMacsPerSecond, double SparseMacsPerSecond, double TransposedFloatsPerSecond, double GatheredEntriesPerSecond);
}
