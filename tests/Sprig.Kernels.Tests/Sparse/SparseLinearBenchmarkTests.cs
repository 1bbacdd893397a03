using Sprig.Kernels.Sparse;

namespace Sprig.Kernels.Tests.Sparse;

/// <summary>The benchmark's dense and sparse sides compute the same products, in both layouts, so its ratios compare like with like.</summary>
public class SparseLinearBenchmarkTests
{
    [Theory]
    [InlineData(37, 53, 32, 0.9, false, ActivationLayout.FeatureMajor)]
    [InlineData(37, 53, 32, 0.9, false, ActivationLayout.BatchMajor)]
    [InlineData(64, 48, 16, 0.5, true, ActivationLayout.FeatureMajor)]
    [InlineData(64, 48, 16, 0.5, true, ActivationLayout.BatchMajor)]
    [InlineData(100, 300, 128, 0.95, false, ActivationLayout.FeatureMajor)]
    [InlineData(100, 300, 128, 0.95, false, ActivationLayout.BatchMajor)]
    public void DenseAndSparseSides_Agree(int outFeatures, int inFeatures, int batch, double sparsity, bool twoOfFour, ActivationLayout layout)
    {
        var bench = new SparseLinearBenchmark(outFeatures, inFeatures, batch, sparsity, nm: twoOfFour ? (2, 4) : null, layout: layout);
        foreach (SparseLinearPass pass in new[] { SparseLinearPass.Forward, SparseLinearPass.BackwardInput })
        {
            bench.Run(pass, sparse: false);
            float[] dense = (pass == SparseLinearPass.Forward ? bench.Output : bench.InputGradient).ToArray();
            bench.Run(pass, sparse: true);
            float[] sparse = (pass == SparseLinearPass.Forward ? bench.Output : bench.InputGradient).ToArray();
            Assert.Equal(pass == SparseLinearPass.Forward ? outFeatures * batch : inFeatures * batch, dense.Length);
            Assert.Contains(dense, v => v != 0f);
            AssertClose(dense, sparse, pass.ToString());
        }

        Array.Clear(bench.DenseWeightGradient);
        Array.Clear(bench.SparseWeightGradient);
        bench.Run(SparseLinearPass.BackwardWeight, sparse: false);
        bench.Run(SparseLinearPass.BackwardWeight, sparse: true);
        AssertClose(AtMask(bench, bench.DenseWeightGradient), bench.SparseWeightGradient, "weight gradient");

        // A whole step: the dense side clears its gradient, the sparse side its entries.
        bench.Run(SparseLinearPass.Total, sparse: false);
        float[] y = bench.Output.ToArray(), dx = bench.InputGradient.ToArray(), dw = AtMask(bench, bench.DenseWeightGradient);
        bench.Run(SparseLinearPass.Total, sparse: true);
        AssertClose(y, bench.Output.ToArray(), "step output");
        AssertClose(dx, bench.InputGradient.ToArray(), "step input gradient");
        AssertClose(dw, bench.SparseWeightGradient, "step weight gradient");
    }

    /// <summary>The dense gradient at the mask's nonzeros, in row-major order (the sparse side's entry order).</summary>
    private static float[] AtMask(SparseLinearBenchmark bench, float[] dense)
    {
        ReadOnlySpan<float> mask = bench.Mask;
        var values = new List<float>();
        for (int i = 0; i < mask.Length; i++)
        {
            if (mask[i] != 0f)
            {
                values.Add(dense[i]);
            }
        }

        Assert.Equal(bench.SparseWeightGradient.Length, values.Count);
        return [.. values];
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4f * (1 + Math.Abs(expected[i])), $"{what}[{i}]: {expected[i]} against {actual[i]}");
        }
    }
}
