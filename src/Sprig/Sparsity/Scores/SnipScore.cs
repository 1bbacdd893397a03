using System.Numerics.Tensors;

namespace Sprig.Sparsity.Scores;

/// <summary>
/// SNIP connection sensitivity |w·ḡ| (Lee et al. 2019), with ḡ the gradient averaged over the gradient source's
/// batches (SNIP uses one mini-batch at initialisation). SNIP normalises by the sum over all weights; that does not
/// change the ranking, so it is left out.
/// </summary>
public sealed class SnipScore : WeightScore
{
    /// <inheritdoc />
    public override string Name => "snip";

    /// <inheritdoc />
    public override bool NeedsGradientSource => true;

    /// <inheritdoc />
    public override void Compute(ScoreContext context, IReadOnlyList<PrunableWeight> layers, IReadOnlyList<float[]> scores)
    {
        BatchGradients.Mean(context.RequireGradientSource(Name), layers, BatchGradients.Term.Gradient, 1f, scores);
        for (int l = 0; l < layers.Count; l++)
        {
            TensorPrimitives.Multiply(scores[l], layers[l].Parameter.Value.Span, scores[l]);
            TensorPrimitives.Abs(scores[l], scores[l]);
        }
    }
}
