using Sprig.Sparsity.Masks;
using Sprig.Tensors;

namespace Sprig.Tests.Sparsity;

public sealed class MaskBuilderTests
{
    private static float[] RandomScores(int n, ulong seed)
    {
        var rng = new Rng(seed);
        float[] s = new float[n];
        for (int i = 0; i < n; i++)
        {
            s[i] = rng.NextGaussian();
        }

        return s;
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(7, 5, 3)]
    [InlineData(33, 9, 100)]
    [InlineData(16, 16, 0)]
    public void ElementMaskKeepsExactlyTheLargestScores(int rows, int columns, int keep)
    {
        float[] scores = RandomScores(rows * columns, 3);
        float[] mask = new float[scores.Length];
        MaskBuilder.Build(scores, rows, keep, MaskPattern.Element, mask);

        int expected = Math.Clamp(keep, 1, scores.Length);
        Assert.Equal(expected, (int)mask.Sum());
        float smallestKept = scores.Where((_, i) => mask[i] == 1f).Min();
        float largestDropped = scores.Where((_, i) => mask[i] == 0f).DefaultIfEmpty(float.NegativeInfinity).Max();
        Assert.True(smallestKept >= largestDropped);
    }

    [Theory]
    [InlineData(2, 4, 3, 16)]
    [InlineData(1, 4, 5, 8)]
    [InlineData(4, 8, 2, 24)]
    [InlineData(2, 4, 4, 25)]
    public void NOfMMaskKeepsNInEveryGroupOfM(int n, int m, int rows, int columns)
    {
        float[] scores = RandomScores(rows * columns, 11);
        float[] mask = new float[scores.Length];
        MaskBuilder.Build(scores, rows, keep: 0, MaskPattern.NOfM(n, m), mask);

        for (int r = 0; r < rows; r++)
        {
            for (int start = 0; start < columns; start += m)
            {
                int size = Math.Min(m, columns - start);
                var group = Enumerable.Range(start, size).Select(c => (r * columns) + c).ToArray();
                Assert.Equal(Math.Min(n, size), (int)group.Sum(i => mask[i]));
                float smallestKept = group.Where(i => mask[i] == 1f).Min(i => scores[i]);
                float largestDropped = group.Where(i => mask[i] == 0f).Select(i => scores[i]).DefaultIfEmpty(float.NegativeInfinity).Max();
                Assert.True(smallestKept >= largestDropped);
            }
        }
    }

    [Theory]
    [InlineData(1, 4, 8, 16, 40)]
    [InlineData(4, 4, 8, 16, 48)]
    [InlineData(4, 4, 6, 10, 30)]
    public void BlockMaskIsConstantOnEveryBlock(int blockRows, int blockColumns, int rows, int columns, int keep)
    {
        float[] scores = RandomScores(rows * columns, 5);
        float[] mask = new float[scores.Length];
        MaskBuilder.Build(scores, rows, keep, MaskPattern.Block(blockRows, blockColumns), mask);

        int gridColumns = (columns + blockColumns - 1) / blockColumns;
        var blockValue = new Dictionary<int, float>();
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                int block = ((r / blockRows) * gridColumns) + (c / blockColumns);
                float value = mask[(r * columns) + c];
                Assert.Equal(blockValue.GetValueOrDefault(block, value), value);
                blockValue[block] = value;
            }
        }

        int expectedBlocks = (int)Math.Round((double)keep / (blockRows * blockColumns));
        Assert.Equal(expectedBlocks, (int)blockValue.Values.Sum());
    }

    [Fact]
    public void ChannelMaskKeepsTheRowsWithTheLargestScoreSums()
    {
        // Row sums: 6, 0.4, 15, 1 → keeping 2 rows of 3 keeps rows 0 and 2.
        float[] scores = [1, 2, 3, 0.1f, 0.1f, 0.2f, 4, 5, 6, 0, 0, 1];
        float[] mask = new float[12];
        MaskBuilder.Build(scores, rows: 4, keep: 6, MaskPattern.Channel, mask);
        Assert.Equal(new float[] { 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0 }, mask);
    }

    [Fact]
    public void EveryStructureKeepsAtLeastOneUnit()
    {
        float[] scores = RandomScores(32, 9);
        foreach (MaskPattern pattern in new[] { MaskPattern.Element, MaskPattern.Block(4, 4), MaskPattern.Channel })
        {
            float[] mask = new float[32];
            MaskBuilder.Build(scores, 4, keep: 0, pattern, mask);
            Assert.True(mask.Sum() >= 1f, pattern.ToString());
        }
    }

    [Theory]
    [InlineData("2:4", 2, 4)]
    [InlineData("4:8", 4, 8)]
    public void ParsesNOfM(string text, int n, int m)
    {
        MaskPattern p = MaskPattern.ParseNOfM(text);
        Assert.Equal((Granularity.NM, n, m), (p.Granularity, p.N, p.M));
    }

    [Theory]
    [InlineData("4:4")]
    [InlineData("0:4")]
    [InlineData("2-4")]
    [InlineData("a:4")]
    public void RejectsInvalidNOfM(string text)
    {
        var e = Assert.Throws<SprigException>(() => MaskPattern.ParseNOfM(text));
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void ParsesAndRejectsBlockShapes()
    {
        Assert.Equal(MaskPattern.Block(4, 4), MaskPattern.ParseBlock("4x4"));
        Assert.Throws<SprigException>(() => MaskPattern.ParseBlock("0x4"));
        Assert.Throws<SprigException>(() => MaskPattern.ParseBlock("4*4"));
    }
}
