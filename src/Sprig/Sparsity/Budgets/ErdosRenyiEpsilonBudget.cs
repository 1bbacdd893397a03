namespace Sprig.Sparsity.Budgets;

/// <summary>
/// SET's Erdős–Rényi initialisation with a fixed ε: layer l with fan-in n_in and n_out outputs keeps
/// ε·(n_in + n_out) weights (density ε(n_in + n_out)/(n_in·n_out), capped at 1), whatever the requested sparsity.
/// The SET Fashion-MNIST MLP uses ε = 13 (the paper's MLPs 20).
/// </summary>
public sealed class ErdosRenyiEpsilonBudget : LayerBudget
{
    /// <summary>Creates the budget.</summary>
    /// <exception cref="SprigException">ε is not positive.</exception>
    public ErdosRenyiEpsilonBudget(double epsilon, bool keepFirstDense = false, bool keepLastDense = false)
        : base(keepFirstDense, keepLastDense)
    {
        if (!(epsilon > 0 && double.IsFinite(epsilon)))
        {
            throw new SprigException($"--set-epsilon must be a positive number, got {epsilon:R}");
        }

        Epsilon = epsilon;
    }

    /// <inheritdoc />
    public override string Name => "er-epsilon";

    /// <summary>ε.</summary>
    public double Epsilon { get; }

    /// <summary>The global sparsity this ε gives on <paramref name="layers"/>.</summary>
    public double SparsityOf(IReadOnlyList<PrunableWeight> layers)
    {
        int[] keep = KeepCounts(layers, null, 0);
        long total = 0;
        long kept = 0;
        for (int l = 0; l < layers.Count; l++)
        {
            total += layers[l].Length;
            kept += keep[l];
        }

        return total == 0 ? 0 : 1.0 - ((double)kept / total);
    }

    /// <inheritdoc />
    protected override int[] Allocate(IReadOnlyList<PrunableWeight> layers, IReadOnlyList<float[]>? scores, double sparsity, bool[] dense)
    {
        int[] counts = new int[layers.Count];
        for (int l = 0; l < layers.Count; l++)
        {
            int rows = layers[l].Rows;
            int fanIn = layers[l].RowLength;
            counts[l] = (int)Math.Min(layers[l].Length, Math.Round(Epsilon * (fanIn + rows)));
        }

        return counts;
    }
}
