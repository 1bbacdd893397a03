using Sprig.Sparsity.Budgets;
using Sprig.Sparsity.Dst;

namespace Sprig.Sparsity.Methods;

/// <summary>
/// Sparse Networks From Scratch / sparse momentum (Dettmers &amp; Zettlemoyer 2019; <c>TimDettmers/sparse_learning</c>).
/// The method keeps a dense momentum of the dense gradients, m ← μm + G, every step. At the end of every epoch
/// except the last, with the prune rate p cosine-decayed from p₀ = 0.5 to 0.005 over the run:
/// <list type="number">
/// <item>v_l = mean |m| over the active weights of layer l, normalised so Σ v_l = 1;</item>
/// <item>a layer below 20% sparsity with v_l &gt; 1/L prunes min(sparsity_l, p) instead of p;</item>
/// <item>each layer drops its ⌈p_l·nnz_l⌉ smallest |W|; R is the total removed;</item>
/// <item>with momentum redistribution layer l regrows r_l ≈ v_l·R, capped at 0.99 of its empty positions, the
/// overflow spread over the other layers; without it, each layer regrows its own removals;</item>
/// <item>each layer regrows r_l empty positions with the largest |m|, at weight 0 with zeroed optimizer state.</item>
/// </list>
/// The reference rounds r_l up and steers the total back with a correction term; here r_l is an exact
/// largest-remainder split, so Σ r_l = R and the total stays on budget without one.
/// </summary>
public sealed class SnfsMethod : DynamicSparseMethod
{
    private const double DenseLayerSparsity = 0.2;
    private const double FinalPruneRate = 0.005;
    private const double RegrowCap = 0.99;

    /// <summary>Creates the method.</summary>
    /// <param name="sparsity">The global sparsity.</param>
    /// <param name="budget">The layer budget (uniform in the reference).</param>
    /// <param name="settings">p₀ in <see cref="DstSettings.DropFraction"/>; growth should be momentum.</param>
    /// <param name="redistribute">Spread regrowth over layers by mean momentum.</param>
    public SnfsMethod(double sparsity, LayerBudget budget, DstSettings settings, bool redistribute)
        : base(sparsity, budget, settings)
    {
        Redistribute = redistribute;
    }

    /// <inheritdoc />
    public override string Name => "snfs";

    /// <summary>Whether regrowth is spread over layers by mean momentum.</summary>
    public bool Redistribute { get; }

    /// <summary>The connections removed by the last update, per layer.</summary>
    public int[] LastRemoved { get; private set; } = [];

    /// <summary>The connections regrown by the last update, per layer.</summary>
    public int[] LastRegrown { get; private set; } = [];

    /// <summary>The prune rate p at step <paramref name="step"/>.</summary>
    public double PruneRateAt(long step) => new CosineDecay(Settings.DropFraction, Math.Min(FinalPruneRate, Settings.DropFraction), Schedule.TotalSteps).At(step);

    /// <inheritdoc />
    public override void OnEpochEnd(int epoch)
    {
        if (epoch >= Schedule.Epochs)
        {
            return;
        }

        long step = (long)epoch * Schedule.StepsPerEpoch;
        double rate = PruneRateAt(step);
        int count = Layers.Count;
        double[] share = MomentumShares();
        int[] removed = new int[count];
        long totalRemoved = 0;
        BeginUpdate();
        for (int l = 0; l < count; l++)
        {
            if (!IsManaged(l))
            {
                continue;
            }

            int active = Layers[l].ActiveCount();
            double layerSparsity = 1.0 - ((double)active / Layers[l].Length);
            double layerRate = layerSparsity < DenseLayerSparsity && share[l] > 1.0 / ManagedCount() ? Math.Min(layerSparsity, rate) : rate;
            removed[l] = Math.Min(active, (int)Math.Ceiling(layerRate * active));
            KeepLargestMagnitude(l, active - removed[l], tieNoise: false);
            totalRemoved += removed[l];
        }

        int[] regrow = Redistribute ? Allocate(share, totalRemoved) : removed;
        for (int l = 0; l < count; l++)
        {
            if (IsManaged(l))
            {
                Grow(l, GrowthScores(l), regrow[l]);
            }
        }

        LastRemoved = removed;
        LastRegrown = regrow;
        EndUpdate(step, rate);
    }

    /// <inheritdoc />
    protected override void CreateMasks() => DrawRandomMasks(Budget, TargetSparsity);

    /// <inheritdoc />
    protected override bool IsUpdateStep(long step) => false;

