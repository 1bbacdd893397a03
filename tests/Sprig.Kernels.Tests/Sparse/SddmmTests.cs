using Sprig.Kernels.Dense;
using Sprig.Kernels.Sparse;

namespace Sprig.Kernels.Tests.Sparse;

public class SddmmTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Multiply_MatchesReferenceAndDenseAtThePattern_AndIsIdenticalOnOneAndTwoThreads(bool accumulate)
    {
        foreach ((int rows, int columns, int batch) in SparseTestData.Shapes)
        {
            foreach (double sparsity in SparseTestData.Sparsities)
            {
                string what = $"{rows}x{columns}x{batch} s={sparsity} acc={accumulate}";
                var (pattern, _, _) = SparseTestData.Matrix(rows, columns, sparsity, rows * 3 + columns);
                float[] a = TestData.Uniform(rows * batch, 5);
                float[] b = TestData.Uniform(columns * batch, 6);
                float[] v0 = TestData.Uniform(pattern.Count, 7);

                float[] reference = (float[])v0.Clone();
                SparseReference.Sddmm(pattern, a, b, batch, reference, accumulate);
                var product = new float[rows * columns];
                GemmReference.Multiply(Transpose.No, Transpose.Yes, rows, columns, batch, a, Math.Max(1, batch), b, Math.Max(1, batch), product, Math.Max(1, columns), false);
                float[] viaDense = new float[pattern.Count];
                pattern.Gather(product, viaDense);
                if (accumulate)
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(viaDense, v0, viaDense);
                }

                float[] bound = accumulate ? TestData.Abs(v0) : new float[v0.Length];
                SparseReference.Sddmm(pattern, TestData.Abs(a), TestData.Abs(b), batch, bound, accumulate);

                SparseTestData.CheckKernel(
                    (output, threads) => Sddmm.Multiply(pattern, a, b, batch, output, accumulate, threads), v0, reference, viaDense, bound, batch, what);
            }
        }
    }

    [Fact]
    public void ScatterAdd_AndGather_AreInverseOnThePattern()
    {
        var (pattern, values, dense) = SparseTestData.Matrix(9, 13, 0.7, 1);
        var rebuilt = new float[dense.Length];
        pattern.ScatterAdd(values, rebuilt);
        Assert.Equal(dense, rebuilt);
    }

    [Fact]
    public void Gather_TakesEveryEntryFromItsPosition_AlsoWhenSplitOverThreads()
    {
        // 300×400 with empty, full and in-between rows: about 60,000 entries, enough for two threads.
        const int Rows = 300, Columns = 400;
        var random = new Random(11);
        var mask = new float[Rows * Columns];
        for (int r = 0; r < Rows; r++)
        {
            double density = r % 3 == 0 ? 0 : r % 3 == 1 ? 1 : random.NextDouble();
            for (int c = 0; c < Columns; c++)
            {
                mask[(r * Columns) + c] = random.NextDouble() < density ? 1f : 0f;
            }
        }

        SparseRowPattern pattern = SparseRowPattern.FromMask(Rows, Columns, mask);
        float[] dense = TestData.Uniform(Rows * Columns, 12);
        int threads = KernelThreads.Count;
        try
        {
            foreach (int count in new[] { 1, 2, 3 })
            {
                KernelThreads.Count = count;
                var values = new float[pattern.Count];
                pattern.Gather(dense, values);
                for (int r = 0; r < Rows; r++)
                {
                    for (int k = pattern.RowPointers[r]; k < pattern.RowPointers[r + 1]; k++)
                    {
                        Assert.Equal(dense[(r * Columns) + pattern.Indices[k]], values[k]);
                    }
                }
            }
        }
        finally
        {
            KernelThreads.Count = threads;
        }

        Assert.Throws<ArgumentException>(() => pattern.Gather(dense, dense.AsSpan(0, pattern.Count)));
    }

    [Fact]
    public void MatrixTranspose_MovesEveryElement()
    {
        // The middle shapes are large enough to be split over threads (tall ones by rows, wide ones by columns), with
        // edge columns and rows in both directions; the last ones have 4 KiB source rows (the row-pair order), with odd
        // row counts and one past its limit.
        foreach ((int rows, int columns) in new[]
        {
            (0, 3), (1, 1), (7, 33), (33, 17), (40, 1), (8, 8), (16, 24), (129, 64), (131, 257), (257, 131),
            (1031, 40), (300, 128), (1024, 128), (4099, 9),
            (1, 1024), (8, 1024), (27, 2048), (128, 1024), (129, 1024),
        })
        {
            float[] source = TestData.Uniform(rows * columns, rows);
            var destination = new float[source.Length];
            MatrixTranspose.Apply(rows, columns, source, destination);
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < columns; j++)
                {
                    Assert.Equal(source[(i * columns) + j], destination[(j * rows) + i]);
                }
            }
        }
    }
}
