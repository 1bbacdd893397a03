using System.Numerics.Tensors;
using Sprig.Kernels.Threading;

namespace Sprig.Kernels.Elementwise;

/// <summary>
/// Batch normalisation over [batch, channels, spatial] data, split over <see cref="KernelThreads.Count"/> threads by
/// channels when large: every channel's statistics and sums are computed by one thread in a fixed order, so results
/// do not depend on the thread count. The statistics are accumulated in double, one <c>TensorPrimitives</c> sum per
/// (image, channel) slice.
/// </summary>
public static unsafe class BatchNormalization
{
    /// <summary>
    /// Training mode: per channel, the batch mean and biased variance (two passes: x − mean first), then
    /// <c>xHat = (x − mean)·inverseStd</c> and <c>y = γ·xHat + β</c>. Writes <c>mean[c]</c>,
    /// <c>inverseStd[c] = 1/√(variance + ε)</c> and <c>unbiasedVariance[c]</c> for the running statistics.
    /// </summary>
    public static void ForwardTraining(
        ReadOnlySpan<float> x, int batch, int spatial, float epsilon, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> xHat, Span<float> y, Span<float> mean, Span<float> inverseStd, Span<float> unbiasedVariance) =>
        ForwardTraining(x, batch, spatial, epsilon, gamma, beta, xHat, y, mean, inverseStd, unbiasedVariance, KernelThreads.Count, ElementwiseSplit.MinChunkFloats);

    /// <summary>Evaluation mode: <c>xHat = (x − mean[c])·inverseStd[c]</c> and <c>y = γ·xHat + β</c> with given statistics.</summary>
    public static void ForwardInference(
        ReadOnlySpan<float> x, int batch, int spatial, ReadOnlySpan<float> mean, ReadOnlySpan<float> inverseStd,
        ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> xHat, Span<float> y) =>
        ForwardInference(x, batch, spatial, mean, inverseStd, gamma, beta, xHat, y, KernelThreads.Count, ElementwiseSplit.MinChunkFloats);

    /// <summary>
    /// Adds <c>Σ dy·xHat</c> to <c>dGamma[c]</c> and <c>Σ dy</c> to <c>dBeta[c]</c>. Unless <paramref name="dx"/> is empty,
    /// writes <c>dx = γ·inverseStd·(dy − mean(dy) − xHat·mean(dy·xHat))</c> when the forward pass used batch statistics,
    /// else <c>dx = γ·inverseStd·dy</c> (the statistics were constants).
    /// </summary>
    public static void Backward(
        ReadOnlySpan<float> dy, ReadOnlySpan<float> xHat, int batch, int spatial, ReadOnlySpan<float> gamma, ReadOnlySpan<float> inverseStd,
        bool batchStatistics, Span<float> dGamma, Span<float> dBeta, Span<float> dx) =>
        Backward(dy, xHat, batch, spatial, gamma, inverseStd, batchStatistics, dGamma, dBeta, dx, KernelThreads.Count, ElementwiseSplit.MinChunkFloats);

    /// <summary>As the public overload, with an explicit split (tests).</summary>
    internal static void ForwardTraining(
        ReadOnlySpan<float> x, int batch, int spatial, float epsilon, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> xHat, Span<float> y, Span<float> mean, Span<float> inverseStd, Span<float> unbiasedVariance, int threads, long minChunkFloats)
    {
        int channels = CheckForward(x.Length, batch, spatial, gamma.Length, beta.Length, xHat.Length, y.Length, mean.Length, inverseStd.Length);
        ElementwiseChecks.SameLength(channels, unbiasedVariance.Length, nameof(unbiasedVariance));
        fixed (float* px = x)
        fixed (float* pGamma = gamma)
        fixed (float* pBeta = beta)
        fixed (float* pXHat = xHat)
        fixed (float* py = y)
        fixed (float* pMean = mean)
        fixed (float* pInverseStd = inverseStd)
        fixed (float* pVariance = unbiasedVariance)
        {
            var layout = new ChannelLayout(batch, channels, spatial);
            var kernel = new TrainingKernel(layout, px, pGamma, pBeta, pXHat, py, pMean, pInverseStd, pVariance, epsilon);
            ParallelRange<TrainingKernel>.Run(kernel, channels, (long)batch * spatial, threads, minChunkFloats);
        }
    }

