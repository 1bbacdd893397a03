namespace Sprig.Kernels.Sparse;

/// <summary>One of the three products of a linear layer's training step.</summary>
public enum SparseLinearPass
{
    /// <summary><c>Y = X·Wᵀ</c>.</summary>
    Forward,

    /// <summary><c>dX = dY·W</c>.</summary>
    BackwardInput,

    /// <summary><c>dW += dYᵀ·X</c>.</summary>
    BackwardWeight,
}
