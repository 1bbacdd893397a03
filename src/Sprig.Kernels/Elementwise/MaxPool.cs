using System.Runtime.CompilerServices;
using Sprig.Kernels.Threading;

namespace Sprig.Kernels.Elementwise;

/// <summary>
/// Unpadded max pooling over planes (the N·C planes of NCHW data) with a square window, split over
/// <see cref="KernelThreads.Count"/> threads by planes when large. Each plane is pooled exactly as on one thread, so
/// results do not depend on the thread count.
/// </summary>
public static unsafe class MaxPool
{
    /// <summary>
    /// Writes <c>y[p, oy, ox]</c>, the maximum of the <paramref name="kernel"/>² window at (oy·stride, ox·stride) of
    /// plane p, and <c>argMax</c>, the index into <paramref name="x"/> of that maximum (the first in row-major window
    /// order on ties). Output sizes round down.
    /// </summary>
    public static void Forward(ReadOnlySpan<float> x, int planes, int height, int width, int kernel, int stride, Span<float> y, Span<int> argMax) =>
        Forward(x, planes, height, width, kernel, stride, y, argMax, KernelThreads.Count, ElementwiseSplit.MinChunkFloats);

    /// <summary>
    /// Sets <paramref name="dx"/> (planes of equal length) to zero, then adds each <c>dy[o]</c> at <c>argMax[o]</c>,
    /// in output order within a plane. Every index must lie in its own output's plane.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> dy, ReadOnlySpan<int> argMax, int planes, Span<float> dx) =>
        Backward(dy, argMax, planes, dx, KernelThreads.Count, ElementwiseSplit.MinChunkFloats);

    /// <summary>The output size of a window of <paramref name="kernel"/> with <paramref name="stride"/> over <paramref name="size"/>.</summary>
    public static int OutputSize(int size, int kernel, int stride) => size < kernel ? 0 : ((size - kernel) / stride) + 1;

    /// <summary>As the public overload, with an explicit split (tests).</summary>
    internal static void Forward(
        ReadOnlySpan<float> x, int planes, int height, int width, int kernel, int stride, Span<float> y, Span<int> argMax,
        int threads, long minChunkFloats)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(planes);
        ArgumentOutOfRangeException.ThrowIfLessThan(kernel, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, 1);
        int outH = OutputSize(height, kernel, stride);
        int outW = OutputSize(width, kernel, stride);
        ElementwiseChecks.SameLength(planes * height * width, x.Length, nameof(x));
        ElementwiseChecks.SameLength(planes * outH * outW, y.Length, nameof(y));
        ElementwiseChecks.SameLength(y.Length, argMax.Length, nameof(argMax));
        if (y.Length == 0)
        {
            return;
        }

