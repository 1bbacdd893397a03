namespace Sprig.Metrics;

/// <summary>
/// Sprig's own parameter-efficiency measures (the survey's formula could not be read, so these are ours, named as
/// such in docs/reports.md). Each is one small function so a better definition can replace it without touching the
/// reports that print it.
/// </summary>
public static class ParameterEfficiency
{
    /// <summary>The default tolerance ε for <see cref="LargestSparsityWithin"/>: one accuracy point.</summary>
    public const double DefaultEpsilon = 0.01;

    /// <summary>Test accuracy (a fraction) per million nonzero parameters.</summary>
    public static double AccuracyPerMillionNonzeros(double accuracy, long nonzeros) =>
        nonzeros == 0 ? double.NaN : accuracy / (nonzeros / 1e6);

    /// <summary>
    /// Accuracy lost against the dense run per million parameters removed: (dense accuracy − accuracy) / (dense
    /// nonzeros − nonzeros) × 10⁶. NaN when nothing was removed.
    /// </summary>
    public static double AccuracyDropPerMillionRemoved(double accuracy, long nonzeros, double denseAccuracy, long denseNonzeros) =>
        denseNonzeros <= nonzeros ? double.NaN : (denseAccuracy - accuracy) / ((denseNonzeros - nonzeros) / 1e6);

    /// <summary>
    /// The largest sparsity among <paramref name="runs"/> (sparsity, accuracy) whose accuracy is at least the dense
    /// accuracy minus <paramref name="epsilon"/>; null when no run qualifies.
    /// </summary>
    public static double? LargestSparsityWithin(IEnumerable<(double Sparsity, double Accuracy)> runs, double denseAccuracy, double epsilon = DefaultEpsilon)
    {
        double? best = null;
        foreach (var (sparsity, accuracy) in runs)
        {
            if (accuracy >= denseAccuracy - epsilon && (best is null || sparsity > best))
            {
                best = sparsity;
            }
        }

        return best;
    }
}
