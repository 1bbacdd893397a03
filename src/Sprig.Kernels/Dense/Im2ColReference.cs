namespace Sprig.Kernels.Dense;

/// <summary>
/// Scalar reference im2col: the test oracle for <see cref="Im2Col"/>, written index by index from the
/// definition. Same layouts and arguments as <see cref="Im2Col"/>.
/// </summary>
public static class Im2ColReference
{
    /// <summary>Writes the patch matrix of one image: <c>columns[(c·kh + ky)·kw + kx, oy·outW + ox] = image[c, oy·s − p + ky, ox·s − p + kx]</c> (0 outside).</summary>
    public static void Unfold(
        ReadOnlySpan<float> image, int channels, int height, int width,
        int kernelH, int kernelW, int stride, int padding, Span<float> columns) =>
        UnfoldBatch(image, 1, channels, height, width, kernelH, kernelW, stride, padding, columns);

    /// <summary>Adds each column entry back into the image position it was read from.</summary>
    public static void FoldAdd(
        ReadOnlySpan<float> columns, int channels, int height, int width,
        int kernelH, int kernelW, int stride, int padding, Span<float> image) =>
        FoldAddBatch(columns, 1, channels, height, width, kernelH, kernelW, stride, padding, image);

    /// <summary>The batched layout of <see cref="Im2Col.UnfoldBatch"/>: column index <c>n·outH·outW + oy·outW + ox</c>.</summary>
    public static void UnfoldBatch(
        ReadOnlySpan<float> images, int batch, int channels, int height, int width,
        int kernelH, int kernelW, int stride, int padding, Span<float> columns)
    {
        int outH = Im2Col.OutputSize(height, kernelH, stride, padding);
        int outW = Im2Col.OutputSize(width, kernelW, stride, padding);
        int columnCount = batch * outH * outW;
        for (int c = 0; c < channels; c++)
        {
            for (int ky = 0; ky < kernelH; ky++)
            {
                for (int kx = 0; kx < kernelW; kx++)
                {
                    int row = (((c * kernelH) + ky) * kernelW) + kx;
                    for (int n = 0; n < batch; n++)
                    {
                        for (int oy = 0; oy < outH; oy++)
                        {
                            for (int ox = 0; ox < outW; ox++)
                            {
                                int iy = (oy * stride) - padding + ky;
                                int ix = (ox * stride) - padding + kx;
                                bool inside = iy >= 0 && iy < height && ix >= 0 && ix < width;
                                int column = (((n * outH) + oy) * outW) + ox;
                                columns[(row * columnCount) + column] =
                                    inside ? images[(((((n * channels) + c) * height) + iy) * width) + ix] : 0f;
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>The adjoint of <see cref="UnfoldBatch"/>: adds columns back into the batch of images.</summary>
    public static void FoldAddBatch(
        ReadOnlySpan<float> columns, int batch, int channels, int height, int width,
        int kernelH, int kernelW, int stride, int padding, Span<float> images)
    {
        int outH = Im2Col.OutputSize(height, kernelH, stride, padding);
        int outW = Im2Col.OutputSize(width, kernelW, stride, padding);
        int columnCount = batch * outH * outW;
        for (int c = 0; c < channels; c++)
        {
            for (int ky = 0; ky < kernelH; ky++)
            {
                for (int kx = 0; kx < kernelW; kx++)
                {
                    int row = (((c * kernelH) + ky) * kernelW) + kx;
                    for (int n = 0; n < batch; n++)
                    {
                        for (int oy = 0; oy < outH; oy++)
                        {
                            for (int ox = 0; ox < outW; ox++)
                            {
                                int iy = (oy * stride) - padding + ky;
                                int ix = (ox * stride) - padding + kx;
                                if (iy >= 0 && iy < height && ix >= 0 && ix < width)
                                {
                                    int column = (((n * outH) + oy) * outW) + ox;
                                    images[(((((n * channels) + c) * height) + iy) * width) + ix] +=
                                        columns[(row * columnCount) + column];
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
