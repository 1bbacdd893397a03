namespace Sprig.Kernels.Elementwise;

/// <summary>Scalar reference for <see cref="MaxPool"/>: the test oracle, written from the definition.</summary>
public static class MaxPoolReference
{
    /// <summary>Same contract as <see cref="MaxPool.Forward(ReadOnlySpan{float}, int, int, int, int, int, Span{float}, Span{int})"/>.</summary>
    public static void Forward(ReadOnlySpan<float> x, int planes, int height, int width, int kernel, int stride, Span<float> y, Span<int> argMax)
    {
        int outH = MaxPool.OutputSize(height, kernel, stride);
        int outW = MaxPool.OutputSize(width, kernel, stride);
        for (int p = 0; p < planes; p++)
        {
            for (int oy = 0; oy < outH; oy++)
            {
                for (int ox = 0; ox < outW; ox++)
                {
                    int best = (((p * height) + (oy * stride)) * width) + (ox * stride);
                    for (int ky = 0; ky < kernel; ky++)
                    {
                        for (int kx = 0; kx < kernel; kx++)
                        {
                            int index = (((p * height) + (oy * stride) + ky) * width) + (ox * stride) + kx;
                            if (x[index] > x[best])
                            {
                                best = index;
                            }
                        }
                    }

                    int o = (((p * outH) + oy) * outW) + ox;
                    y[o] = x[best];
                    argMax[o] = best;
                }
            }
        }
    }

    /// <summary>Same contract as <see cref="MaxPool.Backward(ReadOnlySpan{float}, ReadOnlySpan{int}, int, Span{float})"/>.</summary>
    public static void Backward(ReadOnlySpan<float> dy, ReadOnlySpan<int> argMax, Span<float> dx)
    {
        dx.Clear();
        for (int o = 0; o < dy.Length; o++)
        {
            dx[argMax[o]] += dy[o];
        }
    }
}
