namespace Sprig.Sparsity.Scores;

/// <summary>
/// First-order Taylor importance (Molchanov et al. 2019): the squared first-order loss change of removing a weight,
/// (g·w)², averaged over the gradient source's batches.
/// </summary>
public sealed class TaylorScore : WeightScore
{
    /// <inheritdoc />
    public override string Name => "taylor";

    /// <inheritdoc />
    public override bool NeedsGradientSource => true;

    /// <inheritdoc />
    public override void Compute(ScoreContext context, IReadOnlyList<PrunableWeight> layers, IReadOnlyList<float[]> scores) =>
        BatchGradients.Mean(context.RequireGradientSource(Name), layers, BatchGradients.Term.WeightTimesGradientSquared, 1f, scores);
}
