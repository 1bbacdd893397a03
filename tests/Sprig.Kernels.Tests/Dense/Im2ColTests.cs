using Sprig.Kernels.Dense;

namespace Sprig.Kernels.Tests.Dense;

public class Im2ColTests
{
    /// <summary>(channels, height, width, kernelH, kernelW, stride, padding).</summary>
    public static TheoryData<int, int, int, int, int, int, int> Geometries => new()
    {
        { 1, 1, 1, 1, 1, 1, 0 },
        { 3, 7, 7, 3, 3, 1, 1 },
        { 2, 8, 5, 3, 2, 2, 1 },
        { 4, 9, 11, 5, 5, 1, 2 },
        { 2, 13, 6, 3, 3, 3, 2 },
        { 1, 4, 4, 5, 5, 1, 2 },
        { 3, 33, 17, 4, 3, 2, 0 },
        { 2, 14, 14, 3, 3, 1, 1 },
        { 3, 1, 9, 3, 3, 1, 1 },
        { 2, 6, 2, 5, 5, 1, 2 },
        { 1, 5, 1, 7, 7, 1, 3 },
        { 2, 7, 13, 1, 1, 1, 0 },
        { 3, 9, 7, 3, 5, 1, 2 },
        { 2, 6, 20, 3, 3, 1, 0 },
        { 1, 7, 28, 5, 5, 1, 0 },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Unfold_And_FoldAdd_MatchReference(int channels, int height, int width, int kernelH, int kernelW, int stride, int padding)
    {
        int columnsLength = ColumnsLength(1, channels, height, width, kernelH, kernelW, stride, padding);
        float[] image = TestData.Uniform(channels * height * width, 1);
        var expected = new float[columnsLength];
        float[] actual = TestData.Uniform(columnsLength, 2); // stale contents must be overwritten
        Im2ColReference.Unfold(image, channels, height, width, kernelH, kernelW, stride, padding, expected);
        Im2Col.Unfold(image, channels, height, width, kernelH, kernelW, stride, padding, actual);
        Assert.Equal(expected, actual);

        float[] columns = TestData.Uniform(columnsLength, 3);
        float[] foldExpected = TestData.Uniform(image.Length, 4);
        float[] foldActual = (float[])foldExpected.Clone();
        Im2ColReference.FoldAdd(columns, channels, height, width, kernelH, kernelW, stride, padding, foldExpected);
        Im2Col.FoldAdd(columns, channels, height, width, kernelH, kernelW, stride, padding, foldActual);
        Assert.Equal(foldExpected, foldActual);
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void UnfoldBatch_And_FoldAddBatch_MatchReference(int channels, int height, int width, int kernelH, int kernelW, int stride, int padding)
    {
        const int batch = 3;
        int columnsLength = ColumnsLength(batch, channels, height, width, kernelH, kernelW, stride, padding);
        float[] images = TestData.Uniform(batch * channels * height * width, 5);
        var expected = new float[columnsLength];
        float[] actual = TestData.Uniform(columnsLength, 6);
        Im2ColReference.UnfoldBatch(images, batch, channels, height, width, kernelH, kernelW, stride, padding, expected);
        Im2Col.UnfoldBatch(images, batch, channels, height, width, kernelH, kernelW, stride, padding, actual);
        Assert.Equal(expected, actual);

        float[] columns = TestData.Uniform(columnsLength, 7);
        float[] foldExpected = TestData.Uniform(images.Length, 8);
        float[] foldActual = (float[])foldExpected.Clone();
        Im2ColReference.FoldAddBatch(columns, batch, channels, height, width, kernelH, kernelW, stride, padding, foldExpected);
        Im2Col.FoldAddBatch(columns, batch, channels, height, width, kernelH, kernelW, stride, padding, foldActual);
        Assert.Equal(foldExpected, foldActual);
    }

    [Fact]
    public void UnfoldBatch_And_FoldAddBatch_LargeEnoughToSplitOverThreads_MatchReference()
    {
        const int batch = 5, channels = 8, size = 30, kernel = 3, stride = 1, padding = 1;
        int columnsLength = ColumnsLength(batch, channels, size, size, kernel, kernel, stride, padding);
        float[] images = TestData.Uniform(batch * channels * size * size, 11);
        var expected = new float[columnsLength];
        var actual = new float[columnsLength];
        Im2ColReference.UnfoldBatch(images, batch, channels, size, size, kernel, kernel, stride, padding, expected);
        Im2Col.UnfoldBatch(images, batch, channels, size, size, kernel, kernel, stride, padding, actual);
        Assert.Equal(expected, actual);

        float[] foldExpected = TestData.Uniform(images.Length, 12);
        float[] foldActual = (float[])foldExpected.Clone();
        Im2ColReference.FoldAddBatch(expected, batch, channels, size, size, kernel, kernel, stride, padding, foldExpected);
        Im2Col.FoldAddBatch(expected, batch, channels, size, size, kernel, kernel, stride, padding, foldActual);
        Assert.Equal(foldExpected, foldActual);
    }

    [Fact]
    public void UnfoldBatch_WithNoChannelsOrImages_DoesNothing()
    {
        Im2Col.UnfoldBatch([], 0, 3, 4, 4, 3, 3, 1, 1, []);
        Im2Col.FoldAddBatch([], 2, 0, 4, 4, 3, 3, 1, 1, []);
    }

    [Fact]
    public void FoldAdd_IsTheAdjointOfUnfold()
    {
        // <Unfold(x), y> = <x, FoldAdd(y)> for any x, y.
        const int channels = 2, height = 6, width = 7, kernel = 3, stride = 2, padding = 1;
        int columnsLength = ColumnsLength(1, channels, height, width, kernel, kernel, stride, padding);
        float[] x = TestData.Uniform(channels * height * width, 9);
        float[] y = TestData.Uniform(columnsLength, 10);
        var unfolded = new float[columnsLength];
        var folded = new float[x.Length];
        Im2Col.Unfold(x, channels, height, width, kernel, kernel, stride, padding, unfolded);
        Im2Col.FoldAdd(y, channels, height, width, kernel, kernel, stride, padding, folded);
        double left = 0, right = 0;
        for (int i = 0; i < y.Length; i++)
        {
            left += (double)unfolded[i] * y[i];
        }

        for (int i = 0; i < x.Length; i++)
        {
            right += (double)x[i] * folded[i];
        }

        Assert.Equal(left, right, 4);
    }

    [Fact]
    public void Unfold_RejectsShortBuffers()
    {
        Assert.Throws<ArgumentException>(() => Im2Col.Unfold(new float[9], 1, 3, 3, 3, 3, 1, 1, new float[80]));
        Assert.Throws<ArgumentException>(() => Im2Col.Unfold(new float[8], 1, 3, 3, 3, 3, 1, 1, new float[81]));
    }

    private static int ColumnsLength(int batch, int channels, int height, int width, int kernelH, int kernelW, int stride, int padding) =>
        channels * kernelH * kernelW * batch
        * Im2Col.OutputSize(height, kernelH, stride, padding) * Im2Col.OutputSize(width, kernelW, stride, padding);
}
