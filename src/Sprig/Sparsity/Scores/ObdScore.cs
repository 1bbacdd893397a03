using System.Numerics.Tensors;

namespace Sprig.Sparsity.Scores;

/// <summary>
/// Optimal Brain Damage saliency ½·h_ii·w_i², with the Hessian diagonal h_ii approximated by the diagonal empirical
/// Fisher: the mean of g_i² over the gradient source's batches (each batch gradient is one sample).
/// </summary>
public sealed class ObdScore : WeightScore
{
    /// <inheritdoc />
    public override string Name => "obd";

    /// <inheritdoc />
    public override bool NeedsGradientSource => true;

    /// <inheritdoc />
    public override void Compute(ScoreContext context, IReadOnlyList<PrunableWeight> layers, IReadOnlyList<float[]> scores)
    {
        BatchGradients.Mean(context.RequireGradientSource(Name), layers, BatchGradients.Term.GradientSquared, 1f, scores);
        for (int l = 0; l < layers.Count; l++)
        {
            ReadOnlySpan<float> w = layers[l].Parameter.Value.Span;
            TensorPrimitives.Multiply(scores[l], w, scores[l]);
            TensorPrimitives.Multiply(scores[l], w, scores[l]);
            TensorPrimitives.Multiply(scores[l], 0.5f, scores[l]);
        }
    }
}
