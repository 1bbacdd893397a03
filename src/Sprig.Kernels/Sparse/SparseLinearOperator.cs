namespace Sprig.Kernels.Sparse;

/// <summary>
/// The three products of a linear layer <c>y = x·Wᵀ</c> with a sparse W [out, in], computed only at W's nonzeros:
/// the forward pass, the input gradient <c>dX = dY·W</c> (through W's CSC copy, so Wᵀ is never formed densely) and
/// the weight gradient <c>dW += dYᵀ·X</c> at the pattern (SDDMM).
/// </summary>
/// <remarks>
/// Built once per mask; <see cref="SetWeights"/> refreshes the values after each optimizer step (a gather, cheaper
/// than rebuilding). Activations are transposed to [features, batch] so every kernel streams along the batch; the
/// forward pass keeps Xᵀ for the weight gradient. Not thread-safe: one operator per layer.
/// </remarks>
public sealed class SparseLinearOperator
{
    private readonly SparseTranspose _transpose;
    private readonly float[] _values;
    private readonly float[] _transposedValues;
    private readonly float[] _gradientValues;
    private float[] _inputT = [];
    private float[] _outputT = [];
    private float[] _gradientT = [];
    private float[] _inputGradientT = [];
    private int _batch = -1;

    /// <summary>Builds the operator for the nonzeros of <paramref name="mask"/> ([out, in], row-major).</summary>
    public SparseLinearOperator(int outFeatures, int inFeatures, ReadOnlySpan<float> mask)
    {
        Pattern = SparseRowPattern.FromMask(outFeatures, inFeatures, mask);
        _transpose = Pattern.Transpose();
        _values = new float[Pattern.Count];
        _transposedValues = new float[Pattern.Count];
        _gradientValues = new float[Pattern.Count];
    }

    /// <summary>W's pattern ([out, in]).</summary>
    public SparseRowPattern Pattern { get; }

    private int Out => Pattern.Rows;

    private int In => Pattern.Columns;

    /// <summary>Takes W's values at the pattern from the dense [out, in] <paramref name="weight"/>.</summary>
    public void SetWeights(ReadOnlySpan<float> weight)
    {
        Pattern.Gather(weight, _values);
        _transpose.GatherValues(_values, _transposedValues);
    }

    /// <summary><c>y = x·Wᵀ + (accumulate ? y : 0)</c> with x [batch, in] and y [batch, out]; keeps Xᵀ for the weight gradient.</summary>
    public void Forward(ReadOnlySpan<float> x, int batch, Span<float> y, bool accumulate)
    {
        Resize(batch);
        MatrixTranspose.Apply(batch, In, x, _inputT);
        if (accumulate)
        {
            MatrixTranspose.Apply(batch, Out, y, _outputT);
        }

        Spmm.Multiply(Pattern, _values, _inputT, batch, _outputT, accumulate);
        MatrixTranspose.Apply(Out, batch, _outputT, y);
    }

    /// <summary>
    /// Back-propagates dy [batch, out] (the batch of the last <see cref="Forward"/>): adds dYᵀ·X at the pattern into the
    /// dense [out, in] <paramref name="weightGradient"/> and, unless it is empty, writes dY·W into
    /// <paramref name="inputGradient"/> [batch, in].
    /// </summary>
    public void Backward(ReadOnlySpan<float> dy, Span<float> weightGradient, Span<float> inputGradient)
    {
        TransposeOutputGradient(dy);
        WeightGradient(weightGradient);
        if (!inputGradient.IsEmpty)
        {
            InputGradient(inputGradient);
        }
    }

    /// <summary>Stores dYᵀ for <see cref="WeightGradient"/> and <see cref="InputGradient"/>.</summary>
    internal void TransposeOutputGradient(ReadOnlySpan<float> dy)
    {
        RequireForward();
        MatrixTranspose.Apply(_batch, Out, dy, _gradientT);
    }

    /// <summary>Adds dYᵀ·X at the pattern into the dense weight gradient.</summary>
    internal void WeightGradient(Span<float> weightGradient)
    {
        Sddmm.Multiply(Pattern, _gradientT, _inputT, _batch, _gradientValues);
        Pattern.ScatterAdd(_gradientValues, weightGradient);
    }

    /// <summary>Writes dY·W ([batch, in]) into <paramref name="inputGradient"/>.</summary>
    internal void InputGradient(Span<float> inputGradient)
    {
        Spmm.Multiply(_transpose.Pattern, _transposedValues, _gradientT, _batch, _inputGradientT);
        MatrixTranspose.Apply(In, _batch, _inputGradientT, inputGradient);
    }

    private void RequireForward()
    {
        if (_batch < 0)
        {
            throw new InvalidOperationException("Backward called before Forward.");
        }
    }

    private void Resize(int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        if (batch != _batch)
        {
            _batch = batch;
            _inputT = new float[batch * In];
            _outputT = new float[batch * Out];
            _gradientT = new float[batch * Out];
            _inputGradientT = new float[batch * In];
        }
    }
}
