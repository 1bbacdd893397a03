using Sprig.Kernels.Sparse;

namespace Sprig.Kernels.Tests.Sparse;

public class SparseBackwardTests
{
    /// <summary>(rows, columns, batch) of W: empty and single features, odd sizes, batches of one and two 128-blocks.</summary>
    private static readonly (int Rows, int Columns, int Batch)[] Shapes =
    [
        (0, 5, 128), (4, 0, 128), (1, 1, 128), (7, 9, 128), (33, 17, 256), (17, 33, 128), (257, 130, 128), (130, 257, 256),
        (70, 3, 384),
    ];

    [Fact]
    public void BackwardToEntries_MatchesTheSeparateReferences_OnEveryTierAndBatch()
    {
        // Through SparseWeights, so the fused pass runs where it is available and the separate kernels elsewhere
        // (other SIMD tiers; the batches that are not multiples of 128).
        foreach ((int rows, int columns, int batch) in Shapes.Concat([(9, 13, 1), (33, 17, 31), (40, 70, 200)]))
        {
            foreach (double sparsity in SparseTestData.Sparsities)
            {
                string what = $"{rows}x{columns}x{batch} s={sparsity}";
                float[] mask = SparseTestData.Mask(rows, columns, sparsity, rows + (7 * columns));
                float[] w = TestData.Uniform(rows * columns, 3);
                var weights = new SparseWeights(rows, columns, mask);
                weights.SetWeights(w);
                float[] dyT = TestData.Uniform(rows * batch, 4);
                float[] xT = TestData.Uniform(columns * batch, 5);
                float[] entries = TestData.Uniform(weights.EntryCount, 6);
                float[] dxT = TestData.Uniform(columns * batch, 7);
                (float[] expectedEntries, float[] expectedDxT, float[] entryBound, float[] dxBound) = References(weights, w, dyT, xT, batch, entries);

                weights.BackwardToEntries(dyT, xT, batch, entries, dxT);

                SparseTestData.AssertClose(expectedEntries, entries, entryBound, batch, what + " dW");
                SparseTestData.AssertClose(expectedDxT, dxT, dxBound, Math.Max(1, rows), what + " dX");
            }
        }
    }

    [Fact]
    public void Multiply_GivesTheSpmmsInputGradientExactly_AndTheSameOnOneAndTwoThreads()
    {
        if (!SparseBackward.IsAvailable(128))
        {
            Assert.Throws<ArgumentException>(() => SparseBackward.Multiply(
                SparseRowPattern.FromMask(1, 1, [1f]).Transpose(), [1f], new float[128], new float[128], 128, new float[1], new float[128], 1));
            return;
        }

        foreach ((int rows, int columns, int batch) in Shapes)
        {
            foreach (double sparsity in SparseTestData.Sparsities)
            {
                string what = $"{rows}x{columns}x{batch} s={sparsity}";
                float[] mask = SparseTestData.Mask(rows, columns, sparsity, rows + (3 * columns));
                SparseRowPattern pattern = SparseRowPattern.FromMask(rows, columns, mask);
                SparseTranspose transpose = pattern.Transpose();
                float[] values = TestData.Uniform(pattern.Count, 8);
                var transposedValues = new float[pattern.Count];
                transpose.GatherValues(values, transposedValues);
                float[] dyT = TestData.Uniform(rows * batch, 9);
                float[] xT = TestData.Uniform(columns * batch, 10);
                float[] initial = TestData.Uniform(pattern.Count, 11);

                var spmm = new float[columns * batch];
                Spmm.Multiply(transpose.Pattern, transposedValues, dyT, batch, spmm, accumulate: false, threads: 1);
                var results = new List<(float[] Entries, float[] DxT)>();
                foreach (int threads in new[] { 1, 2, 3 })
                {
                    float[] entries = (float[])initial.Clone();
                    float[] dxT = TestData.Uniform(columns * batch, 12);
                    SparseBackward.Multiply(transpose, values, dyT, xT, batch, entries, dxT, threads);
                    results.Add((entries, dxT));
                }

                Assert.True(spmm.AsSpan().SequenceEqual(results[0].DxT), what + ": dX differs from the SpMM's");
                for (int t = 1; t < results.Count; t++)
                {
                    Assert.True(results[0].Entries.AsSpan().SequenceEqual(results[t].Entries), what + $": {t + 1} threads differ from one (dW)");
                    Assert.True(results[0].DxT.AsSpan().SequenceEqual(results[t].DxT), what + $": {t + 1} threads differ from one (dX)");
                }
            }
        }
    }

