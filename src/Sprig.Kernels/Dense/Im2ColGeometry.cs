using System.Runtime.CompilerServices;

namespace Sprig.Kernels.Dense;

/// <summary>Validated sizes of one <see cref="Im2Col"/> call (per image).</summary>
internal readonly record struct Im2ColGeometry(
    int Channels, int Height, int Width, int KernelH, int KernelW, int Stride, int Padding, int OutH, int OutW)
{
    public int ImageLength => Channels * Height * Width;

    public int PlaneLength => OutH * OutW;

    public static Im2ColGeometry Check(
        int imagesLength, int columnsLength, int batch, int channels, int height, int width,
        int kernelH, int kernelW, int stride, int padding)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        ArgumentOutOfRangeException.ThrowIfNegative(channels);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelH, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(kernelW, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        int outH = Im2Col.OutputSize(height, kernelH, stride, padding);
        int outW = Im2Col.OutputSize(width, kernelW, stride, padding);
        if (outH < 1 || outW < 1)
        {
            throw new ArgumentException($"A {kernelH}×{kernelW} kernel with padding {padding} does not fit a {height}×{width} image.");
        }

        long imageNeed = (long)batch * channels * height * width;
        long columnNeed = (long)channels * kernelH * kernelW * batch * outH * outW;
        if (imagesLength < imageNeed || columnsLength < columnNeed)
        {
            throw new ArgumentException(
                $"Image buffer has {imagesLength} of {imageNeed} and column buffer {columnsLength} of {columnNeed} floats needed for {batch}×{channels}×{height}×{width}, kernel {kernelH}×{kernelW}.");
        }

        return new Im2ColGeometry(channels, height, width, kernelH, kernelW, stride, padding, outH, outW);
    }

    /// <summary>The output columns [lo, hi) whose input column <c>ox·stride − padding + kx</c> lies inside the image.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (int Lo, int Hi) InsideColumns(int kx)
    {
        int first = Padding - kx;
        int lo = first <= 0 ? 0 : Math.Min(OutW, (first + Stride - 1) / Stride);
        int last = Width - 1 + Padding - kx;
        int hi = last < 0 ? 0 : Math.Min(OutW, (last / Stride) + 1);
        return (lo, Math.Max(lo, hi));
    }
}
