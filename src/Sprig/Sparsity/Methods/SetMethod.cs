using Sprig.Sparsity.Budgets;
using Sprig.Sparsity.Dst;
using Sprig.Sparsity.Masks;

namespace Sprig.Sparsity.Methods;

/// <summary>
/// Sparse Evolutionary Training (Mocanu et al., Nat. Commun. 2018; <c>dcmocanu/sparse-evolutionary-artificial-neural-networks</c>).
/// Masks start Erdős–Rényi. At the end of every epoch except the last, each sparse layer separately removes the
/// fraction ζ of its positive weights closest to zero and ζ of its negative weights closest to zero (active weights
/// that are exactly zero go too, as in the reference's threshold test), then regrows the same number of connections
/// at uniformly random empty positions (just-removed ones included). Regrown weights start at
/// <see cref="DstSettings.RegrowStd"/>·N(0, 1) — 0 by default, like the Keras mask implementation; the sparse-numpy
/// one uses 0.1 — with zeroed momentum.
/// </summary>
public sealed class SetMethod : DynamicSparseMethod
{
    /// <summary>Creates the method.</summary>
    /// <param name="sparsity">The global sparsity (ignored by an <see cref="ErdosRenyiEpsilonBudget"/>).</param>
    /// <param name="budget">The initial layer budget: ER, or ER with a fixed ε.</param>
    /// <param name="settings">ζ in <see cref="DstSettings.DropFraction"/>; growth should be random.</param>
    public SetMethod(double sparsity, LayerBudget budget, DstSettings settings)
        : base(sparsity, budget, settings)
    {
    }

    /// <inheritdoc />
    public override string Name => "set";

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch)
    {
        if (epoch >= Schedule.Epochs)
        {
            return;
        }

        double zeta = Settings.DropFraction;
        BeginUpdate();
        for (int l = 0; l < Layers.Count; l++)
        {
            if (!IsManaged(l))
            {
                continue;
            }

            int removed = RemoveClosestToZero(l, zeta);
            Grow(l, GrowthScores(l), removed, reinitialiseAll: true);
        }

        EndUpdate((long)epoch * Schedule.StepsPerEpoch, zeta);
    }

    /// <inheritdoc />
    protected override void CreateMasks() => DrawRandomMasks(Budget, TargetSparsity);

    /// <inheritdoc />
    protected override bool IsUpdateStep(long step) => false;

    private int RemoveClosestToZero(int layer, double zeta)
    {
        float[] mask = Layers[layer].Parameter.Mask!;
        ReadOnlySpan<float> w = Layers[layer].Parameter.Value.Span;
        int positive = 0;
        int negative = 0;
        int before = 0;
        for (int i = 0; i < w.Length; i++)
        {
            if (mask[i] != 0f)
            {
                before++;
                positive += w[i] > 0f ? 1 : 0;
                negative += w[i] < 0f ? 1 : 0;
            }
        }

        // Negative weights closest to zero are the largest negatives; positive ones the smallest positives.
        RemoveLargest(layer, (int)(zeta * negative), sign: -1f);
        RemoveLargest(layer, (int)(zeta * positive), sign: 1f);
        float[] zeros = Selection(layer);
        for (int i = 0; i < w.Length; i++)
        {
            zeros[i] = w[i] == 0f ? 1f : 0f;
        }

        DropWhere(layer, zeros);
        return before - Layers[layer].ActiveCount();
    }

    private void RemoveLargest(int layer, int count, float sign)
    {
        float[] mask = Layers[layer].Parameter.Mask!;
        ReadOnlySpan<float> w = Layers[layer].Parameter.Value.Span;
        float[] scores = Scratch(layer);
        for (int i = 0; i < w.Length; i++)
        {
            // For sign −1 the score is w on active negatives (largest = closest to 0); for +1 it is −w on positives.
            bool candidate = mask[i] != 0f && w[i] * sign > 0f;
            scores[i] = candidate ? -sign * w[i] : float.NegativeInfinity;
        }

        float[] chosen = Selection(layer);
        TopK.KeepLargest(scores, count, chosen);
        DropWhere(layer, chosen);
    }
}
