using Sprig.Kernels.Sparse;

namespace Sprig.Kernels.Tests.Sparse;

/// <summary>Seeded random sparse matrices.</summary>
internal static class SparseTestData
{
    /// <summary>Sparsities from dense to 99.9%.</summary>
    public static readonly double[] Sparsities = [0, 0.5, 0.9, 0.99, 0.999];

    /// <summary>(rows, columns, batch): empty, tiny, odd, tails of every vector width, large enough to use 2 threads.</summary>
    public static readonly (int Rows, int Columns, int Batch)[] Shapes =
    [
        (0, 5, 3), (4, 0, 3), (3, 4, 0), (1, 1, 1), (7, 7, 7), (33, 17, 1), (17, 33, 31), (257, 33, 7), (13, 257, 33), (257, 130, 65),
    ];

    /// <summary>A rows×columns 0/1 mask with about <paramref name="sparsity"/> zeros.</summary>
    public static float[] Mask(int rows, int columns, double sparsity, int seed)
    {
        var random = new Random(seed);
        var mask = new float[rows * columns];
        for (int i = 0; i < mask.Length; i++)
        {
            mask[i] = random.NextDouble() >= sparsity ? 1f : 0f;
        }

        return mask;
    }

    /// <summary>A random pattern with its values and the equal dense matrix (zeros off the pattern).</summary>
    public static (SparseRowPattern Pattern, float[] Values, float[] Dense) Matrix(int rows, int columns, double sparsity, int seed)
    {
        float[] mask = Mask(rows, columns, sparsity, seed);
        float[] dense = TestData.Uniform(rows * columns, seed + 1);
        System.Numerics.Tensors.TensorPrimitives.Multiply(dense, mask, dense);
        SparseRowPattern pattern = SparseRowPattern.FromMask(rows, columns, mask);
        var values = new float[pattern.Count];
        pattern.Gather(dense, values);
        return (pattern, values, dense);
    }

    /// <summary>
    /// Runs <paramref name="kernel"/> (given the output and a thread count) on copies of <paramref name="initial"/> with 1
    /// and 2 threads and checks the result against the scalar twin, against the dense product, and across thread counts.
    /// </summary>
    public static void CheckKernel(Action<float[], int> kernel, float[] initial, float[] twin, float[] viaDense, float[] bound, int k, string what)
    {
        float[] one = (float[])initial.Clone();
        kernel(one, 1);
        float[] two = (float[])initial.Clone();
        kernel(two, 2);
        AssertClose(twin, one, bound, k, what + " vs twin");
        AssertClose(viaDense, one, bound, k, what + " vs dense");
        Assert.True(one.AsSpan().SequenceEqual(two), $"1 and 2 threads differ: {what}");
    }

    /// <summary>Asserts |actual − expected| ≤ 1e-6·(k+2)·bound element-wise (bound = the product of absolute values).</summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, ReadOnlySpan<float> bound, int k, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double tolerance = (1e-6 * (k + 2) * bound[i]) + 1e-30;
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"{what}: element {i} is {actual[i]}, expected {expected[i]}");
        }
    }

    /// <summary>A [rows, columns] mask with exactly <paramref name="n"/> random ones in every group of <paramref name="m"/>.</summary>
    public static float[] NmMask(int rows, int columns, int n, int m, int seed)
    {
        var random = new Random(seed);
        var mask = new float[rows * columns];
        int[] order = new int[m];
        for (int start = 0; start < mask.Length; start += m)
        {
            for (int i = 0; i < m; i++)
            {
                order[i] = i;
            }

            random.Shuffle(order);
            for (int k = 0; k < n; k++)
            {
                mask[start + order[k]] = 1f;
            }
        }

        return mask;
    }
}
