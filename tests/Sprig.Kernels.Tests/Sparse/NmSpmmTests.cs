using Sprig.Kernels.Dense;
using Sprig.Kernels.Sparse;

namespace Sprig.Kernels.Tests.Sparse;

public class NmSpmmTests
{
    /// <summary>(rows, groups, batch): empty, tiny, odd, tails of every vector width, large enough to use 2 threads.</summary>
    private static readonly (int Rows, int Groups, int Batch)[] s_shapes =
    [
        (0, 3, 5), (3, 0, 5), (4, 3, 0), (1, 1, 1), (7, 5, 7), (33, 9, 1), (17, 33, 31), (13, 65, 33), (129, 40, 65),
    ];

    private static readonly (int N, int M)[] s_ratios = [(2, 4), (1, 4), (1, 8), (3, 7), (1, 1)];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BothProducts_MatchTheReferenceAndDense_AndAreIdenticalOnOneAndTwoThreads(bool accumulate)
    {
        foreach ((int n, int m) in s_ratios)
        {
            foreach ((int rows, int groups, int batch) in s_shapes)
            {
                Check(rows, groups * m, batch, n, m, accumulate);
            }
        }
    }

    [Fact]
    public void FromMask_RejectsGroupsWithoutExactlyNNonzeros_AndRoundTripsValues()
    {
        Assert.Throws<ArgumentException>(() => NmPattern.FromMask(1, 4, 2, 4, [1, 1, 1, 0]));
        Assert.Throws<ArgumentException>(() => NmPattern.FromMask(1, 4, 2, 4, [1, 0, 0, 0]));
        Assert.Throws<ArgumentException>(() => NmPattern.FromMask(1, 6, 2, 4, [1, 1, 0, 0, 1, 1]));
        var pattern = NmPattern.FromMask(2, 8, 2, 4, [0, 1, 0, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 0, 1, 0]);
        Assert.Equal([1, 3, 0, 1, 2, 3, 0, 2], pattern.Offsets.ToArray());
        Assert.Equal(0.5, pattern.Sparsity);
        float[] dense = [0, 1, 0, 2, 3, 4, 0, 0, 0, 0, 5, 6, 7, 0, 8, 0];
        var values = new float[pattern.Count];
        pattern.Gather(dense, values);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], values);
        var back = new float[dense.Length];
        pattern.ScatterAdd(values, back);
        Assert.Equal(dense, back);
    }

    [Fact]
    public void LinearOperator_OnNmWeights_MatchesTheCsrOperator()
    {
        const int outFeatures = 19, inFeatures = 36, batch = 13;
        float[] mask = SparseTestData.NmMask(outFeatures, inFeatures, 2, 4, 9);
        float[] weight = TestData.Uniform(mask.Length, 10);
        System.Numerics.Tensors.TensorPrimitives.Multiply(weight, mask, weight);
        float[] x = TestData.Uniform(batch * inFeatures, 11);
        float[] dy = TestData.Uniform(batch * outFeatures, 12);
        var results = new List<float[]>();
        foreach (ISparseWeights weights in new ISparseWeights[] { new SparseWeights(outFeatures, inFeatures, mask), new NmWeights(outFeatures, inFeatures, 2, 4, mask) })
        {
            var op = new SparseLinearOperator(weights);
            op.SetWeights(weight);
            var y = new float[batch * outFeatures];
            var dw = new float[mask.Length];
            var dx = new float[batch * inFeatures];
            op.Forward(x, batch, y);
            op.Backward(dy, dw, dx);
            results.Add([.. y, .. dw, .. dx]);
        }

        for (int i = 0; i < results[0].Length; i++)
        {
            Assert.True(Math.Abs(results[0][i] - results[1][i]) <= 1e-5f * (1 + Math.Abs(results[0][i])), $"element {i}: CSR {results[0][i]}, N:M {results[1][i]}");
        }
    }

    private static void Check(int rows, int columns, int batch, int n, int m, bool accumulate)
    {
        string what = $"{n}:{m} {rows}x{columns}x{batch} accumulate={accumulate}";
        int seed = (rows * 31) + columns + batch;
        float[] mask = SparseTestData.NmMask(rows, columns, n, m, seed);
        float[] dense = TestData.Uniform(rows * columns, seed + 1);
        System.Numerics.Tensors.TensorPrimitives.Multiply(dense, mask, dense);
        NmPattern pattern = NmPattern.FromMask(rows, columns, n, m, mask);
        var values = new float[pattern.Count];
        pattern.Gather(dense, values);
        int ldDense = Math.Max(1, columns);
        int ldBatch = Math.Max(1, batch);

        // Forward: C [rows, batch] = W·B.
        float[] b = TestData.Uniform(columns * batch, seed + 2);
        float[] c0 = TestData.Uniform(rows * batch, seed + 3);
        var expected = (float[])c0.Clone();
        SparseReference.NmMultiply(pattern, values, b, batch, expected, accumulate);
        var viaDense = (float[])c0.Clone();
        GemmReference.Multiply(Transpose.No, Transpose.No, rows, batch, columns, dense, ldDense, b, ldBatch, viaDense, ldBatch, accumulate);
        AssertTwoThreadsAgree(expected, viaDense, c0, (c, t) => NmSpmm.Multiply(pattern, values, b, batch, c, accumulate, t), columns, what + " forward");

        // Input gradient: C [columns, batch] = Wᵀ·B.
        float[] bt = TestData.Uniform(rows * batch, seed + 4);
        float[] ct = TestData.Uniform(columns * batch, seed + 5);
        expected = (float[])ct.Clone();
        SparseReference.NmMultiplyTransposed(pattern, values, bt, batch, expected, accumulate);
        viaDense = (float[])ct.Clone();
        GemmReference.Multiply(Transpose.Yes, Transpose.No, columns, batch, rows, dense, ldDense, bt, ldBatch, viaDense, ldBatch, accumulate);
        AssertTwoThreadsAgree(expected, viaDense, ct, (c, t) => NmSpmm.MultiplyTransposed(pattern, values, bt, batch, c, accumulate, t), rows, what + " transposed");

        // The weight gradient runs Sddmm on the same positions in CSR form, entry for entry.
        Assert.True(pattern.ToRowPattern().Indices.SequenceEqual(SparseRowPattern.FromMask(rows, columns, mask).Indices), what + " CSR form");
    }

    private static void AssertTwoThreadsAgree(float[] expected, float[] viaDense, float[] start, Action<float[], int> run, int terms, string what)
    {
        var one = (float[])start.Clone();
        run(one, 1);
        var two = (float[])start.Clone();
        run(two, 2);
        Assert.True(one.AsSpan().SequenceEqual(two), $"{what}: 1 and 2 threads differ");
        float tolerance = 1e-5f * (terms + 2);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - one[i]) <= tolerance * (1 + Math.Abs(expected[i])), $"{what}[{i}]: {one[i]} vs reference {expected[i]}");
            Assert.True(Math.Abs(viaDense[i] - one[i]) <= tolerance * (1 + Math.Abs(viaDense[i])), $"{what}[{i}]: {one[i]} vs dense {viaDense[i]}");
        }
    }
}
