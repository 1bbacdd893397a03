using Sprig.Sparsity.Budgets;
using Sprig.Sparsity.Dst;
using Sprig.Sparsity.Schedules;

namespace Sprig.Sparsity.Methods;

/// <summary>
/// GraNet (Liu et al., NeurIPS 2021; <c>VITA-Group/GraNet</c> <c>sparselearning/core.py</c>): gradual global magnitude
/// pruning plus zero-cost neuroregeneration. Masks start random with ERK densities at s_i (0.5: sparse-to-sparse;
/// 0: dense-to-sparse). Sparsity follows the cubic schedule from s_i to s_f over [t₀, t_f]: at each of its prune steps
/// the top ⌊P·(1 − s_t)⌋ |W| over all layers stay and pruned weights never return. On every update step (every ΔT,
/// until T_end = the end of training by default) each layer then drops ⌈r(t)·nnz_l⌉ of its smallest |W| and regrows
/// as many at the empty positions with the largest |G|, at weight 0 with zeroed optimizer state; r is cosine from
/// p₀ = 0.5 to 0.005 over the run. Both happen after the optimizer step, with the gradient read before it.
/// </summary>
public sealed class GraNetMethod : DynamicSparseMethod
{
    private const double FinalRegenerationRate = 0.005;

    private readonly Func<TrainingSchedule, (long Start, long End)> _window;
    private readonly LayerBudget _initialBudget;
    private CubicSchedule? _pruning;

    /// <summary>Creates the method.</summary>
    /// <param name="sparsity">s_f, the final global sparsity.</param>
    /// <param name="initialSparsity">s_i, the sparsity of the initial random masks.</param>
    /// <param name="initialBudget">How the initial sparsity is spread over layers (ERK).</param>
    /// <param name="pruneBudget">How pruning allocates (global magnitude in the reference).</param>
    /// <param name="settings">p₀ in <see cref="DstSettings.DropFraction"/>, ΔT, T_end and the growth criterion.</param>
    /// <param name="window">The pruning window [t₀, t_f] in steps, once the run length is known.</param>
    public GraNetMethod(double sparsity, double initialSparsity, LayerBudget initialBudget, LayerBudget pruneBudget, DstSettings settings,
        Func<TrainingSchedule, (long Start, long End)> window)
        : base(sparsity, pruneBudget, settings)
    {
        InitialSparsity = initialSparsity;
        _initialBudget = initialBudget;
        _window = window;
    }

    /// <inheritdoc />
    public override string Name => "granet";

    /// <summary>s_i, the sparsity the run starts from.</summary>
    public double InitialSparsity { get; }

    /// <summary>The cubic pruning schedule (null before Attach).</summary>
    public CubicSchedule? Pruning => _pruning;

    /// <summary>The regeneration rate r at step <paramref name="step"/>.</summary>
    public double RegenerationRateAt(long step) =>
        new CosineDecay(Settings.DropFraction, Math.Min(FinalRegenerationRate, Settings.DropFraction), Schedule.TotalSteps).At(step);

    /// <inheritdoc />
    protected override void CreateMasks()
    {
        var (start, end) = _window(Schedule);
        _pruning = new CubicSchedule(start, end, Settings.UpdateEvery, InitialSparsity, TargetSparsity);
        if (InitialSparsity > 0)
        {
            DrawRandomMasks(_initialBudget, InitialSparsity);
        }
    }

    /// <inheritdoc />
    /// <remarks>Dense-to-sparse starts with full masks, so every layer the prune budget does not keep dense takes part.</remarks>
    protected override bool IsSparseLayer(int layer) =>
        !(Budget.KeepFirstDense && layer == 0) && !(Budget.KeepLastDense && layer == Layers.Count - 1);

    /// <inheritdoc />
    protected override void OnStepCompleted(long completedSteps)
    {
        long step = completedSteps - 1;
        if (_pruning is { } pruning && step > 0 && pruning.IsPruneStep(step))
        {
            PruneTo(pruning.SparsityAt(step), step, keepPruned: true);
        }

        if (!IsUpdateStep(step))
        {
            return;
        }

        double rate = RegenerationRateAt(step);
        BeginUpdate();
        for (int l = 0; l < Layers.Count; l++)
        {
            if (IsManaged(l))
            {
                int active = Layers[l].ActiveCount();
                int k = Math.Min(active, (int)Math.Ceiling(rate * active));
                KeepLargestMagnitude(l, active - k, tieNoise: false);
                Grow(l, GrowthScores(l), k, reinitialiseAll: true);
            }
        }

        EndUpdate(step, rate);
    }
}
