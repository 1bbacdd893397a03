namespace Sprig.Kernels.Sparse;

/// <summary>One of the three products of a linear layer's training step, or the whole step.</summary>
public enum SparseLinearPass
{
    /// <summary><c>Y = X·Wᵀ</c>, as in inference (sparse: with the values already taken from the weights).</summary>
    Forward,

    /// <summary><c>dX = dY·W</c>.</summary>
    BackwardInput,

    /// <summary><c>dW += dYᵀ·X</c> (sparse: at the nonzeros only, into the compact gradient that training uses).</summary>
    BackwardWeight,

    /// <summary>
    /// All three in one timed run, as a training step runs them: the gradient cleared, then (sparse) the values taken
    /// from the weights, the forward pass, and both gradients with dYᵀ formed once.
    /// </summary>
    Total,
}
