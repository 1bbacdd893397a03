using System.Numerics.Tensors;

namespace Sprig.Sparsity.Scores;

/// <summary>|w|: the classic magnitude criterion (masked weights are zero, so they rank lowest).</summary>
public sealed class MagnitudeScore : WeightScore
{
    /// <inheritdoc />
    public override string Name => "magnitude";

    /// <inheritdoc />
    public override void Compute(ScoreContext context, IReadOnlyList<PrunableWeight> layers, IReadOnlyList<float[]> scores)
    {
        for (int l = 0; l < layers.Count; l++)
        {
            TensorPrimitives.Abs(layers[l].Parameter.Value.Span, scores[l]);
        }
    }
}
