using Sprig.Kernels.Elementwise;

namespace Sprig.Kernels.Tests.Elementwise;

public class OptimizerUpdateTests
{
    [Theory]
    [MemberData(nameof(Splits.Lengths), MemberType = typeof(Splits))]
    public void HeavyBall_MatchesReference_BitForBit_OnEverySplit(int length)
    {
        foreach (float weightDecay in new[] { 0f, 5e-4f })
        {
            float[] w = TestData.Uniform(length, 1);
            float[] g = TestData.Uniform(length, 2);
            float[] v = TestData.Uniform(length, 3);
            float[] wExpected = (float[])w.Clone();
            float[] gExpected = (float[])g.Clone();
            float[] vExpected = (float[])v.Clone();
            OptimizerReference.HeavyBall(wExpected, gExpected, vExpected, weightDecay, 0.9f, 0.05f);
            foreach (var (threads, chunk) in Splits.All)
            {
                float[] wa = (float[])w.Clone();
                float[] ga = (float[])g.Clone();
                float[] va = (float[])v.Clone();
                SgdUpdate.HeavyBall(wa, ga, va, weightDecay, 0.9f, 0.05f, threads, chunk);
                Assert.Equal(wExpected, wa);
                Assert.Equal(gExpected, ga);
                Assert.Equal(vExpected, va);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Splits.Lengths), MemberType = typeof(Splits))]
    public void HeavyBallAt_UpdatesActivePositionsLikeTheReference_AndLeavesTheRest(int length)
    {
        var random = new Random(length);
        int[] active = Enumerable.Range(0, length).Where(_ => random.NextDouble() < 0.3).ToArray();
        foreach (float weightDecay in new[] { 0f, 5e-4f })
        {
            float[] w = TestData.Uniform(length, 1);
            float[] g = TestData.Uniform(length, 2);
            float[] v = TestData.Uniform(length, 3);
            float[] wFull = (float[])w.Clone();
            float[] gFull = (float[])g.Clone();
            float[] vFull = (float[])v.Clone();
            OptimizerReference.HeavyBall(wFull, gFull, vFull, weightDecay, 0.9f, 0.05f);
            var isActive = new HashSet<int>(active);
            foreach (var (threads, chunk) in Splits.All)
            {
                float[] wa = (float[])w.Clone();
                float[] ga = (float[])g.Clone();
                float[] va = (float[])v.Clone();
                SgdUpdate.HeavyBallAt(wa, ga, va, active, weightDecay, 0.9f, 0.05f, threads, chunk);
                for (int i = 0; i < length; i++)
                {
                    bool moved = isActive.Contains(i);
                    Assert.Equal(moved ? wFull[i] : w[i], wa[i]);
                    Assert.Equal(moved ? gFull[i] : g[i], ga[i]);
                    Assert.Equal(moved ? vFull[i] : v[i], va[i]);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Splits.Lengths), MemberType = typeof(Splits))]
    public void HeavyBallAtCompact_MatchesTheScatteredStep_WithTheGradientInActiveOrder(int length)
    {
        var random = new Random(length + 7);
        int[] active = Enumerable.Range(0, length).Where(_ => random.NextDouble() < 0.3).ToArray();
        foreach (float weightDecay in new[] { 0f, 5e-4f })
        {
            float[] w = TestData.Uniform(length, 1);
            float[] g = TestData.Uniform(length, 2);
            float[] v = TestData.Uniform(length, 3);
            float[] wExpected = (float[])w.Clone();
            float[] gExpected = (float[])g.Clone();
            float[] vExpected = (float[])v.Clone();
            SgdUpdate.HeavyBallAt(wExpected, gExpected, vExpected, active, weightDecay, 0.9f, 0.05f, 1, long.MaxValue);
            foreach (var (threads, chunk) in Splits.All)
            {
                float[] wa = (float[])w.Clone();
                float[] va = (float[])v.Clone();
                float[] compact = active.Select(i => g[i]).ToArray();
                SgdUpdate.HeavyBallAtCompact(wa, compact, va, active, weightDecay, 0.9f, 0.05f, threads, chunk);
                Assert.Equal(wExpected, wa);
                Assert.Equal(vExpected, va);
                Assert.Equal(active.Select(i => gExpected[i]).ToArray(), compact);
            }
        }
    }

    [Theory]
    [InlineData(10)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void HeavyBallAt_RejectsAnActiveIndexOutsideTheArrays_AndNamesIt(int bad)
    {
        float[] w = new float[10];
        int[] active = [.. Enumerable.Range(0, 9), bad];
        var dense = Assert.Throws<ArgumentOutOfRangeException>(() => SgdUpdate.HeavyBallAt(w, new float[10], new float[10], active, 0f, 0.9f, 0.1f));
        Assert.Contains(bad.ToString(), dense.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => SgdUpdate.HeavyBallAtCompact(w, new float[10], new float[10], active, 0f, 0.9f, 0.1f));
        Assert.Equal(new float[10], w);
    }

    [Fact]
    public void HeavyBallAtCompact_RejectsAGradientThatDoesNotMatchTheActiveList()
    {
        float[] w = new float[10];
        float[] v = new float[10];
        Assert.Throws<ArgumentException>(() => SgdUpdate.HeavyBallAtCompact(w, new float[3], v, [1, 4], 0f, 0.9f, 0.1f));
    }

    [Theory]
    [MemberData(nameof(Splits.Lengths), MemberType = typeof(Splits))]
    public void AdamW_MatchesReference_BitForBit_OnEverySplit(int length)
    {
        foreach (float decay in new[] { 1f, 0.99999f })
        {
            var c = new AdamWCoefficients(decay, 0.9f, 0.999f, 1e-8f, RootCorrection2: 1.7f, StepScale: -0.003f);
            float[] w = TestData.Uniform(length, 4);
            float[] g = TestData.Uniform(length, 5);
            float[] m = TestData.Uniform(length, 6);
            float[] v = TestData.Abs(TestData.Uniform(length, 7));
            float[] wExpected = (float[])w.Clone();
            float[] mExpected = (float[])m.Clone();
            float[] vExpected = (float[])v.Clone();
            OptimizerReference.AdamW(wExpected, g, mExpected, vExpected, c);
            foreach (var (threads, chunk) in Splits.All)
            {
                float[] wa = (float[])w.Clone();
                float[] ma = (float[])m.Clone();
                float[] va = (float[])v.Clone();
                AdamWUpdate.Step(wa, g, ma, va, c, threads, chunk);
                Assert.Equal(wExpected, wa);
                Assert.Equal(mExpected, ma);
                Assert.Equal(vExpected, va);
            }
        }
    }
}