    [Fact]
    public void SparseWeights_MultiplyTransposed_UsesTheLatestWeights()
    {
        // The CSC copy's values are gathered lazily; new weights must reach every product that reads them.
        float[] mask = SparseTestData.Mask(9, 11, 0.5, 2);
        var weights = new SparseWeights(9, 11, mask);
        float[] b = TestData.Uniform(9 * 5, 3);
        foreach (int seed in new[] { 4, 5 })
        {
            float[] w = TestData.Uniform(9 * 11, seed);
            weights.SetWeights(w);
            var actual = new float[11 * 5];
            weights.MultiplyTransposed(b, 5, actual);
            var values = new float[weights.EntryCount];
            weights.Pattern.Gather(w, values);
            SparseTranspose transpose = weights.Pattern.Transpose();
            var transposedValues = new float[values.Length];
            transpose.GatherValues(values, transposedValues);
            var expected = new float[11 * 5];
            SparseReference.Spmm(transpose.Pattern, transposedValues, b, 5, expected);
            var bound = new float[expected.Length];
            SparseReference.Spmm(transpose.Pattern, TestData.Abs(transposedValues), TestData.Abs(b), 5, bound);
            SparseTestData.AssertClose(expected, actual, bound, 9, $"weights {seed}");
        }
    }

    [Fact]
    public void Multiply_RejectsOperandsOfTheWrongLength()
    {
        SparseTranspose transpose = SparseRowPattern.FromMask(2, 3, [1f, 0f, 1f, 0f, 1f, 1f]).Transpose();
        float[] values = new float[4], dyT = new float[2 * 128], xT = new float[3 * 128], entries = new float[4], dxT = new float[3 * 128];
        Assert.Throws<ArgumentException>(() => SparseBackward.Multiply(transpose, values, dyT, xT[1..], 128, entries, dxT, 1));
        Assert.Throws<ArgumentException>(() => SparseBackward.Multiply(transpose, values, dyT, xT, 128, entries[1..], dxT, 1));
        Assert.Throws<ArgumentException>(() => SparseBackward.Multiply(transpose, values, dyT[1..], xT, 128, entries, dxT, 1));
        Assert.Throws<ArgumentException>(() => SparseBackward.Multiply(transpose, values, dyT, xT, 128, entries, dxT[1..], 1));
        Assert.Throws<ArgumentException>(() => SparseBackward.Multiply(transpose, values[1..], dyT, xT, 128, entries, dxT, 1));
    }

    [Fact]
    public void Multiply_RejectsABatchItCannotRun() =>
        Assert.Throws<ArgumentException>(() => SparseBackward.Multiply(
            SparseRowPattern.FromMask(1, 1, [1f]).Transpose(), [1f], new float[100], new float[100], 100, new float[1], new float[100], 1));

    private static (float[] Entries, float[] DxT, float[] EntryBound, float[] DxBound) References(
        SparseWeights weights, float[] w, float[] dyT, float[] xT, int batch, float[] entries)
    {
        SparseRowPattern pattern = weights.Pattern;
        var values = new float[pattern.Count];
        pattern.Gather(w, values);
        float[] expectedEntries = (float[])entries.Clone();
        SparseReference.Sddmm(pattern, dyT, xT, batch, expectedEntries, accumulate: true);
        float[] entryBound = TestData.Abs(entries);
        SparseReference.Sddmm(pattern, TestData.Abs(dyT), TestData.Abs(xT), batch, entryBound, accumulate: true);

        SparseTranspose transpose = pattern.Transpose();
        var transposedValues = new float[pattern.Count];
        transpose.GatherValues(values, transposedValues);
        var expectedDxT = new float[pattern.Columns * batch];
        SparseReference.Spmm(transpose.Pattern, transposedValues, dyT, batch, expectedDxT);
        var dxBound = new float[expectedDxT.Length];
        SparseReference.Spmm(transpose.Pattern, TestData.Abs(transposedValues), TestData.Abs(dyT), batch, dxBound);
        return (expectedEntries, expectedDxT, entryBound, dxBound);
    }
}
