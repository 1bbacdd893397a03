using System.Runtime.Intrinsics;

namespace Sprig.Kernels.Sparse;

/// <summary>
/// Both backward products of a sparse linear layer in one pass over Wᵀ's pattern: the input gradient
/// <c>dXᵀ = Wᵀ·dYᵀ</c> and the weight gradient <c>dYᵀ·X</c> at W's pattern, added to W's gradient entries.
/// </summary>
/// <remarks>
/// Each entry (r, k) reads row r of dYᵀ once for both products, with row k of Xᵀ and dXᵀ's accumulators in
/// registers, where the separate kernels (<see cref="Spmm"/> on the transpose, then <see cref="Sddmm"/>) each read a
/// 512-byte row per entry. It reads W's values in W's own order through the transpose's source entries, so a layer
/// needs no copy of them in the transpose's order. The input gradient is the same, float for float, as the SpMM's; the weight gradient sums
/// the same products but groups entries by input feature for its reductions, and adds each 128-wide block of the
/// batch to the entry separately, so it may differ in the last bits from the SDDMM's. Needs 512-bit vectors (26 of
/// the 32 registers) and a batch that is a multiple of 128 (<see cref="IsAvailable"/>); elsewhere callers run the
/// separate kernels. Split by input features over <see cref="KernelThreads.Count"/> threads; results do not depend on
/// the thread count. The outputs must not overlap the inputs or each other.
/// </remarks>
public static unsafe class SparseBackward
{
    private const int BatchMultiple = 128;

    /// <summary>Whether this machine runs the fused pass at <paramref name="batch"/>.</summary>
    public static bool IsAvailable(int batch) => Vector512.IsHardwareAccelerated && batch > 0 && batch % BatchMultiple == 0;

    /// <summary>
    /// Writes <paramref name="inputGradientT"/> = Wᵀ·<paramref name="outputGradientT"/> and adds
    /// <c>outputGradientT[r,:]·inputT[k,:]</c> to W's entry (r, k) in <paramref name="entries"/> (W's entry order).
    /// </summary>
    /// <param name="transpose">W's transpose: its pattern (rows = W's columns) and where each entry comes from.</param>
    /// <param name="values">W's values in W's entry order (read through the transpose's <see cref="SparseTranspose.Source"/>).</param>
    /// <param name="outputGradientT">dYᵀ, W.Rows×<paramref name="batch"/>.</param>
    /// <param name="inputT">Xᵀ, W.Columns×<paramref name="batch"/>.</param>
    /// <param name="batch">The batch; see <see cref="IsAvailable"/>.</param>
    /// <param name="entries">W's gradient, one value per entry of W's pattern.</param>
    /// <param name="inputGradientT">dXᵀ, W.Columns×<paramref name="batch"/>; overwritten.</param>
    public static void Multiply(
        SparseTranspose transpose, ReadOnlySpan<float> values, ReadOnlySpan<float> outputGradientT, ReadOnlySpan<float> inputT, int batch,
        Span<float> entries, Span<float> inputGradientT) =>
        Multiply(transpose, values, outputGradientT, inputT, batch, entries, inputGradientT, KernelThreads.Count);

    /// <summary>As the public overload, with an explicit thread count (tests).</summary>
    internal static void Multiply(
        SparseTranspose transpose, ReadOnlySpan<float> values, ReadOnlySpan<float> outputGradientT, ReadOnlySpan<float> inputT, int batch,
        Span<float> entries, Span<float> inputGradientT, int threads)
    {
        ArgumentNullException.ThrowIfNull(transpose);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (!IsAvailable(batch))
        {
            throw new ArgumentException($"The fused backward pass needs 512-bit vectors and a batch that is a multiple of {BatchMultiple}; got batch {batch}.", nameof(batch));
        }

        SparseRowPattern pattern = transpose.Pattern;
        SparseChecks.Operands(pattern, values.Length, outputGradientT.Length, inputGradientT.Length, batch, pattern.Columns, pattern.Rows);
        if (inputT.Length < (long)pattern.Rows * batch)
        {
            throw new ArgumentException($"Xᵀ has {inputT.Length} elements; {pattern.Rows}×{batch} are needed.", nameof(inputT));
        }

        if (entries.Length != pattern.Count)
        {
            throw new ArgumentException($"The pattern has {pattern.Count} entries but the gradient has {entries.Length}.", nameof(entries));
        }

        if (pattern.Rows == 0)
        {
            return;
        }

        fixed (int* rp = pattern.RowPointers)
        fixed (int* ix = pattern.Indices)
        fixed (float* pv = values)
        fixed (int* ps = transpose.Source)
        fixed (float* pdy = outputGradientT)
        fixed (float* px = inputT)
        fixed (float* pdx = inputGradientT)
        fixed (float* pe = entries)
        {
            var op = new SparseBackwardOperands(rp, ix, pv, ps, pdy, px, pdx, pe, batch);
            SparseKernelParallel<SparseBackwardOperands, SparseBackwardRows>.Run(
                op, pattern.Rows, SparseRowSplit.Chunks(2L * pattern.Count * batch, pattern.Rows, threads), threads);
        }
    }
}
