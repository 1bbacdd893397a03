using Sprig.Optim;
using Sprig.Tensors;

namespace Sprig.Sparsity.Scores;

/// <summary>What a score may read besides the weights: the optimizer state, a random stream and a gradient source.</summary>
/// <param name="Optimizer">The optimizer, for momentum-based scores (null if there is none).</param>
/// <param name="Rng">The random stream, for random scores.</param>
/// <param name="GradientSource">The trainer's gradient callback, for data-dependent scores (null if not provided).</param>
public sealed record ScoreContext(Optimizer? Optimizer, Rng Rng, IGradientSource? GradientSource)
{
    /// <summary>The gradient source, or a one-line error naming the score that needed it.</summary>
    /// <exception cref="InvalidOperationException">No gradient source was provided (a wiring bug, not a user error).</exception>
    public IGradientSource RequireGradientSource(string scoreName) =>
        GradientSource is { BatchCount: > 0 } source
            ? source
            : throw new InvalidOperationException($"The {scoreName} score needs a gradient source with at least one batch; set SparsityMethod.GradientSource before Attach.");
}
