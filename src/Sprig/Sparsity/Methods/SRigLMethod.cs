using Sprig.Sparsity.Budgets;
using Sprig.Sparsity.Dst;
using Sprig.Sparsity.Masks;

namespace Sprig.Sparsity.Methods;

/// <summary>
/// Structured RigL with constant fan-in (Lasby et al., ICLR 2024; <c>calgaryml/condensed-sparsity</c>
/// <c>rigl_constant_fan.py</c>). Every active output row of layer l has exactly k_l = ⌊N_l(1 − S_l)/(n_out − a_l)⌋
/// active inputs (S_l from ERK, a_l ablated rows), so the layer condenses to <see cref="CondensedLayout"/>. Every ΔT
/// until T_end, with n_prune = ⌊f(t)·n⌋ (RigL's cosine f, α = 0.3) and n_keep = n − n_prune, each layer:
/// <list type="number">
/// <item>ablation (not the last layer): the salient set is the layer-wide top-n_keep |W| ∪ top-n_prune |G|; rows
/// with fewer than γ_sal·k salient weights are ablated, keeping at least ⌊N_l(1 − S_l)/fan-in⌋ rows (the most
/// salient); k is recomputed;</item>
/// <item>drop: the layer-wide top-n_keep |W| outside ablated rows, then at most k of them per row (the largest);</item>
/// <item>grow: each active row adds its k − kept largest-|G| inputs; new weights and their optimizer state are 0.</item>
/// </list>
/// The optimizer step of an update step is skipped, as in RigL. Initial weights keep the model's own
/// initialisation (the reference rescales them by the sparse fan-in).
/// </summary>
public sealed class SRigLMethod : DynamicSparseMethod
{
    private int[] _keep = [];

    /// <summary>Creates the method.</summary>
    /// <param name="sparsity">The global sparsity.</param>
    /// <param name="budget">The layer budget (ERK).</param>
    /// <param name="settings">α, ΔT and T_end; growth is by gradient.</param>
    /// <param name="minSalientFraction">γ_sal (0.3 in the reference); 0 disables neuron ablation.</param>
    public SRigLMethod(double sparsity, LayerBudget budget, DstSettings settings, double minSalientFraction)
        : base(sparsity, budget, settings)
    {
        MinSalientFraction = minSalientFraction;
    }

    /// <inheritdoc />
    public override string Name => "srigl";

    /// <summary>γ_sal.</summary>
    public double MinSalientFraction { get; }

    /// <summary>The current constant fan-in k of layer <paramref name="layer"/> (its largest row count).</summary>
    public int FanIn(int layer)
    {
        PrunableWeight w = Layers[layer];
        float[] mask = w.Parameter.Mask!;
        int k = 0;
        for (int r = 0; r < w.Rows; r++)
        {
            k = Math.Max(k, RowCount(mask, r, w.RowLength));
        }

        return k;
    }

    /// <summary>Layer <paramref name="layer"/> in condensed form (values and input indices of every active row).</summary>
    public CondensedLayout Condense(int layer)
    {
        PrunableWeight w = Layers[layer];
        return CondensedLayout.FromMasked(w.Parameter.Value.Span, w.Parameter.Mask, w.Rows, w.RowLength);
    }

    /// <summary>The drop fraction f at step <paramref name="step"/>.</summary>
    public double DropFractionAt(long step) => CosineDropFractionAt(step);

    /// <inheritdoc />
    protected override void CreateMasks()
    {
        _keep = Budget.KeepCounts(Layers, null, TargetSparsity);
        for (int l = 0; l < Layers.Count; l++)
        {
            PrunableWeight w = Layers[l];
            int k = Math.Clamp(_keep[l] / Math.Max(1, w.Rows), 1, w.RowLength);
            float[] scores = new float[w.RowLength];
            for (int r = 0; r < w.Rows; r++)
            {
                FillRandom(scores);
                TopK.KeepLargest(scores, k, w.Parameter.Mask.AsSpan(r * w.RowLength, w.RowLength));
            }
        }
    }

    /// <inheritdoc />
    protected override bool BeforeStep(long step, bool isUpdateStep)
    {
        if (!isUpdateStep)
        {
            return true;
        }

        double fraction = DropFractionAt(step);
        BeginUpdate();
        for (int l = 0; l < Layers.Count; l++)
        {
            if (IsManaged(l))
            {
                UpdateLayer(l, fraction);
            }
        }

        EndUpdate(step, fraction);
        return false;
    }

