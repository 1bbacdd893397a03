namespace Sprig.Kernels.Sparse;

/// <summary>
/// Sampled dense × dense: for each entry k of a pattern (row r, column j),
/// <c>values[k] = A[r,:]·B[j,:] + (accumulate ? values[k] : 0)</c>, with A (rows×batch) and B (columns×batch) row-major.
/// </summary>
/// <remarks>
/// The weight gradient of a sparse linear layer at its nonzeros only: with A = dYᵀ ([out, batch]) and B = Xᵀ
/// ([in, batch]), <c>values</c> is dW = dYᵀ·X sampled at W's pattern. Each dot product runs over contiguous rows;
/// four entries of a row share each load of A. Large work is split by rows over <see cref="KernelThreads.Count"/>
/// threads; results do not depend on the thread count.
/// </remarks>
public static unsafe class Sddmm
{
    /// <summary>Computes the sampled products at every entry of <paramref name="pattern"/>.</summary>
    /// <param name="pattern">Where to sample (rows×columns).</param>
    /// <param name="a">A, <c>pattern.Rows</c>×<paramref name="batch"/>.</param>
    /// <param name="b">B, <c>pattern.Columns</c>×<paramref name="batch"/>.</param>
    /// <param name="batch">The shared dimension.</param>
    /// <param name="values">The output, one per pattern entry.</param>
    /// <param name="accumulate">Add to the values instead of overwriting them.</param>
    public static void Multiply(SparseRowPattern pattern, ReadOnlySpan<float> a, ReadOnlySpan<float> b, int batch, Span<float> values, bool accumulate = false) =>
        Multiply(pattern, a, b, batch, values, accumulate, KernelThreads.Count);

    /// <summary>As the public overload, with an explicit thread count (tests and benchmarks).</summary>
    internal static void Multiply(SparseRowPattern pattern, ReadOnlySpan<float> a, ReadOnlySpan<float> b, int batch, Span<float> values, bool accumulate, int threads)
    {
        SparseChecks.Operands(pattern, values.Length, b.Length, a.Length, batch, pattern.Columns, pattern.Rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (pattern.Count == 0)
        {
            return;
        }

        fixed (int* rp = pattern.RowPointers)
        fixed (int* ix = pattern.Indices)
        fixed (float* pv = values)
        fixed (float* pa = a)
        fixed (float* pb = b)
        {
            var op = new SparseOperands(rp, ix, pv, pb, pa, batch, accumulate);
            SparseKernelParallel<SparseOperands, SddmmKernel>.Run(op, pattern.Rows, SparseRowSplit.Chunks((long)pattern.Count * batch, pattern.Rows, threads), threads);
        }
    }
}