    private int ManagedCount()
    {
        int managed = 0;
        for (int l = 0; l < Layers.Count; l++)
        {
            managed += IsManaged(l) ? 1 : 0;
        }

        return managed;
    }

    /// <summary>v_l: mean |momentum| over each managed layer's active weights, normalised to sum 1 (uniform when all are 0).</summary>
    private double[] MomentumShares()
    {
        double[] share = new double[Layers.Count];
        double sum = 0;
        for (int l = 0; l < Layers.Count; l++)
        {
            if (!IsManaged(l) || GradientMomentum(l).IsEmpty)
            {
                continue;
            }

            ReadOnlySpan<float> m = GradientMomentum(l);
            float[] mask = Layers[l].Parameter.Mask!;
            double total = 0;
            int active = 0;
            for (int i = 0; i < m.Length; i++)
            {
                if (mask[i] != 0f)
                {
                    total += Math.Abs(m[i]);
                    active++;
                }
            }

            share[l] = active == 0 ? 0 : total / active;
            sum += share[l];
        }

        for (int l = 0; l < Layers.Count; l++)
        {
            share[l] = !IsManaged(l) ? 0 : sum > 0 ? share[l] / sum : 1.0 / ManagedCount();
        }

        return share;
    }

    /// <summary>
    /// Splits <paramref name="total"/> regrowths over layers in proportion to <paramref name="share"/>, each capped at
    /// 0.99 of its empty positions (all of them if the caps cannot hold the total); a capped layer's overflow goes
    /// to the others in proportion to their shares. Integer counts by largest remainder, so they sum to the total.
    /// </summary>
    private int[] Allocate(double[] share, long total)
    {
        long[] room = RegrowthRoom(total);
        return RoundByLargestRemainder(SpreadByShare(share, room, total), room, total);
    }

    /// <summary>How many positions each managed layer may regrow: 0.99 of its empty ones, or all if that is too few for <paramref name="total"/>.</summary>
    private long[] RegrowthRoom(long total)
    {
        int count = Layers.Count;
        long[] room = new long[count];
        long roomSum = 0;
        for (int l = 0; l < count; l++)
        {
            long empty = IsManaged(l) ? Layers[l].Length - Layers[l].ActiveCount() : 0;
            room[l] = (long)Math.Floor(RegrowCap * empty);
            roomSum += room[l];
        }

        if (roomSum < total)
        {
            for (int l = 0; l < count; l++)
            {
                room[l] = IsManaged(l) ? Layers[l].Length - Layers[l].ActiveCount() : 0;
            }
        }

        return room;
    }

    /// <summary>Real-valued targets in proportion to <paramref name="share"/>; a layer's overflow past its room goes to the others.</summary>
    private static double[] SpreadByShare(double[] share, long[] room, long total)
    {
        int count = room.Length;
        double[] target = new double[count];
        bool[] full = new bool[count];
        double left = total;
        for (int round = 0; round < count && left > 1e-9; round++)
        {
            double weight = 0;
            for (int l = 0; l < count; l++)
            {
                weight += full[l] || room[l] == 0 ? 0 : Math.Max(share[l], 1e-12);
            }

            if (weight == 0)
            {
                break;
            }

            double spread = left;
            for (int l = 0; l < count; l++)
            {
                if (!full[l] && room[l] > 0)
                {
                    target[l] += spread * Math.Max(share[l], 1e-12) / weight;
                }
            }

            left = 0;
            for (int l = 0; l < count; l++)
            {
                if (!full[l] && target[l] >= room[l])
                {
                    left += target[l] - room[l];
                    target[l] = room[l];
                    full[l] = true;
                }
            }
        }

        return target;
    }

    /// <summary>Integer counts that sum to <paramref name="total"/> (room permitting): floors, then one more for the largest remainders.</summary>
    private static int[] RoundByLargestRemainder(double[] target, long[] room, long total)
    {
        int count = target.Length;
        int[] counts = new int[count];
        long assigned = 0;
        for (int l = 0; l < count; l++)
        {
            counts[l] = (int)Math.Floor(target[l]);
            assigned += counts[l];
        }

        // Ties go to the earlier layer.
        while (assigned < total)
        {
            int best = -1;
            for (int l = 0; l < count; l++)
            {
                if (counts[l] < room[l] && (best < 0 || target[l] - counts[l] > target[best] - counts[best]))
                {
                    best = l;
                }
            }

            if (best < 0)
            {
                break;
            }

            counts[best]++;
            assigned++;
        }

        return counts;
    }
}
