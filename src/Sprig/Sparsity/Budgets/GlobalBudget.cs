namespace Sprig.Sparsity.Budgets;

/// <summary>
/// One threshold over all sparse layers: the ΣN − ⌊S·ΣN⌋ best scores of the whole model are kept, wherever they are
/// (ties broken deterministically). A layer whose weights all rank below the threshold still keeps one, so the total
/// may exceed the request by at most one weight per layer.
/// </summary>
public sealed class GlobalBudget : LayerBudget
{
    /// <summary>Creates the budget.</summary>
    public GlobalBudget(bool keepFirstDense = false, bool keepLastDense = false)
        : base(keepFirstDense, keepLastDense)
    {
    }

    /// <inheritdoc />
    public override string Name => "global";

    /// <inheritdoc />
    public override bool NeedsScores => true;

    /// <inheritdoc />
    protected override int[] Allocate(IReadOnlyList<PrunableWeight> layers, IReadOnlyList<float[]>? scores, double sparsity, bool[] dense)
    {
        var ranked = new List<float[]>();
        long total = 0;
        for (int l = 0; l < layers.Count; l++)
        {
            if (!dense[l])
            {
                ranked.Add(scores![l]);
                total += layers[l].Length;
            }
        }

        long keep = total - Removed(total, sparsity);
        if (keep < ranked.Count)
        {
            throw new SprigException($"sparsity {sparsity:R} keeps {keep} weights for {ranked.Count} sparse layers; every layer needs at least one");
        }

        int[] rankedCounts = Masks.TopK.CountLargestPerList(ranked, keep);
        int[] counts = new int[layers.Count];
        int next = 0;
        for (int l = 0; l < layers.Count; l++)
        {
            counts[l] = dense[l] ? layers[l].Length : rankedCounts[next++];
        }

        return counts;
    }
}
