using Sprig.Kernels.Sparse;

namespace Sprig.Kernels.Tests.Sparse;

public class SparseLinearOperatorTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.999)]
    public void BackwardToEntries_AddsTheDenseGradientsValues_InTheMasksRowMajorOrder(double sparsity)
    {
        const int outFeatures = 37, inFeatures = 53, batch = 19;
        float[] mask = SparseTestData.Mask(outFeatures, inFeatures, sparsity, 3);
        CheckEntries(new SparseWeights(outFeatures, inFeatures, mask), mask, outFeatures, inFeatures, batch);
    }

    [Fact]
    public void BackwardToEntries_OnNmWeights_FollowsTheMasksRowMajorOrderToo()
    {
        const int outFeatures = 11, inFeatures = 24, batch = 9;
        float[] mask = SparseTestData.NmMask(outFeatures, inFeatures, 2, 4, 5);
        CheckEntries(new NmWeights(outFeatures, inFeatures, 2, 4, mask), mask, outFeatures, inFeatures, batch);
    }

    [Fact]
    public void BackwardToEntries_RejectsAGradientOfTheWrongLength()
    {
        float[] mask = [1, 0, 1, 1];
        var op = new SparseLinearOperator(2, 2, mask);
        op.SetWeights([1, 0, 2, 3]);
        op.Forward([1, 2], 1, new float[2]);
        Assert.Throws<ArgumentException>(() => op.BackwardToEntries([1, 1], new float[4], []));
    }

    private static void CheckEntries(ISparseWeights weights, float[] mask, int outFeatures, int inFeatures, int batch)
    {
        float[] weight = TestData.Uniform(mask.Length, 1);
        System.Numerics.Tensors.TensorPrimitives.Multiply(weight, mask, weight);
        float[] x = TestData.Uniform(batch * inFeatures, 2);
        float[] dy = TestData.Uniform(batch * outFeatures, 4);
        int[] active = Enumerable.Range(0, mask.Length).Where(i => mask[i] != 0f).ToArray();

        var op = new SparseLinearOperator(weights);
        op.SetWeights(weight);
        op.Forward(x, batch, new float[batch * outFeatures]);
        var dw = new float[mask.Length];
        var dxViaDense = new float[batch * inFeatures];
        op.Backward(dy, dw, dxViaDense);

        // Entries start non-zero: the kernel must add, as a second backward pass into the same gradient would.
        float[] start = TestData.Uniform(active.Length, 6);
        float[] entries = (float[])start.Clone();
        var dx = new float[batch * inFeatures];
        op.BackwardToEntries(dy, entries, dx);

        Assert.Equal(weights.EntryCount, entries.Length);
        Assert.Equal(dxViaDense, dx);
        for (int k = 0; k < active.Length; k++)
        {
            Assert.Equal(start[k] + dw[active[k]], entries[k], 5e-6f * (1 + Math.Abs(entries[k])));
        }
    }
}
