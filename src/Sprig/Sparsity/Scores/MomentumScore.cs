using System.Numerics.Tensors;

namespace Sprig.Sparsity.Scores;

/// <summary>|v|: the magnitude of the optimizer's momentum buffer (SNFS-style). Before the first step it is zero.</summary>
public sealed class MomentumScore : WeightScore
{
    /// <summary>The optimizer state name of the momentum buffer (SGD's <c>momentum</c>).</summary>
    public const string StateName = "momentum";

    /// <inheritdoc />
    public override string Name => "momentum";

    /// <inheritdoc />
    /// <exception cref="SprigException">The optimizer keeps no momentum.</exception>
    public override void Compute(ScoreContext context, IReadOnlyList<PrunableWeight> layers, IReadOnlyList<float[]> scores)
    {
        if (context.Optimizer is not { } optimizer)
        {
            throw new SprigException("the momentum score needs an optimizer with momentum");
        }

        for (int l = 0; l < layers.Count; l++)
        {
            if (optimizer.StateOf(layers[l].Parameter).TryGetValue(StateName, out float[]? momentum))
            {
                TensorPrimitives.Abs(momentum, scores[l]);
            }
            else
            {
                Array.Clear(scores[l]);
            }
        }
    }
}
