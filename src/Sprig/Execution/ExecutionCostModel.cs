using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sprig.Execution;

/// <summary>
/// Predicted seconds of one training step's three products (forward, input gradient, weight gradient) of a weight
/// [rows, columns] at a batch, dense or sparse, from per-core rates of the kernels this machine runs. Both sides scale
/// alike to two threads, so the comparison does not depend on the thread count.
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
    /// With AVX-512, from <c>sprig bench spmm --out 1024 --in 1024 --batch 128 --threads 1</c> (2026-11-22): the dense
    /// GEMM ≈ 90 G multiply-adds/s; a layer step costs ≈ 18.5 ns per nonzero (the sparse kernels, bound by reading a
    /// 512-byte row of the dense operand from L2 per nonzero, plus the value gathers) and ≈ 200 µs of transposes.
    /// Measured crossover: near 75% sparsity (0.52× at 50%, 1.27× at 80%); this model puts it at 78%.
    /// </summary>
    private static readonly Rates Avx512 = new(DenseMacsPerSecond: 90e9, SparseMacsPerSecond: 22.6e9, TransposedFloatsPerSecond: 2.6e9, GatheredEntriesPerSecond: 2e9);

    /// <summary>
    /// Without it, from the same commands on the AVX2 + FMA kernels (dense ≈ 50 G multiply-adds/s, sparse ≈ 20 G/s,
    /// transposes ≈ 4 G floats/s, gathers ≈ 1 G entries/s); this model puts the crossover near 66%.
    /// </summary>
    private static readonly Rates Avx2 = new(DenseMacsPerSecond: 50e9, SparseMacsPerSecond: 20e9, TransposedFloatsPerSecond: 4e9, GatheredEntriesPerSecond: 1e9);

    private static Rates Current => Avx512F.IsSupported && Vector512.IsHardwareAccelerated ? Avx512 : Avx2;

    /// <summary>Seconds of the dense GEMMs.</summary>
    public static double DenseSeconds(int rows, int columns, int batch) =>
        Products * (((double)rows * columns * batch / Current.DenseMacsPerSecond) + SecondsPerCall);

    /// <summary>Seconds of the sparse kernels at <paramref name="nonzeros"/> entries, with their transposes and gathers.</summary>
    public static double SparseSeconds(int rows, int columns, int batch, long nonzeros)
    {
        Rates rates = Current;
        return (Products * (((double)nonzeros * batch / rates.SparseMacsPerSecond) + (nonzeros / rates.GatheredEntriesPerSecond) + SecondsPerCall))
            + (2.0 * (rows + columns) * batch / rates.TransposedFloatsPerSecond);
    }

    /// <summary>Per-core rates of one instruction-set tier's kernels.</summary>
    private readonly record struct Rates(double DenseMacsPerSecond, double SparseMacsPerSecond, double TransposedFloatsPerSecond, double GatheredEntriesPerSecond);
}
