namespace Sprig.Metrics;

/// <summary>
/// The counting rules, after the MicroNet-challenge counter that RigL's <c>get_stats</c> uses: a dot product with
/// <c>n</c> nonzero weights costs <c>n</c> multiplies and <c>n − 1</c> adds, a bias one more add per output, and a
/// ReLU one operation per element. Sparse counts multiply only the nonzero weights.
/// </summary>
internal static class FlopCount
{
    /// <summary>
    /// FLOPs of a layer that applies <paramref name="weights"/> nonzero weights <paramref name="applications"/> times
    /// (the output positions of a conv; 1 for a linear layer), producing <paramref name="outputs"/> values.
    /// </summary>
    public static long WeightedLayer(long weights, long applications, long outputs, bool bias)
    {
        long multiplies = weights * applications;
        long adds = Math.Max(0, multiplies - outputs) + (bias ? outputs : 0);
        return multiplies + adds;
    }

    /// <summary>Training FLOPs of one step for one sample: forward, weight gradient and input gradient (each ≈ the forward), without the first layer's input gradient, which is never computed.</summary>
    public static long TrainingStep(long forward, long firstLayerForward) => (3 * forward) - firstLayerForward;
}
