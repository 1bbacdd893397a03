using Sprig.Nn;
using Sprig.Tensors;

namespace Sprig.Sparsity.Masks;

/// <summary>
/// Seeded uniform random masks on every prunable weight of a model: a sparse model of a given sparsity without
/// training one, for benchmarks and for the training warm-up step.
/// </summary>
internal static class RandomMasks
{
    /// <summary>
    /// Gives every prunable weight of <paramref name="model"/> a mask that keeps each weight with probability
    /// 1 − <paramref name="sparsity"/>, drawn from <paramref name="rng"/> in parameter order, and applies it.
    /// </summary>
    /// <returns>The masked weights.</returns>
    public static List<Parameter> Apply(Module model, double sparsity, Rng rng)
    {
        var masked = new List<Parameter>();
        foreach (Parameter p in model.Parameters().Where(p => p.Prunable))
        {
            var mask = new float[p.Length];
            for (int i = 0; i < mask.Length; i++)
            {
                mask[i] = rng.NextFloat() >= sparsity ? 1f : 0f;
            }

            p.Mask = mask;
            p.ApplyMask();
            masked.Add(p);
        }

        return masked;
    }
}
