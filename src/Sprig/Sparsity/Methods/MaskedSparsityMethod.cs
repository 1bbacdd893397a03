using Sprig.Nn;
using Sprig.Optim;
using Sprig.Sparsity.Budgets;
using Sprig.Sparsity.Masks;
using Sprig.Sparsity.Regularizers;
using Sprig.Sparsity.Scores;
using Sprig.Tensors;

namespace Sprig.Sparsity.Methods;

/// <summary>
/// The shared machinery of mask-based methods: a method is a <see cref="LayerBudget"/> (how much each layer keeps),
/// a <see cref="WeightScore"/> (what to keep), a <see cref="MaskPattern"/> (in which units) and a schedule (when),
/// which subclasses supply. Every prunable parameter carries a mask from <see cref="Attach"/> on; after every
/// optimizer step the weights and the optimizer state (momentum, Adam moments) are multiplied by it, so masked
/// weights stay exactly zero and a weight that comes back starts from zero momentum. An optional regularizer adds
/// its gradient before each optimizer step.
/// </summary>
public abstract class MaskedSparsityMethod : SparsityMethod
{
    private const string PendingPruneKey = "masked.pending_prune";

    private Module? _model;
    private Optimizer? _optimizer;
    private TrainingSchedule? _schedule;
    private Rng? _rng;
    private float[][] _scores = [];
    private double _targetSparsity;

    // The last prune not yet reported by DrainEvents; a checkpoint keeps it so a mid-epoch resume reports it too.
    private PruneRecord? _pendingPrune;

    /// <summary>Creates the method.</summary>
    protected MaskedSparsityMethod(double targetSparsity, LayerBudget budget, MaskPattern pattern, WeightScore score, SparsityRegularizer? regularizer)
    {
        _targetSparsity = targetSparsity;
        Budget = budget;
        Pattern = pattern;
        Score = score;
        Regularizer = regularizer;
    }

    /// <inheritdoc />
    /// <remarks>With an <see cref="ErdosRenyiEpsilonBudget"/> the sparsity follows from ε and the model, so it is known after Attach.</remarks>
    public override double TargetSparsity => _targetSparsity;

    /// <summary>How the sparsity is spread over layers.</summary>
    public LayerBudget Budget { get; }

    /// <summary>The structure of the masks.</summary>
    public MaskPattern Pattern { get; }

    /// <summary>What decides which weights stay.</summary>
    public WeightScore Score { get; }

    /// <summary>The sparsity-inducing penalty, if any.</summary>
    public SparsityRegularizer? Regularizer { get; }

    /// <inheritdoc />
    public override bool NeedsGradientSource => Score.NeedsGradientSource;

    /// <summary>The prunable parameters, in model order (empty before <see cref="Attach"/>).</summary>
    public IReadOnlyList<PrunableWeight> Layers { get; private set; } = [];

    /// <summary>The model, once attached.</summary>
    protected Module Model => _model ?? throw NotAttached();

    /// <summary>The optimizer, once attached.</summary>
    protected Optimizer Optimizer => _optimizer ?? throw NotAttached();

    /// <summary>The run length, once attached.</summary>
    protected TrainingSchedule Schedule => _schedule ?? throw NotAttached();

    /// <summary>The method's random stream, once attached.</summary>
    protected Rng Rng => _rng ?? throw NotAttached();

    /// <inheritdoc />
    public sealed override void Attach(Module model, Optimizer optimizer, TrainingSchedule schedule, Rng rng)
    {
        _model = model;
        _optimizer = optimizer;
        _schedule = schedule;
        _rng = rng;
        Layers = PrunableWeight.Of(model);
        if (Budget is ErdosRenyiEpsilonBudget epsilon)
        {
            _targetSparsity = epsilon.SparsityOf(Layers);
        }

        _scores = new float[Layers.Count][];
        for (int l = 0; l < Layers.Count; l++)
        {
            _scores[l] = new float[Layers[l].Length];
            float[] mask = new float[Layers[l].Length];
            mask.AsSpan().Fill(1f);
            Layers[l].Parameter.Mask = mask;
        }

        Regularizer?.Attach(model, Layers);
        OnAttach();
        ApplyMasks();
    }

    /// <inheritdoc />
    public override bool BeforeOptimizerStep(long step)
    {
        Regularizer?.AddToGradients();
        return true;
    }

