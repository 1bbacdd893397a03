using Sprig.Kernels.Dense;

namespace Sprig.Kernels.Tests.Dense;

public class GemmTests
{
    /// <summary>(m, n, k): empty, tiny, odd, edge tiles, several k and row blocks, a second column slab.</summary>
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 0, 5, 3 },
        { 1, 1, 1 },
        { 7, 7, 7 },
        { 33, 17, 257 },
        { 257, 33, 7 },
        { 13, 257, 33 },
        { 257, 130, 33 },
        { 65, 257, 40 },
        { 33, 70, 600 },
        { 6, 4113, 11 },
    };

    public static TheoryData<Transpose, Transpose, bool> Cases()
    {
        var data = new TheoryData<Transpose, Transpose, bool>();
        foreach (Transpose ta in new[] { Transpose.No, Transpose.Yes })
        {
            foreach (Transpose tb in new[] { Transpose.No, Transpose.Yes })
            {
                data.Add(ta, tb, false);
                data.Add(ta, tb, true);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Multiply_MatchesReference_AndIsIdenticalOnOneAndTwoThreads(Transpose transA, Transpose transB, bool accumulate)
    {
        foreach (object[] shape in Shapes)
        {
            Check(transA, transB, (int)shape[0], (int)shape[1], (int)shape[2], accumulate);
        }
    }

    [Fact]
    public void Multiply_WithZeroK_ClearsOrKeepsC()
    {
        float[] c = [1, 2, 3, 4, 5, 6];
        Gemm.Multiply(Transpose.No, Transpose.No, 2, 3, 0, [], 1, [], 3, c, 3, accumulate: true);
        Assert.Equal([1, 2, 3, 4, 5, 6], c);
        Gemm.Multiply(Transpose.No, Transpose.No, 2, 2, 0, [], 1, [], 2, c, 3);
        Assert.Equal([0, 0, 3, 0, 0, 6], c);
    }

    [Fact]
    public void Multiply_FromConcurrentCallers_GivesTheSameResultAsAlone()
    {
        const int m = 96, n = 200, k = 70;
        float[] a = TestData.Uniform(m * k, 1);
        float[] b = TestData.Uniform(k * n, 2);
        var expected = new float[m * n];
        Gemm.Multiply(Transpose.No, Transpose.No, m, n, k, a, k, b, n, expected, n, false, threads: 1);
        var results = new float[4][];
        Parallel.For(0, results.Length, i =>
        {
            results[i] = new float[m * n];
            for (int repeat = 0; repeat < 20; repeat++)
            {
                Gemm.Multiply(Transpose.No, Transpose.No, m, n, k, a, k, b, n, results[i], n, false, threads: 2);
            }
        });
        foreach (float[] result in results)
        {
            Assert.Equal(expected, result);
        }
    }

    [Fact]
    public void Multiply_RejectsTooShortOperandsAndLeadingDimensions()
    {
        var c = new float[4];
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(Transpose.No, Transpose.No, 2, 2, 2, new float[3], 2, new float[4], 2, c, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(Transpose.No, Transpose.No, 2, 2, 2, new float[4], 1, new float[4], 2, c, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Multiply(Transpose.No, Transpose.No, -1, 2, 2, new float[4], 2, new float[4], 2, c, 2));
    }

    private static void Check(Transpose transA, Transpose transB, int m, int n, int k, bool accumulate)
    {
        // Odd leading dimensions, larger than the stored widths.
        int aRows = transA == Transpose.Yes ? k : m, aCols = transA == Transpose.Yes ? m : k;
        int bRows = transB == Transpose.Yes ? n : k, bCols = transB == Transpose.Yes ? k : n;
        int lda = aCols + 3, ldb = bCols + 1, ldc = n + 5;
        float[] a = TestData.Uniform(Math.Max(0, aRows * lda), 10 + m);
        float[] b = TestData.Uniform(Math.Max(0, bRows * ldb), 20 + n);
        float[] c0 = TestData.Uniform(m * ldc, 30 + k);

        float[] expected = (float[])c0.Clone();
        GemmReference.Multiply(transA, transB, m, n, k, a, lda, b, ldb, expected, ldc, accumulate);
        float[] bound = accumulate ? TestData.Abs(c0) : new float[c0.Length];
        GemmReference.Multiply(transA, transB, m, n, k, TestData.Abs(a), lda, TestData.Abs(b), ldb, bound, ldc, accumulate);

        float[] one = (float[])c0.Clone();
        Gemm.Multiply(transA, transB, m, n, k, a, lda, b, ldb, one, ldc, accumulate, threads: 1);
        float[] two = (float[])c0.Clone();
        Gemm.Multiply(transA, transB, m, n, k, a, lda, b, ldb, two, ldc, accumulate, threads: 2);

        for (int i = 0; i < m * ldc; i++)
        {
            bool inside = i % ldc < n;
            if (!inside)
            {
                Assert.True(one[i] == c0[i], $"padding of C changed at {i} ({m}x{n}x{k})");
                continue;
            }

            // Float summation error grows with k and with the sum of |terms|.
            double tolerance = (2e-7 * (k + 2) * bound[i]) + 1e-30;
            Assert.True(
                Math.Abs(one[i] - expected[i]) <= tolerance,
                $"{transA}{transB} acc={accumulate} {m}x{n}x{k}: C[{i / ldc},{i % ldc}] = {one[i]}, expected {expected[i]}");
        }

        Assert.True(one.AsSpan().SequenceEqual(two), $"1 and 2 threads differ for {transA}{transB} {m}x{n}x{k}");
    }
}
