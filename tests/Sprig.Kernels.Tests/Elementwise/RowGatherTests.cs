using Sprig.Kernels.Elementwise;

namespace Sprig.Kernels.Tests.Elementwise;

public class RowGatherTests
{
    /// <summary>(gathered rows, row length), including one above the production threshold.</summary>
    public static TheoryData<int, int> Shapes => new()
    {
        { 0, 5 },
        { 1, 1 },
        { 7, 33 },
        { 33, 7 },
        { 257, 1 },
        { 65, 784 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Gather_MatchesReference_OnEverySplit(int count, int rowLength)
    {
        const int SourceRows = 101;
        float[] source = TestData.Uniform(SourceRows * rowLength, 1);
        var random = new Random(2);
        var rows = new int[count];
        for (int i = 0; i < count; i++)
        {
            rows[i] = random.Next(SourceRows);
        }

        var expected = new float[count * rowLength];
        RowGatherReference.Gather(source, rowLength, rows, expected);
        foreach (var (threads, chunk) in Splits.All)
        {
            float[] actual = TestData.Uniform(expected.Length, 3);
            RowGather.Gather(source, rowLength, rows, actual, threads, chunk);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Gather_RejectsARowOutsideTheSource()
    {
        int[] rows = [0, 4];
        Assert.Throws<ArgumentOutOfRangeException>(() => RowGather.Gather(new float[8], 2, rows, new float[4]));
    }
}
