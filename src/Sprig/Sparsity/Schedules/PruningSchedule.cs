namespace Sprig.Sparsity.Schedules;

/// <summary>
/// When to prune and to what sparsity, in completed optimizer steps t (0 before training, 1 after the first step).
/// </summary>
public abstract class PruningSchedule
{
    /// <summary>Whether masks are recomputed once <paramref name="completedSteps"/> steps are done.</summary>
    public abstract bool IsPruneStep(long completedSteps);

    /// <summary>The target sparsity once <paramref name="completedSteps"/> steps are done.</summary>
    public abstract double SparsityAt(long completedSteps);
}
