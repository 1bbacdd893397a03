using Sprig.Nn;
using Sprig.Optim;
using Sprig.Sparsity.Masks;

namespace Sprig.Sparsity.Chase;

/// <summary>
/// Chase's global weight moves over all prunable layers at once: drop the active weights of smallest magnitude, grow
/// the allowed inactive positions of largest gradient magnitude. A dropped or grown weight, and its optimizer state,
/// is zero afterwards; exact counts, with one threshold over all layers (<see cref="TopK.CountLargestPerList"/>, as
/// MEST's global moves use) and ties broken in layer and index order.
/// </summary>
internal static class GlobalMaskUpdate
{
    /// <summary>Deactivates the <paramref name="count"/> active weights of smallest |w|; returns how many it dropped.</summary>
    public static long DropSmallest(IReadOnlyList<PrunableWeight> layers, Optimizer optimizer, long count)
    {
        var (indices, scores) = Gather(layers, null, active: true);
        for (int l = 0; l < layers.Count; l++)
        {
            float[] w = layers[l].Parameter.Value.Data;
            for (int j = 0; j < scores[l].Length; j++)
            {
                scores[l][j] = -Math.Abs(w[indices[l][j]]);
            }
        }

        return Apply(layers, optimizer, indices, scores, count, activate: false);
    }

    /// <summary>
    /// Activates the <paramref name="count"/> inactive positions allowed by <paramref name="allowed"/> with the largest
    /// |g| (<paramref name="gradients"/> holds |g|, one array per layer); returns how many it grew.
    /// </summary>
    public static long GrowLargest(IReadOnlyList<PrunableWeight> layers, Optimizer optimizer, IReadOnlyList<float[]> allowed,
        IReadOnlyList<float[]> gradients, long count)
    {
        var (indices, scores) = Gather(layers, allowed, active: false);
        for (int l = 0; l < layers.Count; l++)
        {
            for (int j = 0; j < scores[l].Length; j++)
            {
                scores[l][j] = gradients[l][indices[l][j]];
            }
        }

        return Apply(layers, optimizer, indices, scores, count, activate: true);
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

    /// <summary>Per layer, the index of every active (or every allowed inactive) position and a score array as long.</summary>
    private static (int[][] Indices, float[][] Scores) Gather(IReadOnlyList<PrunableWeight> layers, IReadOnlyList<float[]>? allowed, bool active)
    {
        int[][] indices = new int[layers.Count][];
        float[][] scores = new float[layers.Count][];
        var candidates = new List<int>();
        for (int l = 0; l < layers.Count; l++)
        {
            float[] mask = layers[l].Parameter.Mask!;
            candidates.Clear();
            for (int i = 0; i < mask.Length; i++)
            {
                if ((mask[i] != 0f) == active && (allowed is null || allowed[l][i] != 0f))
                {
                    candidates.Add(i);
                }
            }

            indices[l] = candidates.ToArray();
            scores[l] = new float[indices[l].Length];
        }

        return (indices, scores);
    }

    private static long Apply(IReadOnlyList<PrunableWeight> layers, Optimizer optimizer, int[][] indices, float[][] scores, long count,
        bool activate)
    {
        int[] counts = TopK.CountLargestPerList(scores, count);
        long changed = 0;
        for (int l = 0; l < layers.Count; l++)
        {
            if (counts[l] == 0)
            {
                continue;
            }

            // The layer's share of the global top-k is its own top counts[l]: same threshold, same tie order.
            float[] selected = new float[scores[l].Length];
            TopK.KeepLargest(scores[l], counts[l], selected);
            Parameter parameter = layers[l].Parameter;
            for (int j = 0; j < selected.Length; j++)
            {
                if (selected[j] != 0f)
                {
                    int i = indices[l][j];
                    parameter.Mask![i] = activate ? 1f : 0f;
                    parameter.Value.Data[i] = 0f;
                    optimizer.ResetStateAt(parameter, i);
                }
            }

            changed += counts[l];
        }

        return changed;
    }
}
