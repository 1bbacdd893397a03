using Sprig.Nn;
using Sprig.Tensors;

namespace Sprig.Tests.Nn;

public class BatchNormTests
{
    [Theory]
    [InlineData(5, 3, 1, 1)]
    [InlineData(3, 4, 5, 3)]
    [InlineData(2, 3, 1, 7)]
    public void BatchNorm2d_Train_BackwardMatchesFiniteDifferences(int batch, int channels, int height, int width)
    {
        var rng = new Rng(21);
        var norm = new BatchNorm2d(channels);
        RandomizeAffine(norm, rng);
        GradientCheck.Verify(norm, GradientCheck.Random(rng, batch, channels, height, width), seed: 8);
    }

    [Theory]
    [InlineData(7, 5)]
    [InlineData(3, 2, 5)]
    public void BatchNorm1d_Train_BackwardMatchesFiniteDifferences(params int[] shape)
    {
        var rng = new Rng(22);
        var norm = new BatchNorm1d(shape[1]);
        RandomizeAffine(norm, rng);
        GradientCheck.Verify(norm, GradientCheck.Random(rng, shape), seed: 9);
    }

    [Fact]
    public void Eval_BackwardMatchesFiniteDifferences()
    {
        var rng = new Rng(23);
        var norm = new BatchNorm2d(3);
        RandomizeAffine(norm, rng);
        norm.Forward(GradientCheck.Random(rng, 4, 3, 3, 3));
        norm.Eval();
        GradientCheck.Verify(norm, GradientCheck.Random(rng, 2, 3, 3, 2), seed: 10);
    }

    [Fact]
    public void Train_UpdatesRunningStatisticsLikePyTorch()
    {
        var norm = new BatchNorm1d(1);
        var input = new Tensor([1f, 2f, 3f, 6f], 4, 1);

        norm.Forward(input);

        // mean 3, biased variance 3.5, unbiased 14/3; r ← 0.9·r + 0.1·batch.
        Assert.Equal(0.3f, norm.RunningMean.Span[0], 6);
        Assert.Equal((0.9f * 1f) + (0.1f * 14f / 3f), norm.RunningVar.Span[0], 6);
        Assert.Equal(1f, norm.NumBatchesTracked.Span[0]);
        Assert.Equal((1f - 3f) / MathF.Sqrt(3.5f + 1e-5f), norm.Forward(input).Span[0], 5);
    }

    [Fact]
    public void Eval_NormalizesWithRunningStatistics()
    {
        var norm = new BatchNorm2d(2);
        norm.RunningMean.Span[0] = 1f;
        norm.RunningMean.Span[1] = -2f;
        norm.RunningVar.Span[0] = 4f;
        norm.RunningVar.Span[1] = 0.25f;
        norm.Weight.Value.Span[1] = 3f;
        norm.Bias.Value.Span[1] = 0.5f;
        norm.Eval();

        Tensor output = norm.Forward(new Tensor([5f, 5f, -1f, -3f], 1, 2, 1, 2));

        Assert.Equal(4f / MathF.Sqrt(4f + 1e-5f), output.Span[0], 5);
        Assert.Equal((3f * 1f / MathF.Sqrt(0.25f + 1e-5f)) + 0.5f, output.Span[2], 4);
        Assert.Equal((3f * -1f / MathF.Sqrt(0.25f + 1e-5f)) + 0.5f, output.Span[3], 4);
        Assert.Equal(0f, norm.NumBatchesTracked.Span[0]);
    }

    [Fact]
    public void StateDict_CarriesRunningStatisticsUnderPyTorchNames()
    {
        var state = new BatchNorm2d(4).StateDict();

        Assert.Equal(["bias", "num_batches_tracked", "running_mean", "running_var", "weight"], state.Keys.Order());
        Assert.All(new BatchNorm2d(4).Parameters(), p => Assert.False(p.Prunable));
    }

    [Fact]
    public void Train_WithOneValuePerChannel_ThrowsOneLineError()
    {
        var error = Assert.Throws<SprigException>(() => new BatchNorm1d(3).Forward(new Tensor(1, 3)));
        Assert.Contains("more than one value per channel", error.Message);
    }

    private static void RandomizeAffine(BatchNorm norm, Rng rng)
    {
        for (int c = 0; c < norm.Features; c++)
        {
            norm.Weight.Value.Span[c] = rng.Uniform(0.5f, 1.5f);
            norm.Bias.Value.Span[c] = rng.Uniform(-0.5f, 0.5f);
        }
    }
}
