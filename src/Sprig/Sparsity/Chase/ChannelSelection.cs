namespace Sprig.Sparsity.Chase;

/// <summary>
/// Chase's global channel choice: the lowest-scoring alive channels over all layers, with a per-layer floor. A layer
/// whose candidates would take it below its floor gives only what it can spare and is marked saturated; the shortfall
/// is chosen again from the other layers, until enough channels are found (at most 1000 rounds, as in the reference).
/// Ties are broken by layer and channel order, so the choice is exact and deterministic (the reference's threshold
/// is off by one and subsamples at random instead).
/// </summary>
internal static class ChannelSelection
{
    private const int MaxRounds = 1000;

    /// <summary>Returns, per layer, the channels to remove.</summary>
    /// <param name="scores">Per layer, a score per channel (lower is removed first).</param>
    /// <param name="alive">Per layer, which channels are still alive (removed ones are never chosen).</param>
    /// <param name="floors">Per layer, the fewest channels it must keep.</param>
    /// <param name="count">How many channels to remove in total.</param>
    public static List<int>[] Lowest(IReadOnlyList<float[]> scores, IReadOnlyList<bool[]> alive, IReadOnlyList<int> floors, int count)
    {
        int layers = scores.Count;
        var chosen = new List<int>[layers];
        int[] aliveCount = new int[layers];
        bool[] saturated = new bool[layers];
        for (int l = 0; l < layers; l++)
        {
            chosen[l] = [];
            foreach (bool a in alive[l])
            {
                aliveCount[l] += a ? 1 : 0;
            }

            saturated[l] = aliveCount[l] <= floors[l];
        }

        bool[][] taken = new bool[layers][];
        for (int l = 0; l < layers; l++)
        {
            taken[l] = new bool[alive[l].Length];
        }

        int remaining = count;
        for (int round = 0; round < MaxRounds && remaining > 0; round++)
        {
            var pool = new List<(float Score, int Layer, int Channel)>();
            for (int l = 0; l < layers; l++)
            {
                for (int c = 0; c < alive[l].Length && !saturated[l]; c++)
                {
                    if (alive[l][c] && !taken[l][c])
                    {
                        pool.Add((scores[l][c], l, c));
                    }
                }
            }

            if (pool.Count == 0)
            {
                break;
            }

            pool.Sort();
            int[] candidates = new int[layers];
            for (int i = 0; i < Math.Min(remaining, pool.Count); i++)
            {
                candidates[pool[i].Layer]++;
            }

            int[] allowed = new int[layers];
            for (int l = 0; l < layers; l++)
            {
                int spare = aliveCount[l] - floors[l];
                allowed[l] = Math.Min(candidates[l], spare);
                saturated[l] |= candidates[l] > 0 && candidates[l] >= spare;
            }

            // The pool is sorted, so each layer's first candidates in it are its lowest.
            foreach (var (_, l, c) in pool)
            {
                if (allowed[l] > 0)
                {
                    chosen[l].Add(c);
                    taken[l][c] = true;
                    allowed[l]--;
                    aliveCount[l]--;
                    remaining--;
                }
            }
        }

        return chosen;
    }
}
