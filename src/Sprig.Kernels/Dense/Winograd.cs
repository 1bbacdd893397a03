using System.Runtime.Intrinsics;

namespace Sprig.Kernels.Dense;

/// <summary>
/// 3×3, stride-1 convolution over NCHW float32 by Winograd's minimal filtering F(4×4, 3×3): 36 multiplies per
/// 4×4 outputs and channel pair instead of 144, the products done as 36 GEMMs through <see cref="Gemm"/>.
/// </summary>
/// <remarks>
/// The filter is transformed once per weight update (<see cref="TransformFilter"/>) into 36 matrices [K × C];
/// <c>Convolve</c> transforms input tiles, multiplies and transforms back (see <see cref="WinogradJob"/>).
/// Results differ from a direct convolution by float rounding only (relative error of order 1e-6·√C here, the
/// transforms scale values by up to 8·8); <see cref="Im2ColReference"/> with <see cref="GemmReference"/> is the
/// oracle. Large batches are split over <see cref="KernelThreads.Count"/> threads; results are bit-identical
/// whatever the thread count.
/// </remarks>
public static unsafe class Winograd
{
    /// <summary>
    /// Whether this machine has SIMD for the transforms (Vector128 or wider). Without it the kernel still works
    /// but its scalar transforms make it no faster than im2col.
    /// </summary>
    public static bool IsAccelerated => Vector128.IsHardwareAccelerated;

    /// <summary>Floats of a transformed filter with <paramref name="outChannels"/> outputs and <paramref name="inChannels"/> inputs.</summary>
    public static int TransformedFilterLength(int outChannels, int inChannels) => WinogradJob.Points * outChannels * inChannels;

    /// <summary>
    /// Transforms a [K, C, 3, 3] weight into 36 matrices <c>U[p]</c> (p = 6·i + j), each [K × C] row-major:
    /// <c>U[p][k][c] = (G·w[k][c]·Gᵀ)[i][j]</c>. With <paramref name="adjoint"/>, transforms instead the
    /// weight of the convolution that maps an output gradient to the input gradient, <c>w'[c][k] = w[k][c]</c>
    /// flipped in both axes, giving 36 matrices [C × K] (use it with padding <c>2 − padding</c>).
    /// </summary>
    /// <param name="weight">The [K, C, 3, 3] weight.</param>
    /// <param name="outChannels">K.</param>
    /// <param name="inChannels">C.</param>
    /// <param name="adjoint">Transform the flipped, channel-transposed weight of the input-gradient convolution.</param>
    /// <param name="transformed">Destination of <see cref="TransformedFilterLength"/> floats.</param>
    public static void TransformFilter(ReadOnlySpan<float> weight, int outChannels, int inChannels, bool adjoint, Span<float> transformed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(outChannels);
        ArgumentOutOfRangeException.ThrowIfNegative(inChannels);
        int need = TransformedFilterLength(outChannels, inChannels);
        if (weight.Length < outChannels * inChannels * 9 || transformed.Length < need)
        {
            throw new ArgumentException(
                $"Weight has {weight.Length} of {outChannels * inChannels * 9} and destination {transformed.Length} of {need} floats needed for a {outChannels}×{inChannels}×3×3 filter.");
        }

        int rows = adjoint ? inChannels : outChannels;
        int columns = adjoint ? outChannels : inChannels;
        Span<double> g = stackalloc double[9];
        Span<double> u = stackalloc double[36];
        for (int k = 0; k < outChannels; k++)
        {
            for (int c = 0; c < inChannels; c++)
            {
                ReadOnlySpan<float> w = weight.Slice(((k * inChannels) + c) * 9, 9);
                for (int e = 0; e < 9; e++)
                {
                    g[e] = adjoint ? w[8 - e] : w[e];
                }

                TransformKernel(g, u);
                int index = adjoint ? (c * columns) + k : (k * columns) + c;
                for (int p = 0; p < WinogradJob.Points; p++)
                {
                    transformed[(p * rows * columns) + index] = (float)u[p];
                }
            }
        }
    }

    /// <summary>
    /// <c>output[n][k] = bias[k] + Σ_c input[n][c] ⋆ w[k][c]</c> for a 3×3 kernel, stride 1 and zero padding
    /// <paramref name="padding"/>: output planes are (H + 2·padding − 2)×(W + 2·padding − 2), overwritten.
    /// </summary>
    /// <param name="input">The [N, C, H, W] input.</param>
    /// <param name="batch">N.</param>
    /// <param name="inChannels">C.</param>
    /// <param name="height">H.</param>
    /// <param name="width">W.</param>
    /// <param name="padding">Zero padding on every side.</param>
    /// <param name="transformedFilter">The filter from <see cref="TransformFilter"/>, [36][K × C].</param>
    /// <param name="outChannels">K.</param>
    /// <param name="bias">K biases, or empty for none.</param>
    /// <param name="output">The [N, K, outH, outW] output.</param>
    public static void Convolve(
        ReadOnlySpan<float> input, int batch, int inChannels, int height, int width, int padding,
        ReadOnlySpan<float> transformedFilter, int outChannels, ReadOnlySpan<float> bias, Span<float> output) =>
        Convolve(input, batch, inChannels, height, width, padding, transformedFilter, outChannels, bias, output, KernelThreads.Count);

