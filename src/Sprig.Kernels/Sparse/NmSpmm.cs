namespace Sprig.Kernels.Sparse;

/// <summary>
/// The products of an N:M sparse matrix W (rows×columns, <see cref="NmPattern"/>) with dense row-major operands:
/// <c>C = W·B</c> and <c>C = Wᵀ·B</c> (without a transposed copy of W). The sampled product at W's entries is
/// <see cref="Sddmm"/> on <see cref="NmPattern.ToRowPattern"/>: it reads whole rows of both operands per entry, so
/// the compact index would not change its speed.
/// Large products are split over <see cref="KernelThreads.Count"/> threads; every output element is summed by one
/// thread in one order, so results do not depend on the thread count.
/// </summary>
public static unsafe class NmSpmm
{
    /// <summary><c>C = W·B + (accumulate ? C : 0)</c> with B [columns, batch] and C [rows, batch].</summary>
    public static void Multiply(NmPattern w, ReadOnlySpan<float> values, ReadOnlySpan<float> b, int batch, Span<float> c, bool accumulate = false) =>
        Multiply(w, values, b, batch, c, accumulate, KernelThreads.Count);

    /// <summary><c>C = Wᵀ·B + (accumulate ? C : 0)</c> with B [rows, batch] and C [columns, batch].</summary>
    public static void MultiplyTransposed(NmPattern w, ReadOnlySpan<float> values, ReadOnlySpan<float> b, int batch, Span<float> c, bool accumulate = false) =>
        MultiplyTransposed(w, values, b, batch, c, accumulate, KernelThreads.Count);

    /// <summary>As the public overload, with an explicit thread count (tests and benchmarks).</summary>
    internal static void Multiply(NmPattern w, ReadOnlySpan<float> values, ReadOnlySpan<float> b, int batch, Span<float> c, bool accumulate, int threads)
    {
        Check(w, values.Length, b.Length, c.Length, batch, w.Columns, w.Rows, threads);
        Run<NmForwardKernel>(w, values, b, c, batch, accumulate, w.Rows, threads);
    }

    /// <summary>As the public overload, with an explicit thread count (tests and benchmarks).</summary>
    internal static void MultiplyTransposed(NmPattern w, ReadOnlySpan<float> values, ReadOnlySpan<float> b, int batch, Span<float> c, bool accumulate, int threads)
    {
        Check(w, values.Length, c.Length, b.Length, batch, w.Columns, w.Rows, threads);
        Run<NmTransposedKernel>(w, values, c, b, batch, accumulate, w.Groups, threads);
    }

    private static void Run<TKernel>(NmPattern w, ReadOnlySpan<float> values, ReadOnlySpan<float> columnSide, ReadOnlySpan<float> rowSide, int batch, bool accumulate, int items, int threads)
        where TKernel : struct, ISparseKernel<NmOperands>
    {
        if (items == 0)
        {
            return;
        }

        fixed (byte* offsets = w.Offsets)
        fixed (float* pv = values)
        fixed (float* pc = columnSide)
        fixed (float* pr = rowSide)
        {
            var op = new NmOperands(offsets, pv, pc, pr, w.Rows, w.Groups, w.N, w.M, batch, accumulate);
            SparseKernelParallel<NmOperands, TKernel>.Run(op, items, SparseRowSplit.Chunks((long)w.Count * batch, items, threads), threads);
        }
    }

    private static void Check(NmPattern w, int values, int columnSide, int rowSide, int batch, int columns, int rows, int threads)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (values != w.Count || columnSide < (long)columns * batch || rowSide < (long)rows * batch)
        {
            throw new ArgumentException(
                $"A {w.Rows}×{w.Columns} {w.N}:{w.M} product at batch {batch} needs {w.Count} values, {(long)columns * batch} and {(long)rows * batch} dense elements, got {values}, {columnSide} and {rowSide}.");
        }
    }
}
