using Sprig.Sparsity;

namespace Sprig.Optim;

/// <summary>
/// Linear warm-up in front of any schedule: step t &lt; W gets <c>inner(t) · (t + 1)/W</c>, later steps get
/// <c>inner(t)</c> unchanged. The inner schedule still sees the whole run (a cosine inside decays over all steps).
/// </summary>
public sealed class WarmupSchedule : ILearningRateSchedule
{
    /// <summary>Creates the warm-up.</summary>
    /// <exception cref="SprigException"><paramref name="warmupSteps"/> is negative.</exception>
    public WarmupSchedule(ILearningRateSchedule inner, long warmupSteps)
    {
        if (warmupSteps < 0)
        {
            throw new SprigException($"warm-up length must be non-negative, got {warmupSteps} steps");
        }

        Inner = inner;
        WarmupSteps = warmupSteps;
    }

    /// <summary>The schedule that applies after the warm-up.</summary>
    public ILearningRateSchedule Inner { get; }

    /// <summary>How many steps the ramp lasts.</summary>
    public long WarmupSteps { get; }

    /// <inheritdoc />
    public float At(long step, TrainingSchedule run)
    {
        float rate = Inner.At(step, run);
        return step < WarmupSteps ? rate * (step + 1) / WarmupSteps : rate;
    }
}
