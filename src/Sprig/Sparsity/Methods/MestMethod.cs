using Sprig.Sparsity.Budgets;
using Sprig.Sparsity.Dst;
using Sprig.Sparsity.Masks;

namespace Sprig.Sparsity.Methods;

/// <summary>
/// MEST-style "grow then prune" under a soft memory bound, as Chase's phase A runs it (algorithms.md §1.4). Masks
/// start random with ERK densities; their total B is the budget. Every ΔT until T_end: (1) prune back to budget,
/// dropping the nnz − B smallest |W| over all layers; (2) grow P·g(t) − nnz positions with the largest |G| over all
/// layers, g(t) = D + p₀(1 + cos(πt/T_end))/2 with D = 1 − S and P the managed weights, at weight 0 with zeroed
/// optimizer state. Between updates the model carries about B + p₀·P weights, and a grown weight trains for ΔT
/// before its magnitude is judged. At the first step from T_end on the extra weights are pruned back to B for good.
/// </summary>
public sealed class MestMethod : DynamicSparseMethod
{
    private const string SettledKey = "mest.settled";

    private long _budget;
    private long _managedWeights;
    private bool _settled;

    /// <summary>Creates the method.</summary>
    /// <param name="sparsity">The global sparsity S of the budget.</param>
    /// <param name="budget">The layer budget of the initial masks (ERK).</param>
    /// <param name="settings">p₀ in <see cref="DstSettings.DropFraction"/>, ΔT, T_end and the growth criterion.</param>
    public MestMethod(double sparsity, LayerBudget budget, DstSettings settings)
        : base(sparsity, budget, settings)
    {
    }

    /// <inheritdoc />
    public override string Name => "mest";

    /// <summary>B, the number of active managed weights the run is bound to.</summary>
    public long Budgeted => _budget;

    /// <summary>The target density P·g(t) after the growth of step <paramref name="step"/>, as a fraction of the managed weights.</summary>
    public double GrownDensityAt(long step) =>
        ((double)_budget / _managedWeights) + CosineDropFractionAt(step);

    /// <inheritdoc />
    protected override void CreateMasks() => DrawRandomMasks(Budget, TargetSparsity);

    /// <inheritdoc />
    protected override void SaveMore(Dictionary<string, double[]> state) => state[SettledKey] = [_settled ? 1 : 0];

    /// <inheritdoc />
    protected override void LoadMore(IReadOnlyDictionary<string, double[]> state) =>
        _settled = state.TryGetValue(SettledKey, out double[]? settled) && settled.Length == 1 && settled[0] != 0;

    /// <inheritdoc />
    protected override void OnStepCompleted(long completedSteps)
    {
        long step = completedSteps - 1;
        if (_managedWeights == 0)
        {
            CountBudget();
        }

        if (step >= UpdateEndStep && !_settled)
        {
            BeginUpdate();
            KeepGlobalLargestMagnitude(_budget);
            EndUpdate(step, 0);
            _settled = true;
            return;
        }

        if (!IsUpdateStep(step))
        {
            return;
        }

        BeginUpdate();
        KeepGlobalLargestMagnitude(_budget);
        long target = (long)Math.Floor(GrownDensityAt(step) * _managedWeights);
        GrowGlobal(target - ManagedActive());
        EndUpdate(step, GrownDensityAt(step));
    }

    private void CountBudget()
    {
        for (int l = 0; l < Layers.Count; l++)
        {
            if (IsManaged(l))
            {
                _managedWeights += Layers[l].Length;
            }
        }

        // B is fixed by the initial masks; after a resume the current nnz may be above it, so recompute it from ERK.
        int[] keep = Budget.KeepCounts(Layers, null, TargetSparsity);
        for (int l = 0; l < Layers.Count; l++)
        {
            _budget += IsManaged(l) ? keep[l] : 0;
        }
    }

    private long ManagedActive()
    {
        long active = 0;
        for (int l = 0; l < Layers.Count; l++)
        {
            active += IsManaged(l) ? Layers[l].ActiveCount() : 0;
        }

        return active;
    }

    private void KeepGlobalLargestMagnitude(long keep)
    {
        var lists = new List<float[]>();
        for (int l = 0; l < Layers.Count; l++)
        {
            if (IsManaged(l))
            {
                float[] scores = Scratch(l);
                float[] mask = Layers[l].Parameter.Mask!;
                ReadOnlySpan<float> w = Layers[l].Parameter.Value.Span;
                for (int i = 0; i < scores.Length; i++)
                {
                    scores[i] = mask[i] != 0f ? MathF.Abs(w[i]) : float.NegativeInfinity;
                }

                lists.Add(scores);
            }
        }

        int[] counts = TopK.CountLargestPerList(lists, Math.Min(keep, ManagedActive()));
        int next = 0;
        for (int l = 0; l < Layers.Count; l++)
        {
            if (IsManaged(l))
            {
                KeepLargestMagnitude(l, counts[next++], tieNoise: false);
            }
        }
    }

    private void GrowGlobal(long count)
    {
        if (count <= 0)
        {
            return;
        }

        var lists = new List<float[]>();
        for (int l = 0; l < Layers.Count; l++)
        {
            if (IsManaged(l))
            {
                float[] scores = GrowthScores(l);
                float[] mask = Layers[l].Parameter.Mask!;
                for (int i = 0; i < scores.Length; i++)
                {
                    scores[i] = mask[i] == 0f ? scores[i] : float.NegativeInfinity;
                }

                lists.Add(scores);
            }
        }

        int[] counts = TopK.CountLargestPerList(lists, count);
        int next = 0;
        for (int l = 0; l < Layers.Count; l++)
        {
            if (IsManaged(l))
            {
                Grow(l, lists[next], counts[next]);
                next++;
            }
        }
    }
}