    /// <summary>As the public overload, with an explicit split (tests).</summary>
    internal static void ForwardInference(
        ReadOnlySpan<float> x, int batch, int spatial, ReadOnlySpan<float> mean, ReadOnlySpan<float> inverseStd,
        ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> xHat, Span<float> y, int threads, long minChunkFloats)
    {
        int channels = CheckForward(x.Length, batch, spatial, gamma.Length, beta.Length, xHat.Length, y.Length, mean.Length, inverseStd.Length);
        fixed (float* px = x)
        fixed (float* pMean = mean)
        fixed (float* pInverseStd = inverseStd)
        fixed (float* pGamma = gamma)
        fixed (float* pBeta = beta)
        fixed (float* pXHat = xHat)
        fixed (float* py = y)
        {
            var layout = new ChannelLayout(batch, channels, spatial);
            var kernel = new InferenceKernel(layout, px, pMean, pInverseStd, pGamma, pBeta, pXHat, py);
            ParallelRange<InferenceKernel>.Run(kernel, channels, (long)batch * spatial, threads, minChunkFloats);
        }
    }

    /// <summary>As the public overload, with an explicit split (tests).</summary>
    internal static void Backward(
        ReadOnlySpan<float> dy, ReadOnlySpan<float> xHat, int batch, int spatial, ReadOnlySpan<float> gamma, ReadOnlySpan<float> inverseStd,
        bool batchStatistics, Span<float> dGamma, Span<float> dBeta, Span<float> dx, int threads, long minChunkFloats)
    {
        int channels = CheckShape(xHat.Length, batch, spatial, gamma.Length, inverseStd.Length);
        ElementwiseChecks.SameLength(xHat.Length, dy.Length, nameof(dy));
        ElementwiseChecks.SameLength(channels, dGamma.Length, nameof(dGamma));
        ElementwiseChecks.SameLength(channels, dBeta.Length, nameof(dBeta));
        if (!dx.IsEmpty)
        {
            ElementwiseChecks.SameLength(xHat.Length, dx.Length, nameof(dx));
        }

        fixed (float* pdy = dy)
        fixed (float* pXHat = xHat)
        fixed (float* pGamma = gamma)
        fixed (float* pInverseStd = inverseStd)
        fixed (float* pdGamma = dGamma)
        fixed (float* pdBeta = dBeta)
        fixed (float* pdx = dx)
        {
            var layout = new ChannelLayout(batch, channels, spatial);
            var kernel = new BackwardKernel(layout, pdy, pXHat, pGamma, pInverseStd, batchStatistics, pdGamma, pdBeta, dx.IsEmpty ? null : pdx);
            ParallelRange<BackwardKernel>.Run(kernel, channels, (long)batch * spatial, threads, minChunkFloats);
        }
    }

    /// <summary>The checks both forward modes share; returns the channel count.</summary>
    private static int CheckForward(int length, int batch, int spatial, int channels, int betaLength, int xHatLength, int yLength, int meanLength, int inverseStdLength)
    {
        CheckShape(length, batch, spatial, channels, betaLength);
        ElementwiseChecks.SameLength(length, xHatLength, "xHat");
        ElementwiseChecks.SameLength(length, yLength, "y");
        ElementwiseChecks.SameLength(channels, meanLength, "mean");
        ElementwiseChecks.SameLength(channels, inverseStdLength, "inverseStd");
        return channels;
    }

    /// <summary>Checks that the data holds whole [batch, channels, spatial] blocks and returns the channel count.</summary>
    private static int CheckShape(int length, int batch, int spatial, int channels, int otherChannels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        ArgumentOutOfRangeException.ThrowIfNegative(spatial);
        ElementwiseChecks.SameLength(channels, otherChannels, "per-channel operands");
        ElementwiseChecks.SameLength((int)Math.Min(int.MaxValue, (long)batch * channels * spatial), length, "data");
        return channels;
    }

    /// <summary>Where the (image, channel) slices of [batch, channels, spatial] data start.</summary>
    private readonly struct ChannelLayout(int batch, int channels, int spatial)
    {
        public int Batch => batch;

        public int Spatial => spatial;

        public int Count => batch * spatial;

        public nint Offset(int n, int c) => (((nint)n * channels) + c) * spatial;
    }

