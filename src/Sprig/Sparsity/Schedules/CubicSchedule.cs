namespace Sprig.Sparsity.Schedules;

/// <summary>
/// Zhu &amp; Gupta's gradual schedule: s_t = s_f + (s_i − s_f)·(1 − (t − t₀)/(t_end − t₀))³ for t in [t₀, t_end],
/// s_i before and s_f after. Masks are recomputed every <see cref="Frequency"/> steps from t₀, and always at t_end
/// so the final sparsity is reached exactly there.
/// </summary>
public sealed class CubicSchedule : PruningSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <exception cref="SprigException">The window is empty or reversed, or the frequency is below 1.</exception>
    public CubicSchedule(long start, long end, long frequency, double initialSparsity, double finalSparsity)
    {
        if (start < 0 || end < start)
        {
            throw new SprigException($"pruning window must satisfy 0 <= start <= end, got start {start} and end {end} (steps)");
        }

        if (frequency < 1)
        {
            throw new SprigException($"pruning frequency must be at least 1 step, got {frequency}");
        }

        Start = start;
        End = end;
        Frequency = frequency;
        InitialSparsity = initialSparsity;
        FinalSparsity = finalSparsity;
    }

    /// <summary>t₀, the first pruning step.</summary>
    public long Start { get; }

    /// <summary>t_end, where the final sparsity is reached.</summary>
    public long End { get; }

    /// <summary>Δt, steps between mask updates.</summary>
    public long Frequency { get; }

    /// <summary>s_i.</summary>
    public double InitialSparsity { get; }

    /// <summary>s_f.</summary>
    public double FinalSparsity { get; }

    /// <inheritdoc />
    public override bool IsPruneStep(long completedSteps) =>
        completedSteps >= Start && completedSteps <= End && ((completedSteps - Start) % Frequency == 0 || completedSteps == End);

    /// <inheritdoc />
    public override double SparsityAt(long completedSteps)
    {
        if (completedSteps <= Start)
        {
            return InitialSparsity;
        }

        if (completedSteps >= End)
        {
            return FinalSparsity;
        }

        double remaining = 1.0 - ((double)(completedSteps - Start) / (End - Start));
        return FinalSparsity + ((InitialSparsity - FinalSparsity) * remaining * remaining * remaining);
    }
}
