using Sprig.Tensors;

namespace Sprig.Nn;

/// <summary>
/// A trainable tensor with its gradient. Conv and linear weights are <see cref="Prunable"/>: sparsification methods
/// attach a <see cref="Mask"/> to them. Biases and batch-norm parameters never carry a mask.
/// </summary>
public sealed class Parameter
{
    private readonly Tensor _grad;
    private float[]? _compactGradient;
    private bool _gradientIsCompact;

    /// <summary>Creates a parameter that owns <paramref name="value"/> and a zero gradient of the same shape.</summary>
    public Parameter(Tensor value, bool prunable)
    {
        Value = value;
        _grad = new Tensor(value.ShapeArray());
        Prunable = prunable;
    }

    /// <summary>The current values.</summary>
    public Tensor Value { get; }

    /// <summary>
    /// The gradient accumulated by the last backward pass (dense: masked positions included). Reading it moves a
    /// compact gradient (see <see cref="CompactGradient"/>) into it, so the next optimizer step takes the dense path.
    /// </summary>
    public Tensor Grad
    {
        get
        {
            MoveCompactGradientToGrad();
            return _grad;
        }
    }

    /// <summary>Whether sparsification may mask this parameter (conv and linear weights).</summary>
    public bool Prunable { get; }

    /// <summary>
    /// The 0/1 mask of a sparse parameter, same length as <see cref="Value"/>, or null when dense.
    /// Kept as floats so applying it is one vectorised multiply.
    /// </summary>
    public float[]? Mask { get; set; }

    /// <summary>
    /// When set (by <see cref="Execution.ExecutionPlanner"/> for a layer on the sparse kernels), the increasing positions
    /// of the mask's nonzeros: the gradient is zero everywhere else and masking keeps the weights and optimizer state
    /// there at zero, so an optimizer may update only these positions and get the same values.
    /// </summary>
    internal int[]? ActiveIndices { get; private set; }

    /// <summary>
    /// While a sparse-executed layer's weight-gradient kernel writes the gradient compactly (entry k belongs to position
    /// <see cref="ActiveIndices"/>[k]), that compact gradient; otherwise empty, and the gradient is in <see cref="Grad"/>.
    /// Reading <see cref="Grad"/> moves a compact gradient there, so every other reader sees the usual dense one; the
    /// optimizer's masked step reads the compact one directly and so never touches the weight-sized gradient array.
    /// </summary>
    internal Span<float> CompactGradient => _gradientIsCompact ? _compactGradient : default;

    /// <summary>The number of elements.</summary>
    public int Length => Value.Length;

    /// <summary>
    /// Sets the gradient to zero. With <see cref="ActiveIndices"/> set only those positions are cleared: the sparse
    /// kernels write nothing else, and the gradient is cleared in full when the indices are set, so the rest is zero.
    /// A compact gradient is cleared and becomes the current one again.
    /// </summary>
    public void ClearGrad()
    {
        if (ActiveIndices is not { } active)
        {
            _grad.Clear();
            return;
        }

        if (!_gradientIsCompact)
        {
            Span<float> grad = _grad.Span;
            foreach (int i in active)
            {
                grad[i] = 0f;
            }
        }

        if (_compactGradient is { } compact)
        {
            Array.Clear(compact);
            _gradientIsCompact = true;
        }
    }

    /// <summary>
    /// Restricts the gradient to <paramref name="active"/> (increasing positions of the mask's nonzeros; null: no
    /// restriction) and clears it. With <paramref name="compactGradient"/> the gradient is kept compactly in
    /// <see cref="CompactGradient"/> until someone reads <see cref="Grad"/>.
    /// </summary>
    internal void SetActiveIndices(int[]? active, bool compactGradient)
    {
        ActiveIndices = active;
        _compactGradient = compactGradient && active is not null ? new float[active.Length] : null;
        _gradientIsCompact = _compactGradient is not null;
        _grad.Clear();
    }

    // The dense gradient is zero at the active positions while the compact one holds them.
    private void MoveCompactGradientToGrad()
    {
        if (!_gradientIsCompact)
        {
            return;
        }

        _gradientIsCompact = false;
        Span<float> grad = _grad.Span;
        int[] active = ActiveIndices!;
        float[] compact = _compactGradient!;
        for (int k = 0; k < active.Length; k++)
        {
            grad[active[k]] = compact[k];
        }
    }

    /// <summary>Multiplies the values by the mask, if there is one.</summary>
    public void ApplyMask()
    {
        if (Mask is { } mask)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(Value.Span, mask, Value.Span);
        }
    }
}
