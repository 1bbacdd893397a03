namespace Sprig.Kernels.Dense;

/// <summary>
/// Unfolds image patches into columns so that a convolution becomes one GEMM, and folds them back.
/// Layout: image is C×H×W; columns are (C·kh·kw)×(outH·outW), row-major.
/// </summary>
public static class Im2Col
{
    /// <summary>Output spatial size of a convolution along one axis.</summary>
    public static int OutputSize(int input, int kernel, int stride, int padding) =>
        ((input + (2 * padding) - kernel) / stride) + 1;

    /// <summary>Writes the patch matrix of one image into <paramref name="columns"/>; padded positions are 0.</summary>
    public static void Unfold(
        ReadOnlySpan<float> image, int channels, int height, int width,
        int kernelH, int kernelW, int stride, int padding, Span<float> columns)
    {
        int outH = OutputSize(height, kernelH, stride, padding);
        int outW = OutputSize(width, kernelW, stride, padding);
        int row = 0;
        for (int c = 0; c < channels; c++)
        {
            for (int ky = 0; ky < kernelH; ky++)
            {
                for (int kx = 0; kx < kernelW; kx++, row++)
                {
                    Span<float> dst = columns.Slice(row * outH * outW, outH * outW);
                    for (int oy = 0; oy < outH; oy++)
                    {
                        int iy = (oy * stride) - padding + ky;
                        for (int ox = 0; ox < outW; ox++)
                        {
                            int ix = (ox * stride) - padding + kx;
                            bool inside = (uint)iy < (uint)height && (uint)ix < (uint)width;
                            dst[(oy * outW) + ox] = inside ? image[(((c * height) + iy) * width) + ix] : 0f;
                        }
                    }
                }
            }
        }
    }

    /// <summary>Adds each column entry back into the image position it was read from (the adjoint of <see cref="Unfold"/>).</summary>
    public static void FoldAdd(
        ReadOnlySpan<float> columns, int channels, int height, int width,
        int kernelH, int kernelW, int stride, int padding, Span<float> image)
    {
        int outH = OutputSize(height, kernelH, stride, padding);
        int outW = OutputSize(width, kernelW, stride, padding);
        int row = 0;
        for (int c = 0; c < channels; c++)
        {
            for (int ky = 0; ky < kernelH; ky++)
            {
                for (int kx = 0; kx < kernelW; kx++, row++)
                {
                    ReadOnlySpan<float> src = columns.Slice(row * outH * outW, outH * outW);
                    for (int oy = 0; oy < outH; oy++)
                    {
                        int iy = (oy * stride) - padding + ky;
                        if ((uint)iy >= (uint)height)
                        {
                            continue;
                        }

                        for (int ox = 0; ox < outW; ox++)
                        {
                            int ix = (ox * stride) - padding + kx;
                            if ((uint)ix < (uint)width)
                            {
                                image[(((c * height) + iy) * width) + ix] += src[(oy * outW) + ox];
                            }
                        }
                    }
                }
            }
        }
    }
}
