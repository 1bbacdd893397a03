namespace Sprig.Kernels.Elementwise;

/// <summary>
/// Scalar reference for <see cref="BatchNormalization"/>: the test oracle, element by element with double sums (the
/// kernel sums slices with SIMD, so the two agree to rounding, not bit for bit).
/// </summary>
public static class BatchNormalizationReference
{
    /// <summary>Same contract as <see cref="BatchNormalization.ForwardTraining(ReadOnlySpan{float}, int, int, float, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float}, Span{float}, Span{float}, Span{float})"/>.</summary>
    public static void ForwardTraining(
        ReadOnlySpan<float> x, int batch, int spatial, float epsilon, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> xHat, Span<float> y, Span<float> mean, Span<float> inverseStd, Span<float> unbiasedVariance)
    {
        int channels = gamma.Length;
        int count = batch * spatial;
        for (int c = 0; c < channels; c++)
        {
            double sum = 0;
            for (int n = 0; n < batch; n++)
            {
                for (int s = 0; s < spatial; s++)
                {
                    sum += x[(((n * channels) + c) * spatial) + s];
                }
            }

            mean[c] = (float)(sum / count);
            double squares = 0;
            for (int n = 0; n < batch; n++)
            {
                for (int s = 0; s < spatial; s++)
                {
                    double d = x[(((n * channels) + c) * spatial) + s] - mean[c];
                    squares += d * d;
                }
            }

            inverseStd[c] = (float)(1.0 / Math.Sqrt((squares / count) + epsilon));
            unbiasedVariance[c] = (float)(squares / (count - 1));
        }

        ForwardInference(x, batch, spatial, mean, inverseStd, gamma, beta, xHat, y);
    }

    /// <summary>Same contract as <see cref="BatchNormalization.ForwardInference(ReadOnlySpan{float}, int, int, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, Span{float})"/>.</summary>
    public static void ForwardInference(
        ReadOnlySpan<float> x, int batch, int spatial, ReadOnlySpan<float> mean, ReadOnlySpan<float> inverseStd,
        ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> xHat, Span<float> y)
    {
        int channels = gamma.Length;
        for (int i = 0; i < x.Length; i++)
        {
            int c = spatial == 0 ? 0 : i / spatial % channels;
            xHat[i] = (x[i] - mean[c]) * inverseStd[c];
            y[i] = (xHat[i] * gamma[c]) + beta[c];
        }
    }

    /// <summary>Same contract as <see cref="BatchNormalization.Backward(ReadOnlySpan{float}, ReadOnlySpan{float}, int, int, ReadOnlySpan{float}, ReadOnlySpan{float}, bool, Span{float}, Span{float}, Span{float})"/>.</summary>
    public static void Backward(
        ReadOnlySpan<float> dy, ReadOnlySpan<float> xHat, int batch, int spatial, ReadOnlySpan<float> gamma, ReadOnlySpan<float> inverseStd,
        bool batchStatistics, Span<float> dGamma, Span<float> dBeta, Span<float> dx)
    {
        int channels = gamma.Length;
        int count = batch * spatial;
        var sumDy = new double[channels];
        var sumDyXHat = new double[channels];
        for (int i = 0; i < dy.Length; i++)
        {
            int c = i / spatial % channels;
            sumDy[c] += dy[i];
            sumDyXHat[c] += (double)dy[i] * xHat[i];
        }

        for (int c = 0; c < channels; c++)
        {
            dGamma[c] += (float)sumDyXHat[c];
            dBeta[c] += (float)sumDy[c];
        }

        for (int i = 0; i < dx.Length; i++)
        {
            int c = i / spatial % channels;
            double meanDy = batchStatistics ? sumDy[c] / count : 0;
            double meanDyXHat = batchStatistics ? sumDyXHat[c] / count : 0;
            dx[i] = (float)(gamma[c] * inverseStd[c] * (dy[i] - meanDy - (xHat[i] * meanDyXHat)));
        }
    }
}
