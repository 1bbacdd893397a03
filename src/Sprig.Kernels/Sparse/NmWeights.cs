namespace Sprig.Kernels.Sparse;

/// <summary>
/// An N:M sparse weight matrix W [rows, columns] ready for the three products of a training step (<see cref="NmSpmm"/>):
/// one value array serves all three, since the input gradient runs over W's own layout; the weight gradient is
/// <see cref="Sddmm"/> over the same positions in CSR form.
/// </summary>
/// <remarks>Built once per mask; <see cref="SetWeights"/> refreshes the values after each optimizer step. Not thread-safe.</remarks>
public sealed class NmWeights : ISparseWeights
{
    private readonly SparseRowPattern _rows;
    private readonly float[] _values;
    private readonly float[] _gradientValues;

    /// <summary>Builds the structure for the nonzeros of the N:M <paramref name="mask"/> ([rows, columns], row-major).</summary>
    /// <exception cref="ArgumentException">The mask is not N:M along its rows.</exception>
    public NmWeights(int rows, int columns, int n, int m, ReadOnlySpan<float> mask)
    {
        Pattern = NmPattern.FromMask(rows, columns, n, m, mask);
        _rows = Pattern.ToRowPattern();
        _values = new float[Pattern.Count];
        _gradientValues = new float[Pattern.Count];
    }

    /// <summary>W's pattern.</summary>
    public NmPattern Pattern { get; }

    /// <inheritdoc />
    public int Rows => Pattern.Rows;

    /// <inheritdoc />
    public int Columns => Pattern.Columns;

    /// <inheritdoc />
    public double Sparsity => Pattern.Sparsity;

    /// <inheritdoc />
    public void SetWeights(ReadOnlySpan<float> weight) => Pattern.Gather(weight, _values);

    /// <inheritdoc />
    public void Multiply(ReadOnlySpan<float> b, int batch, Span<float> c) => NmSpmm.Multiply(Pattern, _values, b, batch, c);

    /// <inheritdoc />
    public void MultiplyTransposed(ReadOnlySpan<float> b, int batch, Span<float> c) => NmSpmm.MultiplyTransposed(Pattern, _values, b, batch, c);

    /// <inheritdoc />
    public void AddSampledProduct(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int batch, Span<float> gradient)
    {
        Sddmm.Multiply(_rows, a, b, batch, _gradientValues);
        Pattern.ScatterAdd(_gradientValues, gradient);
    }

    /// <inheritdoc/>
    public int EntryCount => Pattern.Count;

    /// <inheritdoc/>
    public void AddSampledProductToEntries(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int batch, Span<float> entries) =>
        Sddmm.Multiply(_rows, a, b, batch, entries, accumulate: true);
}
