namespace Sprig.Sparsity.Regularizers;

/// <summary>λ·Σ|w| over the prunable weights; adds λ·sign(w) to their gradients.</summary>
public sealed class L1Regularizer : SparsityRegularizer
{
    /// <summary>Creates the regularizer.</summary>
    public L1Regularizer(float strength)
        : base(strength)
    {
    }

    /// <inheritdoc />
    public override string Name => "l1";

    /// <inheritdoc />
    public override void AddToGradients()
    {
        foreach (PrunableWeight layer in Layers)
        {
            AddSign(layer.Parameter.Value.Span, layer.Parameter.Grad.Span, Strength);
        }
    }

    /// <summary>g += λ·sign(w), with sign(0) = 0.</summary>
    internal static void AddSign(ReadOnlySpan<float> w, Span<float> g, float strength)
    {
        for (int i = 0; i < w.Length; i++)
        {
            g[i] += strength * MathF.Sign(w[i]);
        }
    }
}
