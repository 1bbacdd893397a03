namespace Sprig.Execution;

/// <summary>
/// Predicted seconds of one training step's three products (forward, input gradient, weight gradient) of a weight
/// [rows, columns] at a batch, dense or sparse. The rates are per core on the development machine (AMD EPYC, AVX2 + FMA),
/// from <c>sprig bench spmm --threads 1</c> and <c>sprig bench gemm</c>: dense GEMM ≈ 50 G multiply-adds/s on large
/// shapes; the sparse kernels ≈ 20 G/s (bound by reading rows of the dense operand from L2); a transpose between the
/// [batch, features] and [features, batch] layouts ≈ 4 G floats/s; a gather or scatter of values at the pattern
/// (once per step each for the weights, their transpose and the gradient) ≈ 1 G entries/s; ≈ 2 µs per kernel call.
/// Both sides scale alike to two threads, so the comparison does not depend on the thread count.
/// </summary>
/// <remarks>
/// A model rather than a measurement on purpose: the choice changes the order of float sums, so a choice that depended
/// on timing noise would make two runs with one seed (or a run and its resumption) differ. With the model the plan is
/// a function of the masks and the batch size only.
/// </remarks>
internal static class ExecutionCostModel
{
    private const double DenseMacsPerSecond = 50e9;
    private const double SparseMacsPerSecond = 20e9;
    private const double TransposedFloatsPerSecond = 4e9;
    private const double GatheredEntriesPerSecond = 1e9;
    private const double SecondsPerCall = 2e-6;
    private const int Products = 3;

    /// <summary>Seconds of the dense GEMMs.</summary>
    public static double DenseSeconds(int rows, int columns, int batch) =>
        Products * (((double)rows * columns * batch / DenseMacsPerSecond) + SecondsPerCall);

    /// <summary>Seconds of the sparse kernels at <paramref name="nonzeros"/> entries, with their transposes and gathers.</summary>
    public static double SparseSeconds(int rows, int columns, int batch, long nonzeros) =>
        Products * (((double)nonzeros * batch / SparseMacsPerSecond) + (nonzeros / GatheredEntriesPerSecond) + SecondsPerCall)
        + (2.0 * (rows + columns) * batch / TransposedFloatsPerSecond);
}
