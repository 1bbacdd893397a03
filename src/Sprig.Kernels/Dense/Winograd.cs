using System.Runtime.Intrinsics;

namespace Sprig.Kernels.Dense;

/// <summary>
/// 3×3, stride-1 convolution over NCHW float32 by Winograd's minimal filtering F(4×4, 3×3): 36 multiplies per
/// 4×4 outputs and channel pair instead of 144, the products done as 36 GEMMs through <see cref="Gemm"/>; and the
/// weight gradient of such a convolution the same way.
/// </summary>
/// <remarks>
/// The filter is transformed once per weight update (<see cref="TransformFilter"/>) into 36 matrices [K × C];
/// <c>Convolve</c> transforms input tiles, multiplies and transforms back, <c>AddWeightGradient</c> multiplies
/// transformed output-gradient tiles by transformed input tiles (see <see cref="WinogradJob"/>). The input gradient
/// is <c>Convolve</c> with the adjoint filter. Results differ from a direct convolution by float rounding, larger
/// than a direct sum's because the transforms scale values by up to 8·8 (about 1e-5 of the output's magnitude at
/// C = 33 in the tests); <see cref="Im2ColReference"/> with <see cref="GemmReference"/> is the oracle. Large
/// batches are split over <see cref="KernelThreads.Count"/> threads; results are bit-identical whatever the
/// thread count.
/// </remarks>
public static unsafe class Winograd
{
    /// <summary>
    /// Whether this machine has SIMD for the transforms (Vector128 or wider). Without it the kernel still works,
    /// one float at a time, and has not been measured against im2col.
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

        WinogradFilter.Transform(weight, outChannels, inChannels, adjoint, transformed);
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
            WinogradJob.Convolve(g, pInput, pFilter, bias.IsEmpty ? null : pBias, pOutput, threads);
        }
    }

    /// <summary>
    /// Adds the weight gradient of <c>Convolve</c> to <paramref name="weightGradient"/> [K, C, 3, 3]:
    /// <c>dW[k][c][u][v] += Σ_n Σ_(y,x) dY[n][k][y][x] · input[n][c][y + u − padding][x + v − padding]</c>,
    /// computed as 36 products of transformed tiles (<c>dU = Σ (A·dY·Aᵀ) ⊙ (Bᵀ·d·B)</c>, then <c>Gᵀ·dU·G</c>).
    /// </summary>
    /// <param name="input">The [N, C, H, W] input of the forward pass.</param>
    /// <param name="batch">N.</param>
    /// <param name="inChannels">C.</param>
    /// <param name="height">H.</param>
    /// <param name="width">W.</param>
    /// <param name="padding">Zero padding of the forward pass.</param>
    /// <param name="outputGradient">dY, [N, K, outH, outW].</param>
    /// <param name="outChannels">K.</param>
    /// <param name="weightGradient">The [K, C, 3, 3] gradient to add to.</param>
    public static void AddWeightGradient(
        ReadOnlySpan<float> input, int batch, int inChannels, int height, int width, int padding,
        ReadOnlySpan<float> outputGradient, int outChannels, Span<float> weightGradient) =>
        AddWeightGradient(input, batch, inChannels, height, width, padding, outputGradient, outChannels, weightGradient, KernelThreads.Count);

    /// <summary>As the public overload, with an explicit thread count (tests and benchmarks).</summary>
    internal static void AddWeightGradient(
        ReadOnlySpan<float> input, int batch, int inChannels, int height, int width, int padding,
        ReadOnlySpan<float> outputGradient, int outChannels, Span<float> weightGradient, int threads)
    {
        WinogradGeometry g = Check(input.Length, batch, inChannels, height, width, padding,
            TransformedFilterLength(outChannels, inChannels), outChannels, 0, outputGradient.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (weightGradient.Length < outChannels * inChannels * 9)
        {
            throw new ArgumentException($"Weight gradient has {weightGradient.Length} of {outChannels * inChannels * 9} floats needed for a {outChannels}×{inChannels}×3×3 filter.", nameof(weightGradient));
        }

        if (batch == 0 || outChannels == 0 || inChannels == 0)
        {
            return;
        }

        fixed (float* pInput = input)
        fixed (float* pOutputGradient = outputGradient)
        fixed (float* pWeightGradient = weightGradient)
        {
            WinogradJob.AddWeightGradient(g, pInput, pOutputGradient, pWeightGradient, threads);
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
}
