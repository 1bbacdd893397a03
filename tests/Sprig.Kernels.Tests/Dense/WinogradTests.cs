using Sprig.Kernels.Dense;

namespace Sprig.Kernels.Tests.Dense;

public class WinogradTests
{
    /// <summary>
    /// (channels, outChannels, height, width, padding): every size in {1, 3, 7, 33} on every axis, with
    /// partial tiles on both edges, tile rows shorter and longer than a vector, rows wide enough for the shuffled
    /// (de)interleaves, and padding 0, 1 and 2.
    /// </summary>
    public static TheoryData<int, int, int, int, int> Shapes => new()
    {
        { 1, 1, 1, 1, 1 },
        { 1, 3, 3, 3, 0 },
        { 3, 1, 7, 3, 1 },
        { 3, 7, 3, 7, 1 },
        { 7, 3, 33, 7, 0 },
        { 7, 33, 7, 33, 1 },
        { 33, 7, 7, 7, 1 },
        { 33, 33, 3, 33, 2 },
        { 3, 33, 33, 1, 1 },
        { 1, 7, 33, 33, 1 },
        { 7, 1, 1, 33, 2 },
        { 33, 1, 33, 3, 0 },
        { 5, 4, 6, 33, 0 },
        { 3, 5, 9, 45, 1 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Convolve_MatchesIm2ColReference(int channels, int outChannels, int height, int width, int padding)
    {
        foreach (int batch in new[] { 1, 3 })
        {
            float[] input = TestData.Uniform(batch * channels * height * width, 1);
            float[] weight = TestData.Uniform(outChannels * channels * 9, 2);
            float[] bias = TestData.Uniform(outChannels, 3);
            float[] expected = ReferenceConvolve(input, batch, channels, height, width, padding, weight, outChannels, bias);
            float[] actual = TestData.Uniform(expected.Length, 4); // stale contents must be overwritten
            var filter = new float[Winograd.TransformedFilterLength(outChannels, channels)];
            Winograd.TransformFilter(weight, outChannels, channels, adjoint: false, filter);
            Winograd.Convolve(input, batch, channels, height, width, padding, filter, outChannels, bias, actual);
            AssertClose(expected, actual, channels);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Convolve_WithAdjointFilter_GivesTheInputGradient(int channels, int outChannels, int height, int width, int padding)
    {
        const int batch = 3;
        int outH = height + (2 * padding) - 2;
        int outW = width + (2 * padding) - 2;
        float[] outputGradient = TestData.Uniform(batch * outChannels * outH * outW, 5);
        float[] weight = TestData.Uniform(outChannels * channels * 9, 6);
        float[] expected = ReferenceInputGradient(outputGradient, batch, channels, height, width, padding, weight, outChannels);
        var actual = new float[expected.Length];
        var filter = new float[Winograd.TransformedFilterLength(channels, outChannels)];
        Winograd.TransformFilter(weight, outChannels, channels, adjoint: true, filter);
        Winograd.Convolve(outputGradient, batch, outChannels, outH, outW, 2 - padding, filter, channels, [], actual);
        AssertClose(expected, actual, outChannels);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void AddWeightGradient_MatchesIm2ColReference(int channels, int outChannels, int height, int width, int padding)
    {
        const int batch = 3;
        int outH = height + (2 * padding) - 2;
        int outW = width + (2 * padding) - 2;
        float[] input = TestData.Uniform(batch * channels * height * width, 10);
        float[] outputGradient = TestData.Uniform(batch * outChannels * outH * outW, 11);
        float[] start = TestData.Uniform(outChannels * channels * 9, 12);
        float[] expected = ReferenceWeightGradient(input, batch, channels, height, width, padding, outputGradient, outChannels, start);
        float[] actual = (float[])start.Clone();
        Winograd.AddWeightGradient(input, batch, channels, height, width, padding, outputGradient, outChannels, actual);
        AssertClose(expected, actual, batch * outH * outW / 9);
    }

    [Fact]
    public void AddWeightGradient_LargeEnoughToSplitOverThreads_IsIdenticalOnOneAndTwoThreads_AndMatchesReference()
    {
        const int batch = 6, channels = 8, outChannels = 12, size = 30, padding = 1;
        float[] input = TestData.Uniform(batch * channels * size * size, 13);
        float[] outputGradient = TestData.Uniform(batch * outChannels * size * size, 14);
        var zero = new float[outChannels * channels * 9];
        float[] expected = ReferenceWeightGradient(input, batch, channels, size, size, padding, outputGradient, outChannels, zero);
        var one = new float[zero.Length];
        var two = new float[zero.Length];
        Winograd.AddWeightGradient(input, batch, channels, size, size, padding, outputGradient, outChannels, one, threads: 1);
        Winograd.AddWeightGradient(input, batch, channels, size, size, padding, outputGradient, outChannels, two, threads: 2);
        Assert.True(one.AsSpan().SequenceEqual(two), "1 and 2 threads differ");
        AssertClose(expected, one, batch * size * size / 9);
    }

    [Fact]
    public void Convolve_LargeEnoughToSplitOverThreads_IsIdenticalOnOneAndTwoThreads_AndMatchesReference()
    {
        const int batch = 5, channels = 16, outChannels = 12, size = 30, padding = 1;
        float[] input = TestData.Uniform(batch * channels * size * size, 7);
        float[] weight = TestData.Uniform(outChannels * channels * 9, 8);
        float[] expected = ReferenceConvolve(input, batch, channels, size, size, padding, weight, outChannels, []);
        var filter = new float[Winograd.TransformedFilterLength(outChannels, channels)];
        Winograd.TransformFilter(weight, outChannels, channels, adjoint: false, filter);
        var one = new float[expected.Length];
        var two = new float[expected.Length];
        Winograd.Convolve(input, batch, channels, size, size, padding, filter, outChannels, [], one, threads: 1);
        Winograd.Convolve(input, batch, channels, size, size, padding, filter, outChannels, [], two, threads: 2);
        Assert.True(one.AsSpan().SequenceEqual(two), "1 and 2 threads differ");
        AssertClose(expected, one, channels);
    }

    [Fact]
    public void Convolve_WithNoInputChannels_WritesTheBias()
    {
        float[] output = TestData.Uniform(2 * 3 * 4, 9);
        Winograd.Convolve([], 1, 0, 3, 4, 1, [], 2, [1, 2], output);
        Assert.Equal([.. Enumerable.Repeat(1f, 12), .. Enumerable.Repeat(2f, 12)], output);
    }

    [Fact]
    public void Convolve_TooSmallBuffers_Throw()
    {
        var filter = new float[Winograd.TransformedFilterLength(2, 2)];
        Assert.Throws<ArgumentException>(() => Winograd.Convolve(new float[2 * 5 * 5], 1, 2, 5, 5, 0, filter, 2, [], new float[17]));
        Assert.Throws<ArgumentException>(() => Winograd.Convolve(new float[2 * 2 * 2], 1, 2, 2, 2, 0, filter, 2, [], new float[8]));
    }

    /// <summary>Errors grow with the terms·9 of each sum and the transforms' gains (up to 8·8 on a point).</summary>
    private static void AssertClose(float[] expected, float[] actual, int terms)
    {
        float tolerance = 2e-6f * Math.Max(1, terms) * 9;
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"element {i}: expected {expected[i]}, got {actual[i]} (tolerance {tolerance})");
        }
    }

    private static float[] ReferenceConvolve(
        float[] input, int batch, int channels, int height, int width, int padding, float[] weight, int outChannels, float[] bias)
    {
        int outH = height + (2 * padding) - 2;
        int outW = width + (2 * padding) - 2;
        int positions = outH * outW;
        var columns = new float[channels * 9 * batch * positions];
        Im2ColReference.UnfoldBatch(input, batch, channels, height, width, 3, 3, 1, padding, columns);
        var product = new float[outChannels * batch * positions];
        GemmReference.Multiply(Transpose.No, Transpose.No, outChannels, batch * positions, channels * 9,
            weight, channels * 9, columns, batch * positions, product, batch * positions);
        var output = new float[batch * outChannels * positions];
        for (int n = 0; n < batch; n++)
        {
            for (int k = 0; k < outChannels; k++)
            {
                for (int p = 0; p < positions; p++)
                {
                    output[(((n * outChannels) + k) * positions) + p] = product[(k * batch * positions) + (n * positions) + p] + (bias.Length == 0 ? 0f : bias[k]);
                }
            }
        }

        return output;
    }

    private static float[] ReferenceWeightGradient(
        float[] input, int batch, int channels, int height, int width, int padding, float[] outputGradient, int outChannels, float[] start)
    {
        int positions = (height + (2 * padding) - 2) * (width + (2 * padding) - 2);
        var columns = new float[channels * 9 * batch * positions];
        Im2ColReference.UnfoldBatch(input, batch, channels, height, width, 3, 3, 1, padding, columns);
        float[] dy = Gather(outputGradient, batch, outChannels, positions);
        float[] weightGradient = (float[])start.Clone();
        GemmReference.Multiply(Transpose.No, Transpose.Yes, outChannels, channels * 9, batch * positions,
            dy, batch * positions, columns, batch * positions, weightGradient, channels * 9, accumulate: true);
        return weightGradient;
    }

    /// <summary>[N][K][positions] → [K][N·positions], the layout of the im2col products.</summary>
    private static float[] Gather(float[] planes, int batch, int channels, int positions)
    {
        var gathered = new float[channels * batch * positions];
        for (int n = 0; n < batch; n++)
        {
            for (int k = 0; k < channels; k++)
            {
                Array.Copy(planes, ((n * channels) + k) * positions, gathered, (k * batch * positions) + (n * positions), positions);
            }
        }

        return gathered;
    }

    private static float[] ReferenceInputGradient(
        float[] outputGradient, int batch, int channels, int height, int width, int padding, float[] weight, int outChannels)
    {
        int positions = (height + (2 * padding) - 2) * (width + (2 * padding) - 2);
        float[] dy = Gather(outputGradient, batch, outChannels, positions);

        var columns = new float[channels * 9 * batch * positions];
        GemmReference.Multiply(Transpose.Yes, Transpose.No, channels * 9, batch * positions, outChannels,
            weight, channels * 9, dy, batch * positions, columns, batch * positions);
        var inputGradient = new float[batch * channels * height * width];
        Im2ColReference.FoldAddBatch(columns, batch, channels, height, width, 3, 3, 1, padding, inputGradient);
        return inputGradient;
    }
}
