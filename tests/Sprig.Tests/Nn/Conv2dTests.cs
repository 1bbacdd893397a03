using Sprig.Kernels;
using Sprig.Nn;
using Sprig.Tensors;

namespace Sprig.Tests.Nn;

public class Conv2dTests
{
    [Theory]
    [InlineData(3, 4, 3, 1, 1, true, 7, 5)]
    [InlineData(2, 3, 3, 2, 0, true, 9, 8)]
    [InlineData(3, 5, 1, 1, 0, false, 5, 5)]
    [InlineData(2, 3, 1, 2, 0, true, 7, 7)]
    [InlineData(1, 2, 5, 1, 2, false, 6, 7)]
    [InlineData(2, 2, 3, 3, 1, true, 8, 7)]
    public void Backward_MatchesFiniteDifferences(int cin, int cout, int kernel, int stride, int padding, bool bias, int height, int width)
    {
        var rng = new Rng(11);
        var conv = new Conv2d(cin, cout, kernel, rng, stride, padding, bias);
        GradientCheck.Verify(conv, GradientCheck.Random(rng, 2, cin, height, width), seed: 5);
    }

    [Fact]
    public void Backward_MatchesFiniteDifferences_AcrossImageChunks()
    {
        // 23×23 outputs = 529 columns per image, so a GEMM takes 3 images: chunks of 3 and 2.
        var rng = new Rng(12);
        var conv = new Conv2d(2, 3, 3, rng, padding: 1);
        GradientCheck.Verify(conv, GradientCheck.Random(rng, 5, 2, 23, 23), seed: 6, samples: 40);
    }

    [Theory]
    [InlineData(8, 5, 1, true, 9, 8)]
    [InlineData(9, 3, 0, false, 10, 11)]
    [InlineData(8, 2, 2, true, 6, 7)]
    public void Backward_MatchesFiniteDifferences_OnWinogradShapes(int cin, int cout, int padding, bool bias, int height, int width)
    {
        var rng = new Rng(13);
        var conv = new Conv2d(cin, cout, 3, rng, padding: padding, bias: bias);
        GradientCheck.Verify(conv, GradientCheck.Random(rng, 2, cin, height, width), seed: 7);
    }

    [Fact]
    public void WinogradShape_IsIdenticalOnOneAndTwoKernelThreads()
    {
        // Large enough that the Winograd kernel splits its tile blocks over two threads.
        (float[] Output, float[] InputGradient, float[] WeightGradient) Run(int threads)
        {
            int saved = KernelThreads.Count;
            KernelThreads.Count = threads;
            try
            {
                var rng = new Rng(14);
                var conv = new Conv2d(16, 16, 3, rng, padding: 1);
                Tensor input = GradientCheck.Random(rng, 8, 16, 24, 24);
                float[] output = (float[])conv.Forward(input).Data.Clone();
                float[] inputGradient = (float[])conv.Backward(GradientCheck.Random(rng, 8, 16, 24, 24)).Data.Clone();
                return (output, inputGradient, (float[])conv.Weight.Grad.Data.Clone());
            }
            finally
            {
                KernelThreads.Count = saved;
            }
        }

        var one = Run(1);
        var two = Run(2);
        Assert.Equal(one.Output, two.Output);
        Assert.Equal(one.InputGradient, two.InputGradient);
        Assert.Equal(one.WeightGradient, two.WeightGradient);
    }

    [Fact]
    public void ForwardAndBackward_MatchPyTorch()
    {
        var conv = new Conv2d(ConvGoldenData.InChannels, ConvGoldenData.OutChannels, ConvGoldenData.Kernel, new Rng(1),
            ConvGoldenData.Stride, ConvGoldenData.Padding);
        ConvGoldenData.Weight.CopyTo(conv.Weight.Value.Data, 0);
        ConvGoldenData.Bias.CopyTo(conv.Bias!.Value.Data, 0);
        var input = new Tensor((float[])ConvGoldenData.Input.Clone(),
            ConvGoldenData.Batch, ConvGoldenData.InChannels, ConvGoldenData.Height, ConvGoldenData.Width);

        Tensor output = conv.Forward(input);
        AssertClose(ConvGoldenData.Output, output.Data);
        int[] outputShape = output.ShapeArray();
        Tensor inputGradient = conv.Backward(new Tensor((float[])ConvGoldenData.OutputGradient.Clone(), outputShape));

        AssertClose(ConvGoldenData.InputGradient, inputGradient.Data);
        AssertClose(ConvGoldenData.WeightGradient, conv.Weight.Grad.Data);
        AssertClose(ConvGoldenData.BiasGradient, conv.Bias.Grad.Data);
    }

    [Fact]
    public void Backward_WithoutInputGradient_StillAccumulatesWeightGradient()
    {
        var rng = new Rng(3);
        var conv = new Conv2d(2, 3, 3, rng, padding: 1);
        Tensor input = GradientCheck.Random(rng, 2, 2, 5, 5);
        var outputGradient = GradientCheck.Random(rng, 2, 3, 5, 5);
        conv.Forward(input);
        conv.Backward(outputGradient);
        float[] once = (float[])conv.Weight.Grad.Data.Clone();

        conv.NeedsInputGradient = false;
        conv.Forward(input);
        Tensor skipped = conv.Backward(outputGradient);

        Assert.Equal(0, skipped.Length);
        for (int i = 0; i < once.Length; i++)
        {
            Assert.Equal(2 * once[i], conv.Weight.Grad.Data[i], 4);
        }
    }

    [Fact]
    public void Forward_WrongChannels_ThrowsOneLineError()
    {
        var conv = new Conv2d(3, 4, 3, new Rng(1));
        var error = Assert.Throws<SprigException>(() => conv.Forward(new Tensor(1, 2, 5, 5)));
        Assert.Contains("[N, 3, H, W]", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f + (1e-5f * Math.Abs(expected[i])), $"[{i}]: expected {expected[i]}, got {actual[i]}");
        }
    }
}
