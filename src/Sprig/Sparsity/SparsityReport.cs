using Sprig.Nn;

namespace Sprig.Sparsity;

/// <summary>
/// The achieved sparsity of a model's prunable parameters, overall and per layer, counted from the weight values
/// themselves (exact zeros), so it reports what the model is, whatever produced it.
/// </summary>
/// <param name="Layers">One entry per prunable parameter, in model order.</param>
public sealed record SparsityReport(IReadOnlyList<LayerSparsity> Layers)
{
    /// <summary>The number of prunable elements.</summary>
    public long Parameters => Layers.Sum(l => l.Parameters);

    /// <summary>The number of prunable elements that are not zero.</summary>
    public long Nonzeros => Layers.Sum(l => l.Nonzeros);

    /// <summary>The fraction of prunable elements that are zero.</summary>
    public double Sparsity => Parameters == 0 ? 0 : 1.0 - ((double)Nonzeros / Parameters);

    /// <summary>Counts the zeros of every prunable parameter of <paramref name="model"/>.</summary>
    public static SparsityReport Measure(Module model)
    {
        var layers = new List<LayerSparsity>();
        foreach (PrunableWeight layer in PrunableWeight.Of(model))
        {
            long nonzeros = layer.Length - CountZeros(layer.Parameter.Value.Span);
            layers.Add(new LayerSparsity(layer.Name, layer.Parameter.Value.ShapeArray(), layer.Length, nonzeros));
        }

        return new SparsityReport(layers);
    }

    private static long CountZeros(ReadOnlySpan<float> values)
    {
        long zeros = 0;
        foreach (float v in values)
        {
            zeros += v == 0f ? 1 : 0;
        }

        return zeros;
    }
}
