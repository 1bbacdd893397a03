using Sprig.Nn;
using Sprig.Tensors;

namespace Sprig.Tests.Nn;

public class PoolingTests
{
    [Theory]
    [InlineData(2, null, 6, 7)]
    [InlineData(3, 2, 7, 8)]
    [InlineData(2, 1, 5, 5)]
    public void MaxPool_BackwardMatchesFiniteDifferences(int kernel, int? stride, int height, int width)
    {
        var rng = new Rng(31);
        GradientCheck.Verify(new MaxPool2d(kernel, stride), DistinctValues(rng, 2, 3, height, width), seed: 4, step: 1e-3);
    }

    [Fact]
    public void MaxPool_PicksWindowMaxima()
    {
        var input = new Tensor([1f, 5f, 2f, 0f, 3f, 4f, 9f, 8f, 7f, 6f, -1f, -2f], 1, 1, 3, 4);

        Tensor output = new MaxPool2d(2).Forward(input);

        Assert.Equal([1, 1, 1, 2], output.ShapeArray());
        Assert.Equal([5f, 9f], output.Data);
    }

    [Theory]
    [InlineData(2, null, 6, 7)]
    [InlineData(3, 2, 7, 8)]
    public void AvgPool_BackwardMatchesFiniteDifferences(int kernel, int? stride, int height, int width)
    {
        var rng = new Rng(32);
        GradientCheck.Verify(new AvgPool2d(kernel, stride), GradientCheck.Random(rng, 2, 3, height, width), seed: 5);
    }

    [Fact]
    public void GlobalAvgPool_AveragesEachChannelAndBackpropagates()
    {
        var rng = new Rng(33);
        var pool = new GlobalAvgPool2d();
        Tensor output = pool.Forward(new Tensor([1f, 2f, 3f, 6f, -1f, -1f, -1f, -1f], 1, 2, 2, 2));

        Assert.Equal([1, 2, 1, 1], output.ShapeArray());
        Assert.Equal([3f, -1f], output.Data);
        GradientCheck.Verify(pool, GradientCheck.Random(rng, 3, 2, 3, 5), seed: 6);
    }

    [Fact]
    public void Pooling_TooSmallInput_ThrowsOneLineError()
    {
        var error = Assert.Throws<SprigException>(() => new MaxPool2d(3).Forward(new Tensor(1, 1, 2, 5)));
        Assert.Contains("does not fit", error.Message);
    }

    /// <summary>A random permutation of well-separated values, so no finite-difference step changes a window's maximum.</summary>
    private static Tensor DistinctValues(Rng rng, params int[] shape)
    {
        var tensor = new Tensor(shape);
        for (int i = 0; i < tensor.Length; i++)
        {
            tensor.Span[i] = 0.05f * (i - (tensor.Length / 2));
        }

        rng.Shuffle(tensor.Span);
        return tensor;
    }
}
