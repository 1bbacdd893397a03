using Sprig.Kernels.Dense;
using Sprig.Kernels.Sparse;

namespace Sprig.Kernels.Tests.Sparse;

public class SpmmTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Multiply_MatchesReferenceAndDense_AndIsIdenticalOnOneAndTwoThreads(bool accumulate)
    {
        foreach ((int rows, int columns, int batch) in SparseTestData.Shapes)
        {
            foreach (double sparsity in SparseTestData.Sparsities)
            {
                Check(rows, columns, batch, sparsity, accumulate);
            }
        }
    }

    [Fact]
    public void Multiply_WithTheTransposedPattern_ComputesTransposeTimesB()
    {
        foreach ((int rows, int columns, int batch) in SparseTestData.Shapes)
        {
            foreach (double sparsity in SparseTestData.Sparsities)
            {
                var (pattern, values, dense) = SparseTestData.Matrix(rows, columns, sparsity, 7);
                SparseTranspose transpose = pattern.Transpose();
                var transposedValues = new float[pattern.Count];
                transpose.GatherValues(values, transposedValues);
                float[] b = TestData.Uniform(rows * batch, 8);

                var expected = new float[columns * batch];
                GemmReference.Multiply(Transpose.Yes, Transpose.No, columns, batch, rows, dense, Math.Max(1, columns), b, Math.Max(1, batch), expected, Math.Max(1, batch), false);
                var bound = new float[columns * batch];
                GemmReference.Multiply(Transpose.Yes, Transpose.No, columns, batch, rows, TestData.Abs(dense), Math.Max(1, columns), TestData.Abs(b), Math.Max(1, batch), bound, Math.Max(1, batch), false);
                var actual = new float[columns * batch];
                Spmm.Multiply(transpose.Pattern, transposedValues, b, batch, actual);
                SparseTestData.AssertClose(expected, actual, bound, rows, $"Aᵀ·B {rows}x{columns}x{batch} s={sparsity}");
            }
        }
    }

    [Fact]
    public void Transpose_ListsEachColumnInRowOrder()
    {
        var pattern = SparseRowPattern.FromCsr(3, 4, [0, 2, 3, 5], [1, 3, 0, 1, 2]);
        SparseTranspose transpose = pattern.Transpose();
        Assert.Equal([0, 1, 3, 4, 5], transpose.Pattern.RowPointers.ToArray());
        Assert.Equal([1, 0, 2, 2, 0], transpose.Pattern.Indices.ToArray());
        Assert.Equal([2, 0, 3, 4, 1], transpose.Source.ToArray());
    }

    [Fact]
    public void Patterns_RejectInvalidStructures()
    {
        Assert.Throws<ArgumentException>(() => SparseRowPattern.FromCsr(2, 3, [0, 2, 1], [0, 1]));
        Assert.Throws<ArgumentException>(() => SparseRowPattern.FromCsr(2, 3, [0, 1, 2], [0, 3]));
        Assert.Throws<ArgumentException>(() => SparseRowPattern.FromCsr(2, 3, [0, 1, 2], [-1, 0]));
        Assert.Throws<ArgumentException>(() => SparseRowPattern.FromConstantFanIn(2, 3, 2, [0, 1, 2]));
        var pattern = SparseRowPattern.FromCsr(2, 3, [0, 1, 2], [0, 2]);
        Assert.Throws<ArgumentException>(() => Spmm.Multiply(pattern, new float[2], new float[5], 2, new float[4]));
        Assert.Throws<ArgumentException>(() => Spmm.Multiply(pattern, new float[1], new float[6], 2, new float[4]));
    }

    [Fact]
    public void ConstantFanIn_AtBatchOne_MatchesReference()
    {
        // Batch 1 takes the gather + dot path; fan-ins cover the 16-wide gather loop and its tails.
        foreach (int fanIn in new[] { 0, 1, 5, 16, 37, 100 })
        {
            const int rows = 19, columns = 211;
            var random = new Random(fanIn);
            var indices = new int[rows * fanIn];
            for (int i = 0; i < indices.Length; i++)
            {
                indices[i] = random.Next(columns);
            }

            SparseRowPattern pattern = SparseRowPattern.FromConstantFanIn(rows, columns, fanIn, indices);
            Assert.Equal(fanIn, pattern.FanIn);
            float[] values = TestData.Uniform(pattern.Count, 3);
            float[] x = TestData.Uniform(columns, 4);
            var expected = new float[rows];
            SparseReference.Spmm(pattern, values, x, 1, expected);
            var bound = new float[rows];
            SparseReference.Spmm(pattern, TestData.Abs(values), TestData.Abs(x), 1, bound);
            var actual = new float[rows];
            Spmm.Multiply(pattern, values, x, 1, actual);
            SparseTestData.AssertClose(expected, actual, bound, fanIn, $"fan-in {fanIn}");
        }
    }

    private static void Check(int rows, int columns, int batch, double sparsity, bool accumulate)
    {
        string what = $"{rows}x{columns}x{batch} s={sparsity} acc={accumulate}";
        var (pattern, values, dense) = SparseTestData.Matrix(rows, columns, sparsity, rows + columns);
        float[] b = TestData.Uniform(columns * batch, 2);
        float[] c0 = TestData.Uniform(rows * batch, 3);

        float[] reference = (float[])c0.Clone();
        SparseReference.Spmm(pattern, values, b, batch, reference, accumulate);
        float[] viaDense = (float[])c0.Clone();
        GemmReference.Multiply(Transpose.No, Transpose.No, rows, batch, columns, dense, Math.Max(1, columns), b, Math.Max(1, batch), viaDense, Math.Max(1, batch), accumulate);
        float[] bound = accumulate ? TestData.Abs(c0) : new float[c0.Length];
        SparseReference.Spmm(pattern, TestData.Abs(values), TestData.Abs(b), batch, bound, accumulate);

        float[] one = (float[])c0.Clone();
        Spmm.Multiply(pattern, values, b, batch, one, accumulate, threads: 1);
        float[] two = (float[])c0.Clone();
        Spmm.Multiply(pattern, values, b, batch, two, accumulate, threads: 2);

        SparseTestData.AssertClose(reference, one, bound, columns, what + " vs twin");
        SparseTestData.AssertClose(viaDense, one, bound, columns, what + " vs dense");
        Assert.True(one.AsSpan().SequenceEqual(two), $"1 and 2 threads differ: {what}");
    }
}
