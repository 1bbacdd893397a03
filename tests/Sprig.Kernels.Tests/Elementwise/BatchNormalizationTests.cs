using Sprig.Kernels.Elementwise;

namespace Sprig.Kernels.Tests.Elementwise;

public class BatchNormalizationTests
{
    private const float Tolerance = 2e-5f;

    /// <summary>(batch, channels, spatial), including one above the production threshold.</summary>
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 2, 1, 1 },
        { 7, 3, 1 },
        { 3, 7, 33 },
        { 5, 33, 7 },
        { 2, 5, 257 },
        { 9, 16, 257 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_And_Backward_MatchReference_AndEverySplitGivesTheSameBits(int batch, int channels, int spatial)
    {
        int length = batch * channels * spatial;
        float[] x = Shifted(TestData.Uniform(length, 1), 3f);
        float[] gamma = TestData.Uniform(channels, 2);
        float[] beta = TestData.Uniform(channels, 3);
        float[] dy = TestData.Uniform(length, 4);
        var expected = new Outputs(length, channels);
        BatchNormalizationReference.ForwardTraining(x, batch, spatial, 1e-5f, gamma, beta, expected.XHat, expected.Y, expected.Mean, expected.InverseStd, expected.Variance);
        BatchNormalizationReference.Backward(dy, expected.XHat, batch, spatial, gamma, expected.InverseStd, true, expected.DGamma, expected.DBeta, expected.Dx);
        Outputs? first = null;
        foreach (var (threads, chunk) in Splits.All)
        {
            var actual = new Outputs(length, channels);
            BatchNormalization.ForwardTraining(x, batch, spatial, 1e-5f, gamma, beta, actual.XHat, actual.Y, actual.Mean, actual.InverseStd, actual.Variance, threads, chunk);
            BatchNormalization.Backward(dy, actual.XHat, batch, spatial, gamma, actual.InverseStd, true, actual.DGamma, actual.DBeta, actual.Dx, threads, chunk);
            actual.AssertClose(expected);
            first ??= actual;
            actual.AssertIdentical(first);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Inference_And_ItsBackward_MatchReference_OnEverySplit(int batch, int channels, int spatial)
    {
        int length = batch * channels * spatial;
        float[] x = TestData.Uniform(length, 5);
        float[] mean = TestData.Uniform(channels, 6);
        float[] inverseStd = Shifted(TestData.Abs(TestData.Uniform(channels, 7)), 0.5f);
        float[] gamma = TestData.Uniform(channels, 8);
        float[] beta = TestData.Uniform(channels, 9);
        float[] dy = TestData.Uniform(length, 10);
        var expected = new Outputs(length, channels);
        BatchNormalizationReference.ForwardInference(x, batch, spatial, mean, inverseStd, gamma, beta, expected.XHat, expected.Y);
        BatchNormalizationReference.Backward(dy, expected.XHat, batch, spatial, gamma, inverseStd, false, expected.DGamma, expected.DBeta, expected.Dx);
        foreach (var (threads, chunk) in Splits.All)
        {
            var actual = new Outputs(length, channels);
            BatchNormalization.ForwardInference(x, batch, spatial, mean, inverseStd, gamma, beta, actual.XHat, actual.Y, threads, chunk);
            BatchNormalization.Backward(dy, actual.XHat, batch, spatial, gamma, inverseStd, false, actual.DGamma, actual.DBeta, actual.Dx, threads, chunk);
            Assert.Equal(expected.XHat, actual.XHat);
            Assert.Equal(expected.Y, actual.Y);
            AssertClose(expected.DGamma, actual.DGamma);
            AssertClose(expected.DBeta, actual.DBeta);
            AssertClose(expected.Dx, actual.Dx);
        }
    }

    [Fact]
    public void Backward_WithoutAnInputGradient_StillAccumulatesTheParameterGradients()
    {
        float[] dy = TestData.Uniform(2 * 3 * 5, 11);
        float[] xHat = TestData.Uniform(dy.Length, 12);
        var dGamma = new float[3];
        var dBeta = new float[3];
        var expectedGamma = new float[3];
        var expectedBeta = new float[3];
        BatchNormalizationReference.Backward(dy, xHat, 2, 5, [1f, 1f, 1f], [1f, 1f, 1f], true, expectedGamma, expectedBeta, []);
        BatchNormalization.Backward(dy, xHat, 2, 5, [1f, 1f, 1f], [1f, 1f, 1f], true, dGamma, dBeta, []);
        AssertClose(expectedGamma, dGamma);
        AssertClose(expectedBeta, dBeta);
    }

    private static float[] Shifted(float[] values, float shift)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] += shift;
        }

        return values;
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance * Math.Max(1f, Math.Abs(expected[i])), $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    private sealed class Outputs(int length, int channels)
    {
        public float[] XHat { get; } = new float[length];

        public float[] Y { get; } = new float[length];

        public float[] Dx { get; } = new float[length];

        public float[] Mean { get; } = new float[channels];

        public float[] InverseStd { get; } = new float[channels];

        public float[] Variance { get; } = new float[channels];

        public float[] DGamma { get; } = new float[channels];

        public float[] DBeta { get; } = new float[channels];

        public void AssertClose(Outputs expected)
        {
            foreach (var (e, a) in Pairs(expected))
            {
                BatchNormalizationTests.AssertClose(e, a);
            }
        }

        public void AssertIdentical(Outputs other)
        {
            foreach (var (e, a) in Pairs(other))
            {
                Assert.Equal(e, a);
            }
        }

        private (float[] Expected, float[] Actual)[] Pairs(Outputs other) =>
        [
            (other.XHat, XHat), (other.Y, Y), (other.Dx, Dx), (other.Mean, Mean), (other.InverseStd, InverseStd),
            (other.Variance, Variance), (other.DGamma, DGamma), (other.DBeta, DBeta),
        ];
    }
}
