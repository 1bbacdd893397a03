namespace Sprig.Kernels.Sparse;

/// <summary>
/// Sparse × dense: <c>C = A·B + (accumulate ? C : 0)</c> with A (rows×columns) in CSR, B (columns×batch) and
/// C (rows×batch) row-major.
/// </summary>
/// <remarks>
/// The forward pass of a sparse linear layer with activations stored transposed ([in, batch]): each nonzero
/// a_rj is broadcast and multiplied into the contiguous row j of B, with C's row block held in registers
/// (8 vectors wide) across the row's nonzeros. With batch 1 a row is a gather + dot instead. Large products are
/// split by rows (balanced by nonzeros) over <see cref="KernelThreads.Count"/> threads; every row is computed by one
/// thread in one order, so results do not depend on the thread count. C must not overlap B or the values.
/// Use the pattern's <see cref="SparseRowPattern.Transpose"/> for <c>Aᵀ·B</c> (the input gradient).
/// </remarks>
public static unsafe class Spmm
{
    /// <summary>Computes <c>C = A·B + (accumulate ? C : 0)</c>.</summary>
    /// <param name="a">A's pattern.</param>
    /// <param name="values">A's values, one per pattern entry.</param>
    /// <param name="b">B, <c>a.Columns</c>×<paramref name="batch"/>.</param>
    /// <param name="batch">Columns of B and C.</param>
    /// <param name="c">C, <c>a.Rows</c>×<paramref name="batch"/>.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    public static void Multiply(SparseRowPattern a, ReadOnlySpan<float> values, ReadOnlySpan<float> b, int batch, Span<float> c, bool accumulate = false) =>
        Multiply(a, values, b, batch, c, accumulate, KernelThreads.Count);

    /// <summary>As the public overload, with an explicit thread count (tests and benchmarks).</summary>
    internal static void Multiply(SparseRowPattern a, ReadOnlySpan<float> values, ReadOnlySpan<float> b, int batch, Span<float> c, bool accumulate, int threads)
    {
        SparseChecks.Operands(a, values.Length, b.Length, c.Length, batch, a.Columns, a.Rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (a.Rows == 0 || batch == 0)
        {
            return;
        }

        fixed (int* rp = a.RowPointers)
        fixed (int* ix = a.Indices)
        fixed (float* pv = values)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            var op = new SparseOperands(rp, ix, pv, pb, pc, batch, accumulate);
            SparseKernelParallel<SparseOperands, SpmmKernel>.Run(op, a.Rows, SparseRowSplit.Chunks((long)a.Count * batch, a.Rows, threads), threads);
        }
    }
}
