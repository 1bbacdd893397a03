using Sprig.Tensors;

namespace Sprig.Nn;

/// <summary>
/// A trainable tensor with its gradient. Conv and linear weights are <see cref="Prunable"/>: sparsification methods
/// attach a <see cref="Mask"/> to them. Biases and batch-norm parameters never carry a mask.
/// </summary>
public sealed class Parameter
{
    /// <summary>Creates a parameter that owns <paramref name="value"/> and a zero gradient of the same shape.</summary>
    public Parameter(Tensor value, bool prunable)
    {
        Value = value;
        Grad = new Tensor(value.ShapeArray());
        Prunable = prunable;
    }

    /// <summary>The current values.</summary>
    public Tensor Value { get; }

    /// <summary>The gradient accumulated by the last backward pass (dense: masked positions included).</summary>
    public Tensor Grad { get; }

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
    internal int[]? ActiveIndices { get; set; }

    /// <summary>The number of elements.</summary>
    public int Length => Value.Length;

    /// <summary>
    /// Sets the gradient to zero. With <see cref="ActiveIndices"/> set only those positions are cleared: the sparse
    /// kernels write nothing else, and the gradient is cleared in full when the indices are set, so the rest is zero.
    /// </summary>
    public void ClearGrad()
    {
        if (ActiveIndices is { } active)
        {
            Span<float> grad = Grad.Span;
            foreach (int i in active)
            {
                grad[i] = 0f;
            }
        }
        else
        {
            Grad.Clear();
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
