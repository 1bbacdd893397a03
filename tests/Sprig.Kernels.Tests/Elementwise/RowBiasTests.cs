using Sprig.Kernels.Elementwise;

namespace Sprig.Kernels.Tests.Elementwise;

public class RowBiasTests
{
    /// <summary>(rows, columns), including one above the production threshold.</summary>
    public static TheoryData<int, int> Shapes => new()
    {
        { 0, 3 },
        { 1, 1 },
        { 7, 33 },
        { 33, 7 },
        { 257, 5 },
        { 129, 301 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Broadcast_AddToRows_And_ColumnSums_MatchReference_OnEverySplit(int rows, int columns)
    {
        float[] bias = TestData.Uniform(columns, 1);
        float[] matrix = TestData.Uniform(rows * columns, 2);
        var setExpected = new float[matrix.Length];
        float[] addExpected = (float[])matrix.Clone();
        float[] sumsExpected = TestData.Uniform(columns, 3);
        RowBiasReference.SetOrAdd(bias, setExpected, add: false);
        RowBiasReference.SetOrAdd(bias, addExpected, add: true);
        RowBiasReference.AccumulateColumnSums(matrix, sumsExpected);
        foreach (var (threads, chunk) in Splits.All)
        {
            float[] set = TestData.Uniform(matrix.Length, 4);
            float[] added = (float[])matrix.Clone();
            float[] sums = TestData.Uniform(columns, 3);
            RowBias.Broadcast(bias, set, threads, chunk);
            RowBias.AddToRows(bias, added, threads, chunk);
            RowBias.AccumulateColumnSums(matrix, sums, threads, chunk);
            Assert.Equal(setExpected, set);
            Assert.Equal(addExpected, added);
            Assert.Equal(sumsExpected, sums);
        }
    }

    [Fact]
    public void RejectsAMatrixThatIsNotWholeRows() =>
        Assert.Throws<ArgumentException>(() => RowBias.AccumulateColumnSums(new float[7], new float[3]));
}
