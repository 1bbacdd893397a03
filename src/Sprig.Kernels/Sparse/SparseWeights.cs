namespace Sprig.Kernels.Sparse;

/// <summary>
/// A sparse weight matrix W [rows, columns] ready for the three products of a training step, computed only at W's
/// nonzeros: <c>W·B</c> (forward), <c>Wᵀ·B</c> (input gradient, through W's CSC copy so Wᵀ is never formed densely)
/// and <c>A·Bᵀ</c> sampled at W's pattern (weight gradient, SDDMM). Dense operands are [features, batch] row-major,
/// which is the im2col layout of a convolution as it is.
/// </summary>
/// <remarks>
/// Built once per mask; <see cref="SetWeights"/> refreshes the values after each optimizer step (a gather, cheaper
/// than rebuilding). The values in the CSC copy's order are gathered from them only when a product needs them: the
/// fused backward pass (<see cref="BackwardToEntries"/>) reads W's own order. Not thread-safe: one instance per layer.
/// </remarks>
public sealed class SparseWeights : ISparseWeights
{
    private readonly SparseTranspose _transpose;
    private readonly float[] _values;
    private readonly float[] _transposedValues;
    private readonly float[] _gradientValues;
    private bool _transposedValuesCurrent;

    /// <summary>Builds the structure for the nonzeros of <paramref name="mask"/> ([rows, columns], row-major).</summary>
    public SparseWeights(int rows, int columns, ReadOnlySpan<float> mask)
    {
        Pattern = SparseRowPattern.FromMask(rows, columns, mask);
        _transpose = Pattern.Transpose();
        _values = new float[Pattern.Count];
        _transposedValues = new float[Pattern.Count];
        _gradientValues = new float[Pattern.Count];
    }

    /// <summary>W's pattern.</summary>
    public SparseRowPattern Pattern { get; }

    /// <inheritdoc />
    public int Rows => Pattern.Rows;

    /// <inheritdoc />
    public int Columns => Pattern.Columns;

    /// <inheritdoc />
    public double Sparsity => Pattern.Sparsity;

    /// <inheritdoc />
    public void SetWeights(ReadOnlySpan<float> weight)
    {
        Pattern.Gather(weight, _values);
        _transposedValuesCurrent = false;
    }

    /// <inheritdoc />
    public void Multiply(ReadOnlySpan<float> b, int batch, Span<float> c) => Spmm.Multiply(Pattern, _values, b, batch, c);

    /// <inheritdoc />
    public void MultiplyTransposed(ReadOnlySpan<float> b, int batch, Span<float> c) => Spmm.Multiply(_transpose.Pattern, TransposedValues(), b, batch, c);

    /// <inheritdoc />
    public void AddSampledProduct(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int batch, Span<float> gradient)
    {
        Sddmm.Multiply(Pattern, a, b, batch, _gradientValues);
        Pattern.ScatterAdd(_gradientValues, gradient);
    }

    /// <inheritdoc/>
    public int EntryCount => Pattern.Count;

    /// <inheritdoc/>
    public void AddSampledProductToEntries(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int batch, Span<float> entries) =>
        Sddmm.Multiply(Pattern, a, b, batch, entries, accumulate: true);

    /// <inheritdoc/>
    /// <remarks>One pass (<see cref="SparseBackward"/>) where this machine and batch allow it.</remarks>
    public void BackwardToEntries(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int batch, Span<float> entries, Span<float> c)
    {
        if (SparseBackward.IsAvailable(batch))
        {
            SparseBackward.Multiply(_transpose, _values, a, b, batch, entries, c);
            return;
        }

        AddSampledProductToEntries(a, b, batch, entries);
        MultiplyTransposed(a, batch, c);
    }

    /// <summary>W's values in the CSC copy's order, gathered at the first use after <see cref="SetWeights"/>.</summary>
    private float[] TransposedValues()
    {
        if (!_transposedValuesCurrent)
        {
            _transpose.GatherValues(_values, _transposedValues);
            _transposedValuesCurrent = true;
        }

        return _transposedValues;
    }
}