    private static int RowCount(ReadOnlySpan<float> mask, int row, int rowLength)
    {
        int count = 0;
        foreach (float m in mask.Slice(row * rowLength, rowLength))
        {
            count += m != 0f ? 1 : 0;
        }

        return count;
    }

    private void UpdateLayer(int l, double fraction)
    {
        PrunableWeight w = Layers[l];
        int rows = w.Rows;
        int fanIn = w.RowLength;
        float[] mask = w.Parameter.Mask!;
        int active = w.ActiveCount();
        int prune = (int)Math.Floor(fraction * active);
        int keep = active - prune;
        bool[] ablated = MinSalientFraction > 0 && l < Layers.Count - 1 ? Ablate(l, keep, prune, FanIn(l)) : new bool[rows];
        int alive = 0;
        foreach (bool a in ablated)
        {
            alive += a ? 0 : 1;
        }

        int k = Math.Clamp(_keep[l] / Math.Max(1, alive), 1, fanIn);
        float[] work = new float[w.Length];
        for (int r = 0; r < rows; r++)
        {
            work.AsSpan(r * fanIn, fanIn).Fill(ablated[r] ? 1f : 0f);
        }

        DropWhere(l, work);
        KeepLargestMagnitude(l, keep, tieNoise: false);

        // At most k per row: drop the rest of each row's kept weights, smallest |W| first.
        ReadOnlySpan<float> values = w.Parameter.Value.Span;
        float[] scores = Scratch(l);
        float[] chosen = Selection(l);
        for (int i = 0; i < w.Length; i++)
        {
            scores[i] = mask[i] != 0f ? MathF.Abs(values[i]) : float.NegativeInfinity;
        }

        for (int r = 0; r < rows; r++)
        {
            Span<float> row = chosen.AsSpan(r * fanIn, fanIn);
            TopK.KeepLargest(scores.AsSpan(r * fanIn, fanIn), Math.Min(k, RowCount(mask, r, fanIn)), row);
            for (int c = 0; c < fanIn; c++)
            {
                work[(r * fanIn) + c] = mask[(r * fanIn) + c] != 0f && row[c] == 0f ? 1f : 0f;
            }
        }

        DropWhere(l, work);

        // Grow each live row back to k inputs by |G| among its inactive positions.
        ReadOnlySpan<float> gradient = GradientMagnitude(l);
        for (int i = 0; i < w.Length; i++)
        {
            scores[i] = mask[i] == 0f ? gradient[i] : float.NegativeInfinity;
        }

        for (int r = 0; r < rows; r++)
        {
            int need = ablated[r] ? 0 : k - RowCount(mask, r, fanIn);
            TopK.KeepLargest(scores.AsSpan(r * fanIn, fanIn), Math.Max(0, need), work.AsSpan(r * fanIn, fanIn));
        }

        Activate(l, work);
    }

    /// <summary>Rows to ablate: those with fewer than γ_sal·k salient weights, keeping the minimum number of rows alive.</summary>
    private bool[] Ablate(int l, int keep, int prune, int fanInBefore)
    {
        PrunableWeight w = Layers[l];
        int rows = w.Rows;
        int rowLength = w.RowLength;
        float[] mask = w.Parameter.Mask!;
        ReadOnlySpan<float> values = w.Parameter.Value.Span;
        float[] scores = Scratch(l);
        float[] salient = new float[w.Length];
        for (int i = 0; i < w.Length; i++)
        {
            scores[i] = mask[i] != 0f ? MathF.Abs(values[i]) : float.NegativeInfinity;
        }

        TopK.KeepLargest(scores, keep, salient);
        float[] byGradient = Selection(l);
        TopK.KeepLargest(GradientMagnitude(l), prune, byGradient);
        int[] count = new int[rows];
        for (int i = 0; i < w.Length; i++)
        {
            count[i / rowLength] += salient[i] != 0f || byGradient[i] != 0f ? 1 : 0;
        }

        double threshold = MinSalientFraction * fanInBefore;
        int minimumAlive = Math.Max(1, _keep[l] / rowLength);
        bool[] ablated = new bool[rows];
        int alive = 0;
        for (int r = 0; r < rows; r++)
        {
            ablated[r] = count[r] < threshold;
            alive += ablated[r] ? 0 : 1;
        }

        // Too few rows survive: revive the most salient ablated rows (earlier rows first on ties).
        while (alive < minimumAlive)
        {
            int best = -1;
            for (int r = 0; r < rows; r++)
            {
                if (ablated[r] && (best < 0 || count[r] > count[best]))
                {
                    best = r;
                }
            }

            ablated[best] = false;
            alive++;
        }

        return ablated;
    }
}
