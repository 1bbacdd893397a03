namespace Sprig.Sparsity.Scores;

/// <summary>Uniform random scores: with an exact top-k this places exactly k ones at random, as RigL's shuffle does.</summary>
public sealed class RandomScore : WeightScore
{
    /// <inheritdoc />
    public override string Name => "random";

    /// <inheritdoc />
    public override void Compute(ScoreContext context, IReadOnlyList<PrunableWeight> layers, IReadOnlyList<float[]> scores)
    {
        foreach (float[] layerScores in scores)
        {
            for (int i = 0; i < layerScores.Length; i++)
            {
                layerScores[i] = context.Rng.NextFloat();
            }
        }
    }
}
