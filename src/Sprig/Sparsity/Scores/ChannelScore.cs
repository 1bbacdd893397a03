namespace Sprig.Sparsity.Scores;

/// <summary>
/// Turns a per-channel score (one value per row, such as <see cref="ChannelScores.L2Norm"/> or
/// <see cref="ChannelScores.UnmaskedMeanMagnitude"/>) into per-weight scores, so that channel-granularity masks
/// rank whole filters by it: each weight gets its channel's score divided by the row length, and the channel mask
/// sums a row back to the channel score.
/// </summary>
public sealed class ChannelScore : WeightScore
{
    private readonly Func<PrunableWeight, float[]> _perChannel;

    /// <summary>Creates the score.</summary>
    /// <param name="name">The CLI name.</param>
    /// <param name="perChannel">Returns one score per row of a layer.</param>
    public ChannelScore(string name, Func<PrunableWeight, float[]> perChannel)
    {
        Name = name;
        _perChannel = perChannel;
    }

    /// <inheritdoc />
    public override string Name { get; }

    /// <inheritdoc />
    public override void Compute(ScoreContext context, IReadOnlyList<PrunableWeight> layers, IReadOnlyList<float[]> scores)
    {
        for (int l = 0; l < layers.Count; l++)
        {
            PrunableWeight layer = layers[l];
            float[] channels = _perChannel(layer);
            if (channels.Length != layer.Rows)
            {
                throw new InvalidOperationException($"The {Name} score gave {channels.Length} values for the {layer.Rows} channels of {layer.Name}.");
            }

            for (int r = 0; r < layer.Rows; r++)
            {
                scores[l].AsSpan(r * layer.RowLength, layer.RowLength).Fill(channels[r] / layer.RowLength);
            }
        }
    }
}
