namespace Sprig.Kernels.Sparse;

/// <summary>How a linear layer's activations X [batch, in] and Y [batch, out] are laid out in memory.</summary>
public enum ActivationLayout
{
    /// <summary>
    /// [batch, features] row-major, the layers' layout: the sparse kernels transpose X, Y and their gradients on the
    /// way in and out (<see cref="SparseLinearOperator"/>).
    /// </summary>
    BatchMajor,

    /// <summary>
    /// [features, batch] row-major (<c>W·X</c> with X [in, batch], as in PyTorch's <c>torch.sparse.mm(W, X)</c>): the
    /// sparse kernels' own layout, with no transposes.
    /// </summary>
    FeatureMajor,
}
