namespace Sprig.Sparsity.Masks;

/// <summary>
/// Exact top-k selection in linear expected time (quickselect for the threshold, then one marking pass). Ties at the
/// threshold are kept in index order, so a request for k ones gets exactly k and the result is deterministic.
/// NaN ranks lowest.
/// </summary>
internal static class TopK
{
    /// <summary>Sets <paramref name="mask"/> to 1 at the <paramref name="keep"/> largest scores and 0 elsewhere.</summary>
    public static void KeepLargest(ReadOnlySpan<float> scores, int keep, Span<float> mask)
    {
        keep = Math.Clamp(keep, 0, scores.Length);
        mask.Clear();
        if (keep == 0)
        {
            return;
        }

        float[] work = scores.ToArray();
        float threshold = KthLargest(work, keep);
        int above = CountAbove(scores, threshold);
        int tiesToKeep = keep - above;
        for (int i = 0; i < scores.Length; i++)
        {
            float s = Rank(scores[i]);
            if (s > threshold)
            {
                mask[i] = 1f;
            }
            else if (s == threshold && tiesToKeep > 0)
            {
                mask[i] = 1f;
                tiesToKeep--;
            }
        }
    }

    /// <summary>
    /// The number of entries of each list among the <paramref name="keep"/> largest of all lists together: one
    /// global threshold, with ties kept in list order so the total is exactly <paramref name="keep"/>.
    /// </summary>
    public static int[] CountLargestPerList(IReadOnlyList<float[]> lists, long keep)
    {
        int total = 0;
        foreach (float[] list in lists)
        {
            total = checked(total + list.Length);
        }

        int[] counts = new int[lists.Count];
        int k = (int)Math.Clamp(keep, 0, total);
        if (k == 0)
        {
            return counts;
        }

        float[] work = new float[total];
        int offset = 0;
        foreach (float[] list in lists)
        {
            list.CopyTo(work, offset);
            offset += list.Length;
        }

        float threshold = KthLargest(work, k);
        int tiesToKeep = k;
        for (int l = 0; l < lists.Count; l++)
        {
            counts[l] = CountAbove(lists[l], threshold);
            tiesToKeep -= counts[l];
        }

        for (int l = 0; l < lists.Count && tiesToKeep > 0; l++)
        {
            foreach (float s in lists[l])
            {
                if (Rank(s) == threshold && tiesToKeep > 0)
                {
                    counts[l]++;
                    tiesToKeep--;
                }
            }
        }

        return counts;
    }

    /// <summary>The <paramref name="k"/>-th largest value (1-based) of <paramref name="values"/>, which it reorders.</summary>
    internal static float KthLargest(Span<float> values, int k)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Rank(values[i]);
        }

        // Quickselect for the element at ascending position n − k, with a median-of-three pivot.
        int target = values.Length - k;
        int low = 0;
        int high = values.Length - 1;
        while (low < high)
        {
            int mid = low + ((high - low) / 2);
            float pivot = MedianOfThree(values[low], values[mid], values[high]);
            int i = low;
            int j = high;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (target <= j)
            {
                high = j;
            }
            else if (target >= i)
            {
                low = i;
            }
            else
            {
                break;
            }
        }

        return values[target];
    }

    private static int CountAbove(ReadOnlySpan<float> scores, float threshold)
    {
        int count = 0;
        foreach (float s in scores)
        {
            count += Rank(s) > threshold ? 1 : 0;
        }

        return count;
    }

    private static float Rank(float score) => float.IsNaN(score) ? float.NegativeInfinity : score;

    private static float MedianOfThree(float a, float b, float c) =>
        Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
}
