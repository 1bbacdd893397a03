namespace Sprig.Sparsity.Masks;

/// <summary>Exact top-k selection: ties are broken deterministically, so a request for k ones gets exactly k.</summary>
internal static class TopK
{
    /// <summary>Sets <paramref name="mask"/> to 1 at the <paramref name="keep"/> largest scores and 0 elsewhere (NaN ranks lowest).</summary>
    public static void KeepLargest(ReadOnlySpan<float> scores, int keep, Span<float> mask)
    {
        int n = scores.Length;
        keep = Math.Clamp(keep, 0, n);
        float[] keys = scores.ToArray();
        int[] order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        Array.Sort(keys, order);
        mask.Clear();
        for (int i = n - keep; i < n; i++)
        {
            mask[order[i]] = 1f;
        }
    }

    /// <summary>
    /// The number of entries of each list among the <paramref name="keep"/> largest of all lists together: one
    /// global threshold, with ties broken deterministically so the total is exactly <paramref name="keep"/>.
    /// </summary>
    public static int[] CountLargestPerList(IReadOnlyList<float[]> lists, long keep)
    {
        long total = 0;
        foreach (float[] list in lists)
        {
            total += list.Length;
        }

        float[] keys = new float[checked((int)total)];
        int[] owner = new int[keys.Length];
        int offset = 0;
        for (int l = 0; l < lists.Count; l++)
        {
            lists[l].CopyTo(keys, offset);
            owner.AsSpan(offset, lists[l].Length).Fill(l);
            offset += lists[l].Length;
        }

        Array.Sort(keys, owner);
        int[] counts = new int[lists.Count];
        for (long i = total - Math.Clamp(keep, 0, total); i < total; i++)
        {
            counts[owner[i]]++;
        }

        return counts;
    }
}