    /// <summary>As the public overload, with an explicit thread count (tests and benchmarks).</summary>
    internal static void Convolve(
        ReadOnlySpan<float> input, int batch, int inChannels, int height, int width, int padding,
        ReadOnlySpan<float> transformedFilter, int outChannels, ReadOnlySpan<float> bias, Span<float> output, int threads)
    {
        WinogradGeometry g = Check(input.Length, batch, inChannels, height, width, padding, transformedFilter.Length, outChannels, bias.Length, output.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (batch == 0 || outChannels == 0)
        {
            return;
        }

        if (inChannels == 0)
        {
            for (int n = 0; n < batch; n++)
            {
                for (int k = 0; k < outChannels; k++)
                {
                    output.Slice(((n * outChannels) + k) * g.OutH * g.OutW, g.OutH * g.OutW).Fill(bias.IsEmpty ? 0f : bias[k]);
                }
            }

            return;
        }

        fixed (float* pInput = input)
        fixed (float* pFilter = transformedFilter)
        fixed (float* pBias = bias)
        fixed (float* pOutput = output)
        {
            WinogradJob.Run(g, pInput, pFilter, bias.IsEmpty ? null : pBias, pOutput, threads);
        }
    }

    private static WinogradGeometry Check(
        int inputLength, int batch, int inChannels, int height, int width, int padding,
        int filterLength, int outChannels, int biasLength, int outputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        ArgumentOutOfRangeException.ThrowIfNegative(inChannels);
        ArgumentOutOfRangeException.ThrowIfNegative(outChannels);
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        int outH = Im2Col.OutputSize(height, 3, 1, padding);
        int outW = Im2Col.OutputSize(width, 3, 1, padding);
        if (outH < 1 || outW < 1)
        {
            throw new ArgumentException($"A 3×3 kernel with padding {padding} does not fit a {height}×{width} image.");
        }

        long inputNeed = (long)batch * inChannels * height * width;
        long outputNeed = (long)batch * outChannels * outH * outW;
        if (inputLength < inputNeed || outputLength < outputNeed || filterLength < TransformedFilterLength(outChannels, inChannels)
            || (biasLength != 0 && biasLength < outChannels))
        {
            throw new ArgumentException(
                $"Buffers too small for {batch}×{inChannels}×{height}×{width} → {outChannels} channels: input {inputLength} of {inputNeed}, output {outputLength} of {outputNeed}, filter {filterLength} of {TransformedFilterLength(outChannels, inChannels)}, bias {biasLength}.");
        }

        return new WinogradGeometry(batch, inChannels, height, width, padding, outChannels, outH, outW);
    }

    /// <summary><c>u = G·g·Gᵀ</c> for one 3×3 kernel g (row-major), in double so the filter adds no rounding of its own.</summary>
    private static void TransformKernel(ReadOnlySpan<double> g, Span<double> u)
    {
        // G = [1/4 0 0; −1/6 −1/6 −1/6; −1/6 1/6 −1/6; 1/24 1/12 1/6; 1/24 −1/12 1/6; 0 0 1].
        ReadOnlySpan<double> matrix =
        [
            1.0 / 4, 0, 0,
            -1.0 / 6, -1.0 / 6, -1.0 / 6,
            -1.0 / 6, 1.0 / 6, -1.0 / 6,
            1.0 / 24, 1.0 / 12, 1.0 / 6,
            1.0 / 24, -1.0 / 12, 1.0 / 6,
            0, 0, 1,
        ];
        Span<double> gg = stackalloc double[18];
        for (int i = 0; i < 6; i++)
        {
            for (int x = 0; x < 3; x++)
            {
                gg[(i * 3) + x] = (matrix[i * 3] * g[x]) + (matrix[(i * 3) + 1] * g[3 + x]) + (matrix[(i * 3) + 2] * g[6 + x]);
            }
        }

        for (int i = 0; i < 6; i++)
        {
            for (int j = 0; j < 6; j++)
            {
                u[(i * 6) + j] = (gg[i * 3] * matrix[j * 3]) + (gg[(i * 3) + 1] * matrix[(j * 3) + 1]) + (gg[(i * 3) + 2] * matrix[(j * 3) + 2]);
            }
        }
    }
}
