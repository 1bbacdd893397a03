using Sprig.Sparsity.Masks;
using Sprig.Tensors;

namespace Sprig.Tests.Sparsity;

public sealed class TopKTests
{
    /// <summary>The reference: a stable sort by descending score (NaN last), first k indices kept.</summary>
    private static float[] ReferenceMask(float[] scores, int keep)
    {
        int[] order = Enumerable.Range(0, scores.Length)
            .OrderByDescending(i => float.IsNaN(scores[i]) ? float.NegativeInfinity : scores[i])
            .ThenBy(i => i)
            .ToArray();
        float[] mask = new float[scores.Length];
        foreach (int i in order.Take(Math.Clamp(keep, 0, scores.Length)))
        {
            mask[i] = 1f;
        }

        return mask;
    }

    private static float[] Scores(int n, ulong seed, int distinct)
    {
        var rng = new Rng(seed);
        float[] s = new float[n];
        for (int i = 0; i < n; i++)
        {
            s[i] = distinct > 0 ? rng.NextInt(distinct) : rng.NextGaussian();
        }

        return s;
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(7, 0)]
    [InlineData(33, 3)]
    [InlineData(257, 0)]
    [InlineData(257, 5)]
    [InlineData(1000, 2)]
    public void MatchesAStableSortOnEveryK(int n, int distinct)
    {
        float[] scores = Scores(n, (ulong)(n + distinct), distinct);
        if (n > 5)
        {
            scores[3] = float.NaN;
            scores[4] = float.NegativeInfinity;
        }

        float[] mask = new float[n];
        foreach (int keep in new[] { 0, 1, n / 3, n / 2, n - 1, n })
        {
            TopK.KeepLargest(scores, keep, mask);
            Assert.Equal(ReferenceMask(scores, keep), mask);
        }
    }

    [Fact]
    public void GlobalCountsMatchTheConcatenatedMask()
    {
        float[][] lists = [Scores(40, 1, 4), Scores(7, 2, 4), Scores(100, 3, 4)];
        float[] all = [.. lists[0], .. lists[1], .. lists[2]];
        foreach (int keep in new[] { 0, 1, 30, 73, 147 })
        {
            float[] reference = ReferenceMask(all, keep);
            int[] counts = TopK.CountLargestPerList(lists, keep);
            Assert.Equal((int)reference.Take(40).Sum(), counts[0]);
            Assert.Equal((int)reference.Skip(40).Take(7).Sum(), counts[1]);
            Assert.Equal((int)reference.Skip(47).Sum(), counts[2]);
        }
    }
}
