namespace Sprig.Kernels.Sparse;

/// <summary>
/// A sparse weight matrix W [rows, columns] in some layout, with the three products of a training step computed only at
/// its nonzeros. Dense operands are [features, batch] row-major.
/// </summary>
/// <remarks>
/// The kernels read a row of a dense operand per nonzero. They run fastest when the operands start on a 64-byte
/// boundary and the batch is a multiple of 16, so that every 512-bit load stays within one cache line. With plain
/// managed arrays, which usually start 16 bytes past a line, a harness measured the forward pass ≈ 1.5× and the fused
/// backward pass ≈ 1.3× slower at 90% sparsity. <see cref="SparseLinearOperator"/> aligns its own operands.
/// </remarks>
public interface ISparseWeights
{
    /// <summary>Rows of W.</summary>
    public int Rows { get; }

    /// <summary>Columns of W.</summary>
    public int Columns { get; }

    /// <summary>The fraction of W's positions that are not stored.</summary>
    public double Sparsity { get; }

    /// <summary>Takes W's values at the pattern from the dense [rows, columns] <paramref name="weight"/>.</summary>
    public void SetWeights(ReadOnlySpan<float> weight);

    /// <summary><c>C = W·B</c> with B [columns, batch] and C [rows, batch].</summary>
    public void Multiply(ReadOnlySpan<float> b, int batch, Span<float> c);

    /// <summary><c>C = Wᵀ·B</c> with B [rows, batch] and C [columns, batch].</summary>
    public void MultiplyTransposed(ReadOnlySpan<float> b, int batch, Span<float> c);

    /// <summary>Adds <c>A·Bᵀ</c> at W's pattern into the dense [rows, columns] <paramref name="gradient"/>; A is [rows, batch], B [columns, batch].</summary>
    public void AddSampledProduct(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int batch, Span<float> gradient);

    /// <summary>The number of stored entries (the length of a compact gradient).</summary>
    public int EntryCount { get; }

    /// <summary>
    /// Adds <c>A·Bᵀ</c> at W's pattern into <paramref name="entries"/>, one value per stored entry in the layout's
    /// entry order (row-major for the row layouts): the compact weight gradient, with no weight-sized array touched.
    /// </summary>
    public void AddSampledProductToEntries(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int batch, Span<float> entries);

    /// <summary>
    /// Both backward products of a layer: <see cref="AddSampledProductToEntries"/> with A and B, and <c>C = Wᵀ·A</c>
    /// (<see cref="MultiplyTransposed"/>, C [columns, batch]). A layout may run them as one pass. C must not overlap A,
    /// B or the entries.
    /// </summary>
    public void BackwardToEntries(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int batch, Span<float> entries, Span<float> c)
    {
        AddSampledProductToEntries(a, b, batch, entries);
        MultiplyTransposed(a, batch, c);
    }
}