        fixed (float* px = x)
        fixed (float* py = y)
        fixed (int* pa = argMax)
        {
            var pool = new ForwardKernel(px, py, pa, height, width, kernel, stride, outH, outW);
            ParallelRange<ForwardKernel>.Run(pool, planes, (long)height * width, threads, minChunkFloats);
        }
    }

    /// <summary>As the public overload, with an explicit split (tests).</summary>
    internal static void Backward(ReadOnlySpan<float> dy, ReadOnlySpan<int> argMax, int planes, Span<float> dx, int threads, long minChunkFloats)
    {
        ElementwiseChecks.SameLength(dy.Length, argMax.Length, nameof(argMax));
        if (planes < 0 || (planes == 0 ? dx.Length + dy.Length != 0 : dx.Length % planes != 0 || dy.Length % planes != 0))
        {
            throw new ArgumentException($"{planes} planes do not divide dx ({dx.Length}) and dy ({dy.Length}) evenly.", nameof(planes));
        }

        if (planes == 0)
        {
            return;
        }

        fixed (float* pdy = dy)
        fixed (int* pa = argMax)
        fixed (float* pdx = dx)
        {
            var scatter = new BackwardKernel(pdy, pa, pdx, dx.Length / planes, dy.Length / planes);
            ParallelRange<BackwardKernel>.Run(scatter, planes, dx.Length / planes, threads, minChunkFloats);
        }
    }

    /// <summary>
    /// Moves the maximum to position <paramref name="index"/> if its value is greater: arithmetic instead of a branch,
    /// which random data mispredicts half the time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Consider(float* x, int index, ref int best, ref float bestValue)
    {
        float value = x[index];
        int greater = Unsafe.BitCast<bool, byte>(value > bestValue);
        best += (index - best) * greater;
        bestValue = MathF.Max(value, bestValue);
    }

    private readonly struct ForwardKernel(float* x, float* y, int* argMax, int height, int width, int kernel, int stride, int outH, int outW)
        : IRangeKernel
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int start, int end)
        {
            if (kernel == 2 && stride == 2)
            {
                RunTwoByTwo(start, end);
                return;
            }

            int o = start * outH * outW;
            for (int plane = start; plane < end; plane++)
            {
                int planeOffset = plane * height * width;
                for (int oy = 0; oy < outH; oy++)
                {
                    int windowTop = planeOffset + (oy * stride * width);
                    for (int ox = 0; ox < outW; ox++, o++)
                    {
                        int best = windowTop + (ox * stride);
                        float bestValue = x[best];
                        for (int ky = 0; ky < kernel; ky++)
                        {
                            int rowStart = windowTop + (ky * width) + (ox * stride);
                            for (int kx = 0; kx < kernel; kx++)
                            {
                                Consider(x, rowStart + kx, ref best, ref bestValue);
                            }
                        }

                        y[o] = bestValue;
                        argMax[o] = best;
                    }
                }
            }
        }

        /// <summary>
        /// The 2×2, stride-2 window of every reference model, unrolled: the same comparisons in the same order as the
        /// general loop (so the same maxima and first-on-ties positions) without its loop overhead, about twice as fast.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void RunTwoByTwo(int start, int end)
        {
            int o = start * outH * outW;
            for (int plane = start; plane < end; plane++)
            {
                int planeOffset = plane * height * width;
                for (int oy = 0; oy < outH; oy++)
                {
                    int top = planeOffset + (2 * oy * width);
                    for (int ox = 0; ox < outW; ox++, o++)
                    {
                        int corner = top + (2 * ox);
                        int best = corner;
                        float bestValue = x[corner];
                        Consider(x, corner + 1, ref best, ref bestValue);
                        Consider(x, corner + width, ref best, ref bestValue);
                        Consider(x, corner + width + 1, ref best, ref bestValue);
                        y[o] = bestValue;
                        argMax[o] = best;
                    }
                }
            }
        }
    }

    /// <summary>Clears and scatters whole planes: every output's index lies in its plane, so planes are independent.</summary>
    private readonly struct BackwardKernel(float* dy, int* argMax, float* dx, int planeLength, int outputsPerPlane) : IRangeKernel
    {
        // The fields go in as arguments: read through `this`, they were reloaded after every store. (The same change
        // made the forward kernel slower: 920–965 against 881–908 µs for 2,560 planes of 24×24, one thread.)
        public void Run(int start, int end) => Scatter(dy, argMax, dx, planeLength, outputsPerPlane, start, end);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Scatter(float* dy, int* argMax, float* dx, int planeLength, int outputsPerPlane, int start, int end)
        {
            new Span<float>(dx + ((nint)start * planeLength), (end - start) * planeLength).Clear();
            for (int plane = start; plane < end; plane++)
            {
                int planeStart = plane * planeLength;
                int o = plane * outputsPerPlane;
                for (int last = o + outputsPerPlane; o < last; o++)
                {
                    int index = argMax[o];
                    if ((uint)(index - planeStart) >= (uint)planeLength)
                    {
                        throw new ArgumentException($"argMax[{o}] = {index} lies outside plane {plane}.", nameof(argMax));
                    }

                    dx[index] += dy[o];
                }
            }
        }
    }
}