    private readonly struct TrainingKernel(
        ChannelLayout layout, float* x, float* gamma, float* beta, float* xHat, float* y, float* mean, float* inverseStd, float* unbiasedVariance,
        float epsilon) : IRangeKernel
    {
        public void Run(int start, int end)
        {
            int spatial = layout.Spatial;
            for (int c = start; c < end; c++)
            {
                double sum = 0;
                for (int n = 0; n < layout.Batch; n++)
                {
                    sum += TensorPrimitives.Sum(new ReadOnlySpan<float>(x + layout.Offset(n, c), spatial));
                }

                float channelMean = (float)(sum / layout.Count);

                // Two passes (x − mean first) keep the variance accurate when the mean is large.
                double squares = 0;
                for (int n = 0; n < layout.Batch; n++)
                {
                    var centred = new Span<float>(xHat + layout.Offset(n, c), spatial);
                    TensorPrimitives.Subtract(new ReadOnlySpan<float>(x + layout.Offset(n, c), spatial), channelMean, centred);
                    squares += TensorPrimitives.SumOfSquares(centred);
                }

                float scale = (float)(1.0 / Math.Sqrt((squares / layout.Count) + epsilon));
                for (int n = 0; n < layout.Batch; n++)
                {
                    var normalized = new Span<float>(xHat + layout.Offset(n, c), spatial);
                    TensorPrimitives.Multiply(normalized, scale, normalized);
                    ScaleAndShift(normalized, gamma[c], beta[c], new Span<float>(y + layout.Offset(n, c), spatial));
                }

                mean[c] = channelMean;
                inverseStd[c] = scale;
                unbiasedVariance[c] = (float)(squares / (layout.Count - 1));
            }
        }
    }

    private readonly struct InferenceKernel(
        ChannelLayout layout, float* x, float* mean, float* inverseStd, float* gamma, float* beta, float* xHat, float* y) : IRangeKernel
    {
        public void Run(int start, int end)
        {
            int spatial = layout.Spatial;
            for (int c = start; c < end; c++)
            {
                for (int n = 0; n < layout.Batch; n++)
                {
                    var normalized = new Span<float>(xHat + layout.Offset(n, c), spatial);
                    TensorPrimitives.Subtract(new ReadOnlySpan<float>(x + layout.Offset(n, c), spatial), mean[c], normalized);
                    TensorPrimitives.Multiply(normalized, inverseStd[c], normalized);
                    ScaleAndShift(normalized, gamma[c], beta[c], new Span<float>(y + layout.Offset(n, c), spatial));
                }
            }
        }
    }

    private readonly struct BackwardKernel(
        ChannelLayout layout, float* dy, float* xHat, float* gamma, float* inverseStd, bool batchStatistics, float* dGamma, float* dBeta, float* dx)
        : IRangeKernel
    {
        public void Run(int start, int end)
        {
            int spatial = layout.Spatial;
            for (int c = start; c < end; c++)
            {
                double sumDy = 0;
                double sumDyXHat = 0;
                for (int n = 0; n < layout.Batch; n++)
                {
                    var dySlice = new ReadOnlySpan<float>(dy + layout.Offset(n, c), spatial);
                    sumDy += TensorPrimitives.Sum(dySlice);
                    sumDyXHat += TensorPrimitives.Dot(dySlice, new ReadOnlySpan<float>(xHat + layout.Offset(n, c), spatial));
                }

                dGamma[c] += (float)sumDyXHat;
                dBeta[c] += (float)sumDy;
                if (dx == null)
                {
                    continue;
                }

                // With batch statistics dx = γ/σ·(dy − mean(dy) − x̂·mean(dy·x̂)), because the statistics depend on x.
                float scale = gamma[c] * inverseStd[c];
                float meanDy = batchStatistics ? (float)(sumDy / layout.Count) : 0f;
                float meanDyXHat = batchStatistics ? (float)(sumDyXHat / layout.Count) : 0f;
                for (int n = 0; n < layout.Batch; n++)
                {
                    var dxSlice = new Span<float>(dx + layout.Offset(n, c), spatial);
                    TensorPrimitives.MultiplyAdd(
                        new ReadOnlySpan<float>(xHat + layout.Offset(n, c), spatial), -meanDyXHat, new ReadOnlySpan<float>(dy + layout.Offset(n, c), spatial), dxSlice);
                    TensorPrimitives.Add(dxSlice, -meanDy, dxSlice);
                    TensorPrimitives.Multiply(dxSlice, scale, dxSlice);
                }
            }
        }
    }

    /// <summary><c>y = xHat·γ + β</c> for one slice.</summary>
    private static void ScaleAndShift(ReadOnlySpan<float> xHat, float gamma, float beta, Span<float> y)
    {
        TensorPrimitives.Multiply(xHat, gamma, y);
        TensorPrimitives.Add(y, beta, y);
    }
}
