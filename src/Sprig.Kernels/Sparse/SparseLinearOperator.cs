namespace Sprig.Kernels.Sparse;

/// <summary>
/// The three products of a linear layer <c>y = x·Wᵀ</c> with a sparse W [out, in], computed only at W's nonzeros
/// (<see cref="SparseWeights"/> for any mask, <see cref="NmWeights"/> for N:M ones), for activations in the layers'
/// [batch, features] layout.
/// </summary>
/// <remarks>
/// Activations are transposed to [features, batch] so every kernel streams along the batch; the forward pass keeps
/// Xᵀ for the weight gradient. Not thread-safe: one operator per layer.
/// </remarks>
public sealed class SparseLinearOperator
{
    private static readonly AlignedFloats s_empty = new(0);

    // Aligned: the kernels read a row of Xᵀ or dYᵀ per nonzero (see AlignedFloats).
    private AlignedFloats _inputT = s_empty;
    private AlignedFloats _outputT = s_empty;
    private AlignedFloats _gradientT = s_empty;
    private AlignedFloats _inputGradientT = s_empty;
    private int _batch = -1;

    /// <summary>Builds the operator for the nonzeros of <paramref name="mask"/> ([out, in], row-major).</summary>
    public SparseLinearOperator(int outFeatures, int inFeatures, ReadOnlySpan<float> mask)
        : this(new SparseWeights(outFeatures, inFeatures, mask))
    {
    }

    /// <summary>Builds the operator for sparse weights in any layout ([out, in]).</summary>
    public SparseLinearOperator(ISparseWeights weights) => Weights = weights;

    /// <summary>W and its products.</summary>
    public ISparseWeights Weights { get; }

    private int Out => Weights.Rows;

    private int In => Weights.Columns;

    /// <summary>Takes W's values at the pattern from the dense [out, in] <paramref name="weight"/>.</summary>
    public void SetWeights(ReadOnlySpan<float> weight) => Weights.SetWeights(weight);

    /// <summary><c>y = x·Wᵀ</c> with x [batch, in] and y [batch, out]; keeps Xᵀ for the weight gradient.</summary>
    public void Forward(ReadOnlySpan<float> x, int batch, Span<float> y)
    {
        Resize(batch);
        MatrixTranspose.Apply(batch, In, x, _inputT.Span);
        Weights.Multiply(_inputT.Span, batch, _outputT.Span);
        MatrixTranspose.Apply(Out, batch, _outputT.Span, y);
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

    /// <summary>
    /// As <see cref="Backward"/>, but adds the weight gradient to <paramref name="weightGradientEntries"/>, one value per
    /// stored entry of <see cref="Weights"/> in its entry order (see <see cref="ISparseWeights.AddSampledProductToEntries"/>).
    /// </summary>
    public void BackwardToEntries(ReadOnlySpan<float> dy, Span<float> weightGradientEntries, Span<float> inputGradient)
    {
        if (weightGradientEntries.Length != Weights.EntryCount)
        {
            throw new ArgumentException($"The layer stores {Weights.EntryCount} entries, got a gradient of {weightGradientEntries.Length}.", nameof(weightGradientEntries));
        }

        TransposeOutputGradient(dy);
        if (inputGradient.IsEmpty)
        {
            Weights.AddSampledProductToEntries(_gradientT.Span, _inputT.Span, _batch, weightGradientEntries);
            return;
        }

        Weights.BackwardToEntries(_gradientT.Span, _inputT.Span, _batch, weightGradientEntries, _inputGradientT.Span);
        MatrixTranspose.Apply(In, _batch, _inputGradientT.Span, inputGradient);
    }

    /// <summary>Stores dYᵀ for <see cref="WeightGradient"/> and <see cref="InputGradient"/>.</summary>
    internal void TransposeOutputGradient(ReadOnlySpan<float> dy)
    {
        if (_batch < 0)
        {
            throw new InvalidOperationException("Backward called before Forward.");
        }

        MatrixTranspose.Apply(_batch, Out, dy, _gradientT.Span);
    }

    /// <summary>Adds dYᵀ·X at the pattern into the dense weight gradient.</summary>
    internal void WeightGradient(Span<float> weightGradient) => Weights.AddSampledProduct(_gradientT.Span, _inputT.Span, _batch, weightGradient);

    /// <summary>Writes dY·W ([batch, in]) into <paramref name="inputGradient"/>.</summary>
    internal void InputGradient(Span<float> inputGradient)
    {
        Weights.MultiplyTransposed(_gradientT.Span, _batch, _inputGradientT.Span);
        MatrixTranspose.Apply(In, _batch, _inputGradientT.Span, inputGradient);
    }

    private void Resize(int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        if (batch != _batch)
        {
            _batch = batch;
            _inputT = new AlignedFloats(batch * In);
            _outputT = new AlignedFloats(batch * Out);
            _gradientT = new AlignedFloats(batch * Out);
            _inputGradientT = new AlignedFloats(batch * In);
        }
    }
}
