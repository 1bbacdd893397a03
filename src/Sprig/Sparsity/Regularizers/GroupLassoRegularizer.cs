using System.Numerics.Tensors;

namespace Sprig.Sparsity.Regularizers;

/// <summary>
/// Group lasso over output channels: λ·Σ_g √n_g·‖w_g‖₂, one group per filter (row) of each prunable weight, with
/// n_g its fan-in. Adds λ·√n_g·w_g/‖w_g‖ to the gradient (0 for an all-zero group, the smallest subgradient).
/// </summary>
public sealed class GroupLassoRegularizer : SparsityRegularizer
{
    /// <summary>Creates the regularizer.</summary>
    public GroupLassoRegularizer(float strength)
        : base(strength)
    {
    }

    /// <inheritdoc />
    public override string Name => "group-lasso";

    /// <inheritdoc />
    public override void AddToGradients()
    {
        foreach (PrunableWeight layer in Layers)
        {
            int n = layer.RowLength;
            float groupScale = Strength * MathF.Sqrt(n);
            for (int r = 0; r < layer.Rows; r++)
            {
                ReadOnlySpan<float> w = layer.Parameter.Value.Span.Slice(r * n, n);
                Span<float> g = layer.Parameter.Grad.Span.Slice(r * n, n);
                float norm = TensorPrimitives.Norm(w);
                if (norm > 0f)
                {
                    TensorPrimitives.MultiplyAdd(w, groupScale / norm, g, g);
                }
            }
        }
    }
}
