namespace Sprig.Sparsity.Scores;

/// <summary>
/// A per-weight importance: larger means keep. Scores are computed for all prunable layers at once, so that
/// data-dependent scores run their forward/backward passes once for the whole model.
/// </summary>
public abstract class WeightScore
{
    /// <summary>The name as the CLI spells it (<c>magnitude</c>, <c>snip</c>, …).</summary>
    public abstract string Name { get; }

    /// <summary>Whether the score runs extra passes through <see cref="ScoreContext.GradientSource"/>.</summary>
    public virtual bool NeedsGradientSource => false;

    /// <summary>Writes the score of every weight of <paramref name="layers"/>[l] into <paramref name="scores"/>[l].</summary>
    public abstract void Compute(ScoreContext context, IReadOnlyList<PrunableWeight> layers, IReadOnlyList<float[]> scores);
}
