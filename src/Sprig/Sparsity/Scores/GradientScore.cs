using System.Numerics.Tensors;

namespace Sprig.Sparsity.Scores;

/// <summary>
/// |ḡ|: the magnitude of the dense gradient averaged over the gradient source's batches. It is recomputed rather
/// than read from <see cref="Nn.Parameter.Grad"/> because an optimizer step may rewrite the gradient in place
/// (SGD leaves the momentum-adjusted update there).
/// </summary>
public sealed class GradientScore : WeightScore
{
    /// <inheritdoc />
    public override string Name => "gradient";

    /// <inheritdoc />
    public override bool NeedsGradientSource => true;

    /// <inheritdoc />
    public override void Compute(ScoreContext context, IReadOnlyList<PrunableWeight> layers, IReadOnlyList<float[]> scores)
    {
        BatchGradients.Mean(context.RequireGradientSource(Name), layers, BatchGradients.Term.Gradient, 1f, scores);
        foreach (float[] layerScores in scores)
        {
            TensorPrimitives.Abs(layerScores, layerScores);
        }
    }
}