    /// <inheritdoc />
    public override void AfterOptimizerStep(long step)
    {
        ReapplyMasksAfterStep();
        OnStepCompleted(step + 1);
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object> DrainEvents()
    {
        var drained = new Dictionary<string, object>(StringComparer.Ordinal);
        if (_pendingPrune is { } prune)
        {
            drained["prune_step"] = prune.Step;
            drained["prune_target_sparsity"] = prune.TargetSparsity;
            drained["sparsity"] = prune.Sparsity;
            _pendingPrune = null;
        }

        return drained;
    }

    /// <inheritdoc />
    public sealed override IReadOnlyDictionary<string, double[]> SaveState()
    {
        var state = new Dictionary<string, double[]>(StringComparer.Ordinal);
        if (_pendingPrune is { } prune)
        {
            state[PendingPruneKey] = [prune.Step, prune.TargetSparsity, prune.Sparsity];
        }

        SaveMethodState(state);
        return state;
    }

    /// <inheritdoc />
    public sealed override void LoadState(IReadOnlyDictionary<string, double[]> state)
    {
        _pendingPrune = state.TryGetValue(PendingPruneKey, out double[]? prune) && prune.Length == 3
            ? new PruneRecord((long)prune[0], prune[1], prune[2])
            : null;
        LoadMethodState(state);
    }

    /// <summary>Adds the subclass's entries to the checkpoint state (see <see cref="SparsityMethod.SaveState"/>).</summary>
    protected virtual void SaveMethodState(Dictionary<string, double[]> state)
    {
    }

    /// <summary>Restores what <see cref="SaveMethodState"/> added.</summary>
    protected virtual void LoadMethodState(IReadOnlyDictionary<string, double[]> state)
    {
    }

    /// <summary>Creates the initial masks (all ones until this runs).</summary>
    protected abstract void OnAttach();

    /// <summary>Runs after the masks are re-applied following step <paramref name="completedSteps"/> − 1.</summary>
    protected virtual void OnStepCompleted(long completedSteps)
    {
    }

    /// <summary>Multiplies every weight and its optimizer state by its mask.</summary>
    protected void ApplyMasks()
    {
        foreach (PrunableWeight layer in Layers)
        {
            ApplyMask(layer.Parameter);
        }
    }

    /// <summary>
    /// Puts the weights that an optimizer step moved off their masks back to zero. A layer on the sparse kernels
    /// (<see cref="Parameter.ActiveIndices"/> set) is skipped: its gradient is zero at every pruned position, where
    /// its weights and optimizer state already are zero, and every optimizer step maps those zeros to zeros.
    /// </summary>
    private void ReapplyMasksAfterStep()
    {
        foreach (PrunableWeight layer in Layers)
        {
            if (layer.Parameter.ActiveIndices is null)
            {
                ApplyMask(layer.Parameter);
            }
        }
    }

    private void ApplyMask(Parameter parameter)
    {
        parameter.ApplyMask();
        Optimizer.MaskState(parameter);
    }

    /// <summary>
    /// Recomputes every mask to reach <paramref name="sparsity"/>: scores all weights, splits the keep budget over
    /// layers, builds each mask in <see cref="Pattern"/> and applies it. With <paramref name="keepPruned"/> a pruned
    /// weight never returns (it scores −∞ and no layer keeps more than it has), as gradual and iterative pruning need.
    /// </summary>
    protected void PruneTo(double sparsity, long completedSteps, bool keepPruned)
    {
        Score.Compute(new ScoreContext(Optimizer, Rng, GradientSource), Layers, _scores);
        int[] active = new int[Layers.Count];
        for (int l = 0; l < Layers.Count; l++)
        {
            active[l] = Layers[l].ActiveCount();
            if (keepPruned)
            {
                ExcludePruned(Layers[l].Parameter.Mask!, _scores[l]);
            }
        }

        int[] keep = Budget.KeepCounts(Layers, _scores, sparsity);
        for (int l = 0; l < Layers.Count; l++)
        {
            PrunableWeight layer = Layers[l];
            int count = keepPruned ? Math.Min(keep[l], active[l]) : keep[l];
            MaskBuilder.Build(_scores[l], layer.Rows, count, Pattern, layer.Parameter.Mask!);
        }

        ApplyMasks();
        _pendingPrune = new PruneRecord(completedSteps, sparsity, SparsityReport.Measure(Model).Sparsity);
    }

    private static void ExcludePruned(ReadOnlySpan<float> mask, Span<float> scores)
    {
        for (int i = 0; i < mask.Length; i++)
        {
            if (mask[i] == 0f)
            {
                scores[i] = float.NegativeInfinity;
            }
        }
    }

    private InvalidOperationException NotAttached() => new($"The {Name} method is used before Attach.");

    /// <summary>A prune: the step it ran after, the sparsity it aimed at and the model sparsity it reached.</summary>
    private readonly record struct PruneRecord(long Step, double TargetSparsity, double Sparsity);
}
