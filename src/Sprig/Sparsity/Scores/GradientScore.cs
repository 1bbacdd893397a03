using System.Numerics.Tensors;

namespace Sprig.Sparsity.Scores;

/// <summary>|g|: the magnitude of the dense gradient left in <see cref="Nn.Parameter.Grad"/> by the last backward pass.</summary>
public sealed class GradientScore : WeightScore
{
    /// <inheritdoc />
    public override string Name => "gradient";

    /// <inheritdoc />
    public override void Compute(ScoreContext context, IReadOnlyList<PrunableWeight> layers, IReadOnlyList<float[]> scores)
    {
        for (int l = 0; l < layers.Count; l++)
        {
            TensorPrimitives.Abs(layers[l].Parameter.Grad.Span, scores[l]);
        }
    }
}
