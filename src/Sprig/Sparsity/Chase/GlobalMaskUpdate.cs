using Sprig.Optim;
using Sprig.Sparsity.Masks;

namespace Sprig.Sparsity.Chase;

/// <summary>
/// Chase's global weight moves over all prunable layers at once: drop the active weights of smallest magnitude, grow
/// the allowed inactive positions of largest gradient magnitude. A dropped or grown weight, and its optimizer state,
/// is zero afterwards; exact counts (ties broken in layer and index order).
/// </summary>
internal static class GlobalMaskUpdate
{
    /// <summary>Deactivates the <paramref name="count"/> active weights of smallest |w|; returns how many it dropped.</summary>
    public static long DropSmallest(IReadOnlyList<PrunableWeight> layers, Optimizer optimizer, long count)
    {
        var (layerOf, indexOf) = Gather(layers, null, active: true);
        float[] scores = new float[layerOf.Length];
        for (int k = 0; k < scores.Length; k++)
        {
            scores[k] = -Math.Abs(layers[layerOf[k]].Parameter.Value.Data[indexOf[k]]);
        }

        return Apply(layers, optimizer, scores, layerOf, indexOf, count, activate: false);
    }

    /// <summary>
    /// Activates the <paramref name="count"/> inactive positions allowed by <paramref name="allowed"/> with the largest
    /// |g| (<paramref name="gradients"/> holds |g|, one array per layer); returns how many it grew.
    /// </summary>
    public static long GrowLargest(IReadOnlyList<PrunableWeight> layers, Optimizer optimizer, IReadOnlyList<float[]> allowed,
        IReadOnlyList<float[]> gradients, long count)
    {
        var (layerOf, indexOf) = Gather(layers, allowed, active: false);
        float[] scores = new float[layerOf.Length];
        for (int k = 0; k < scores.Length; k++)
        {
            scores[k] = gradients[layerOf[k]][indexOf[k]];
        }

        return Apply(layers, optimizer, scores, layerOf, indexOf, count, activate: true);
    }

    /// <summary>The number of active weights over all layers.</summary>
    public static long ActiveCount(IReadOnlyList<PrunableWeight> layers)
    {
        long active = 0;
        foreach (PrunableWeight layer in layers)
        {
            active += layer.ActiveCount();
        }

        return active;
    }

    /// <summary>The (layer, index) of every active (or every allowed inactive) position.</summary>
    private static (int[] LayerOf, int[] IndexOf) Gather(IReadOnlyList<PrunableWeight> layers, IReadOnlyList<float[]>? allowed, bool active)
    {
        var layerOf = new List<int>();
        var indexOf = new List<int>();
        for (int l = 0; l < layers.Count; l++)
        {
            float[] mask = layers[l].Parameter.Mask!;
            for (int i = 0; i < mask.Length; i++)
            {
                if ((mask[i] != 0f) == active && (allowed is null || allowed[l][i] != 0f))
                {
                    layerOf.Add(l);
                    indexOf.Add(i);
                }
            }
        }

        return (layerOf.ToArray(), indexOf.ToArray());
    }

    private static long Apply(IReadOnlyList<PrunableWeight> layers, Optimizer optimizer, float[] scores, int[] layerOf, int[] indexOf,
        long count, bool activate)
    {
        int k = (int)Math.Clamp(count, 0, scores.Length);
        if (k == 0)
        {
            return 0;
        }

        float[] selected = new float[scores.Length];
        TopK.KeepLargest(scores, k, selected);
        for (int j = 0; j < selected.Length; j++)
        {
            if (selected[j] != 0f)
            {
                PrunableWeight layer = layers[layerOf[j]];
                int i = indexOf[j];
                layer.Parameter.Mask![i] = activate ? 1f : 0f;
                layer.Parameter.Value.Data[i] = 0f;
                optimizer.ResetStateAt(layer.Parameter, i);
            }
        }

        return k;
    }
}
