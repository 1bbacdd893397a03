using Sprig.Sparsity.Budgets;
using Sprig.Sparsity.Masks;
using Sprig.Sparsity.Regularizers;
using Sprig.Sparsity.Schedules;
using Sprig.Sparsity.Scores;

namespace Sprig.Sparsity.Methods;

/// <summary>
/// Dense-to-sparse pruning on a <see cref="PruningSchedule"/>: one-shot (prune a trained model at one step, then
/// fine-tune) or gradual magnitude pruning (the cubic schedule). At each prune step the masks are recomputed to the
/// schedule's sparsity from the current scores; pruned weights never come back.
/// </summary>
public sealed class ScheduledPruningMethod : MaskedSparsityMethod
{
    private readonly Func<TrainingSchedule, PruningSchedule> _scheduleFor;
    private PruningSchedule? _pruning;

    /// <summary>Creates the method.</summary>
    /// <param name="name">The CLI name (<c>gmp</c>, <c>oneshot</c>).</param>
    /// <param name="sparsity">The final global sparsity.</param>
    /// <param name="budget">How the sparsity is spread over layers.</param>
    /// <param name="pattern">The mask structure.</param>
    /// <param name="score">What decides which weights stay.</param>
    /// <param name="scheduleFor">Builds the pruning schedule once the run length is known.</param>
    /// <param name="regularizer">An optional sparsity-inducing penalty.</param>
    public ScheduledPruningMethod(string name, double sparsity, LayerBudget budget, MaskPattern pattern, WeightScore score,
        Func<TrainingSchedule, PruningSchedule> scheduleFor, SparsityRegularizer? regularizer = null)
        : base(sparsity, budget, pattern, score, regularizer)
    {
        Name = name;
        _scheduleFor = scheduleFor;
    }

    /// <inheritdoc />
    public override string Name { get; }

    /// <summary>The schedule in steps (null before Attach).</summary>
    public PruningSchedule? Pruning => _pruning;

    /// <inheritdoc />
    protected override void OnAttach()
    {
        _pruning = _scheduleFor(Schedule);
        OnStepCompleted(0);
    }

    /// <inheritdoc />
    protected override void OnStepCompleted(long completedSteps)
    {
        if (_pruning is { } pruning && pruning.IsPruneStep(completedSteps) && pruning.SparsityAt(completedSteps) > 0)
        {
            PruneTo(pruning.SparsityAt(completedSteps), completedSteps, keepPruned: true);
        }
    }
}
