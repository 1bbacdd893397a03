namespace Sprig.Sparsity.Budgets;

/// <summary>
/// Erdős–Rényi budgets, the exact RigL loop (algorithms.md §0). Layer l of N_l weights gets density ε·p_l with
/// p_l = (Σ dims / Π dims)^γ (ERK) or ((n_in + n_out)/(n_in·n_out))^γ ignoring the kernel (ER). ε is solved so that
/// Σ d_l·N_l = (1−S)·Σ N_l over the sparse layers; a layer whose density would exceed 1 is made dense and the rest
/// re-solved, layers with the largest p_l first, until every density is at most 1.
/// </summary>
public sealed class ErdosRenyiBudget : LayerBudget
{
    /// <summary>Creates the budget.</summary>
    /// <param name="includeKernel">True for ERK (all dims count), false for ER (only n_out = dim 0 and n_in = dim 1).</param>
    /// <param name="powerScale">RigL's <c>erk_power_scale</c> γ: 1 is ER(K), 0 is uniform.</param>
    /// <param name="keepFirstDense">Leave the first prunable layer dense.</param>
    /// <param name="keepLastDense">Leave the last prunable layer dense.</param>
    public ErdosRenyiBudget(bool includeKernel = true, double powerScale = 1.0, bool keepFirstDense = false, bool keepLastDense = false)
        : base(keepFirstDense, keepLastDense)
    {
        if (!(powerScale >= 0 && double.IsFinite(powerScale)))
        {
            throw new SprigException($"ERK power scale must be a finite number >= 0, got {powerScale:R}");
        }

        IncludeKernel = includeKernel;
        PowerScale = powerScale;
    }

    /// <inheritdoc />
    public override string Name => IncludeKernel ? "erk" : "er";

    /// <summary>Whether kernel dims count (ERK) or not (ER).</summary>
    public bool IncludeKernel { get; }

    /// <summary>The exponent γ applied to the raw Erdős–Rényi probability.</summary>
    public double PowerScale { get; }

    /// <summary>The density of each layer (1 for forced-dense and kept-dense layers), before rounding to counts.</summary>
    public double[] Densities(IReadOnlyList<PrunableWeight> layers, double sparsity) =>
        Densities(layers, sparsity, DenseFlags(layers.Count));

    /// <inheritdoc />
    protected override int[] Allocate(IReadOnlyList<PrunableWeight> layers, IReadOnlyList<float[]>? scores, double sparsity, bool[] dense)
    {
        double[] densities = Densities(layers, sparsity, dense);
        int[] counts = new int[layers.Count];
        for (int l = 0; l < layers.Count; l++)
        {
            counts[l] = (int)Math.Round(densities[l] * layers[l].Length);
        }

        return counts;
    }

    private double[] Densities(IReadOnlyList<PrunableWeight> layers, double sparsity, bool[] dense)
    {
        int count = layers.Count;
        double[] p = new double[count];
        for (int l = 0; l < count; l++)
        {
            p[l] = Math.Pow(RawProbability(layers[l].Parameter.Value.Shape), PowerScale);
        }

        bool[] forced = new bool[count];
        double epsilon;
        while (true)
        {
            double rhs = 0;
            double divisor = 0;
            for (int l = 0; l < count; l++)
            {
                if (dense[l])
                {
                    continue;
                }

                long n = layers[l].Length;
                long removed = Removed(n, sparsity);
                if (forced[l])
                {
                    rhs -= removed;
                }
                else
                {
                    rhs += n - removed;
                    divisor += p[l] * n;
                }
            }

            epsilon = divisor > 0 ? rhs / divisor : 0;
            double maxP = double.NegativeInfinity;
            for (int l = 0; l < count; l++)
            {
                if (!dense[l] && !forced[l])
                {
                    maxP = Math.Max(maxP, p[l]);
                }
            }

            if (divisor == 0 || epsilon * maxP <= 1)
            {
                break;
            }

            for (int l = 0; l < count; l++)
            {
                if (!dense[l] && !forced[l] && p[l] == maxP)
                {
                    forced[l] = true;
                }
            }
        }

        double[] densities = new double[count];
        for (int l = 0; l < count; l++)
        {
            densities[l] = dense[l] || forced[l] ? 1.0 : epsilon * p[l];
        }

        return densities;
    }

    private double RawProbability(ReadOnlySpan<int> shape)
    {
        if (!IncludeKernel && shape.Length >= 2)
        {
            return (double)(shape[0] + shape[1]) / ((double)shape[0] * shape[1]);
        }

        double sum = 0;
        double product = 1;
        foreach (int d in shape)
        {
            sum += d;
            product *= d;
        }

        return sum / product;
    }
}
