using System.Globalization;

namespace Sprig.Sparsity.Budgets;

/// <summary>
/// Spreads a global sparsity over layers: how many weights each prunable layer keeps. Layers chosen to stay dense
/// (first and/or last) are left out of the budget entirely, as RigL's custom map does, so the other layers reach the
/// requested sparsity and the overall sparsity ends a little lower. The guard keeps at least one weight in every
/// layer (no layer collapse).
/// </summary>
public abstract class LayerBudget
{
    /// <summary>Creates the budget.</summary>
    /// <param name="keepFirstDense">Leave the first prunable layer dense.</param>
    /// <param name="keepLastDense">Leave the last prunable layer dense.</param>
    protected LayerBudget(bool keepFirstDense, bool keepLastDense)
    {
        KeepFirstDense = keepFirstDense;
        KeepLastDense = keepLastDense;
    }

    /// <summary>The name as the CLI spells it (<c>uniform</c>, <c>er</c>, <c>erk</c>, <c>global</c>).</summary>
    public abstract string Name { get; }

    /// <summary>Whether the first prunable layer stays dense.</summary>
    public bool KeepFirstDense { get; }

    /// <summary>Whether the last prunable layer stays dense.</summary>
    public bool KeepLastDense { get; }

    /// <summary>Whether the allocation needs scores (a global threshold does; fixed per-layer rules do not).</summary>
    public virtual bool NeedsScores => false;

    /// <summary>
    /// The number of weights each layer keeps at global <paramref name="sparsity"/>. <paramref name="scores"/> holds
    /// one score array per layer (larger = more important) and may be null when <see cref="NeedsScores"/> is false.
    /// Every count is in [1, layer size].
    /// </summary>
    /// <exception cref="SprigException">The sparsity is outside [0, 1), or the budget cannot be met.</exception>
    public int[] KeepCounts(IReadOnlyList<PrunableWeight> layers, IReadOnlyList<float[]>? scores, double sparsity)
    {
        if (!(sparsity >= 0 && sparsity < 1))
        {
            throw new SprigException($"sparsity must be in [0, 1), got {sparsity.ToString(CultureInfo.InvariantCulture)}");
        }

        bool[] dense = DenseFlags(layers.Count);
        int sparseLayers = 0;
        foreach (bool isDense in dense)
        {
            sparseLayers += isDense ? 0 : 1;
        }

        if (sparsity > 0 && sparseLayers == 0)
        {
            throw new SprigException(layers.Count == 0
                ? "the model has no prunable layers, so it cannot be made sparse"
                : $"all {layers.Count} prunable layers are kept dense, so nothing is left to prune (drop --keep-first-dense/--keep-last-dense)");
        }

        if (NeedsScores && scores is null)
        {
            throw new ArgumentNullException(nameof(scores), $"The {Name} budget ranks weights and needs scores.");
        }

        int[] counts = Allocate(layers, scores, sparsity, dense);
        for (int l = 0; l < layers.Count; l++)
        {
            counts[l] = dense[l] ? layers[l].Length : Math.Clamp(counts[l], Math.Min(1, layers[l].Length), layers[l].Length);
        }

        return counts;
    }

    /// <summary>
    /// The keep count of each layer for layers not in <paramref name="dense"/> (entries of dense layers are ignored).
    /// Counts below one are raised to one by the caller.
    /// </summary>
    protected abstract int[] Allocate(IReadOnlyList<PrunableWeight> layers, IReadOnlyList<float[]>? scores, double sparsity, bool[] dense);

    /// <summary>Which of <paramref name="count"/> layers stay dense.</summary>
    protected bool[] DenseFlags(int count)
    {
        bool[] dense = new bool[count];
        for (int l = 0; l < count; l++)
        {
            dense[l] = (KeepFirstDense && l == 0) || (KeepLastDense && l == count - 1);
        }

        return dense;
    }

    /// <summary>The number of weights removed from <paramref name="size"/> at <paramref name="sparsity"/>: ⌊S·N⌋ as in RigL.</summary>
    protected static long Removed(long size, double sparsity) => (long)Math.Floor(sparsity * size);
}
