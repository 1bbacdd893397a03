using System.Numerics.Tensors;

namespace Sprig.Sparsity.Scores;

/// <summary>Averages a per-weight quantity of the gradient over every batch of a gradient source.</summary>
internal static class BatchGradients
{
    /// <summary>What is averaged over batches, per weight.</summary>
    public enum Term
    {
        /// <summary>g.</summary>
        Gradient,

        /// <summary>g².</summary>
        GradientSquared,

        /// <summary>(g·w)².</summary>
        WeightTimesGradientSquared,
    }

    /// <summary>Sets <paramref name="means"/>[l] to the mean over batches of <paramref name="term"/> for layer l.</summary>
    public static void Mean(IGradientSource source, IReadOnlyList<PrunableWeight> layers, Term term, float temperature, IReadOnlyList<float[]> means)
    {
        foreach (float[] mean in means)
        {
            Array.Clear(mean);
        }

        float[] scratch = [];
        for (int b = 0; b < source.BatchCount; b++)
        {
            source.ComputeGradients(b, temperature);
            for (int l = 0; l < layers.Count; l++)
            {
                ReadOnlySpan<float> g = layers[l].Parameter.Grad.Span;
                float[] mean = means[l];
                switch (term)
                {
                    case Term.Gradient:
                        TensorPrimitives.Add(mean, g, mean);
                        break;
                    case Term.GradientSquared:
                        TensorPrimitives.MultiplyAdd(g, g, mean, mean);
                        break;
                    default:
                        if (scratch.Length < g.Length)
                        {
                            scratch = new float[g.Length];
                        }

                        Span<float> product = scratch.AsSpan(0, g.Length);
                        TensorPrimitives.Multiply(g, layers[l].Parameter.Value.Span, product);
                        TensorPrimitives.MultiplyAdd(product, product, mean, mean);
                        break;
                }
            }
        }

        foreach (float[] mean in means)
        {
            TensorPrimitives.Divide(mean, source.BatchCount, mean);
        }
    }
}
