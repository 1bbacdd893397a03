namespace Sprig.Sparsity.Budgets;

/// <summary>Every sparse layer gets the same sparsity: it keeps N − ⌊S·N⌋ of its N weights.</summary>
public sealed class UniformBudget : LayerBudget
{
    /// <summary>Creates the budget.</summary>
    public UniformBudget(bool keepFirstDense = false, bool keepLastDense = false)
        : base(keepFirstDense, keepLastDense)
    {
    }

    /// <inheritdoc />
    public override string Name => "uniform";

    /// <inheritdoc />
    protected override int[] Allocate(IReadOnlyList<PrunableWeight> layers, IReadOnlyList<float[]>? scores, double sparsity, bool[] dense)
    {
        int[] counts = new int[layers.Count];
        for (int l = 0; l < layers.Count; l++)
        {
            counts[l] = (int)(layers[l].Length - Removed(layers[l].Length, sparsity));
        }

        return counts;
    }
}
