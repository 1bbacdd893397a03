namespace Sprig.Sparsity.Schedules;

/// <summary>Prunes once, to the final sparsity, after <see cref="Step"/> steps (0 = before training); fine-tunes after.</summary>
public sealed class OneShotSchedule : PruningSchedule
{
    /// <summary>Creates the schedule.</summary>
    public OneShotSchedule(long step, double sparsity)
    {
        Step = step;
        Sparsity = sparsity;
    }

    /// <summary>The completed-step count at which pruning happens.</summary>
    public long Step { get; }

    /// <summary>The sparsity reached at <see cref="Step"/>.</summary>
    public double Sparsity { get; }

    /// <inheritdoc />
    public override bool IsPruneStep(long completedSteps) => completedSteps == Step;

    /// <inheritdoc />
    public override double SparsityAt(long completedSteps) => completedSteps >= Step ? Sparsity : 0;
}
