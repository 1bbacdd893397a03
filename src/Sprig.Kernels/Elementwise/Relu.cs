using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Sprig.Kernels.Threading;

namespace Sprig.Kernels.Elementwise;

/// <summary>
/// The rectified linear unit and its gradient over flat arrays, split over <see cref="KernelThreads.Count"/> threads
/// when large. Results do not depend on the thread count.
/// </summary>
public static unsafe class Relu
{
    /// <summary><c>y[i] = max(x[i], 0)</c> (NaN stays NaN). <paramref name="y"/> may be <paramref name="x"/>.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y) =>
        Forward(x, y, KernelThreads.Count, ElementwiseSplit.MinChunkFloats);

    /// <summary><c>dx[i] = y[i] &gt; 0 ? dy[i] : 0</c>, where <paramref name="y"/> is the forward output.</summary>
    public static void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx) =>
        Backward(y, dy, dx, KernelThreads.Count, ElementwiseSplit.MinChunkFloats);

    /// <summary>As the public overload, with an explicit split (tests).</summary>
    internal static void Forward(ReadOnlySpan<float> x, Span<float> y, int threads, long minChunkFloats)
    {
        ElementwiseChecks.SameLength(x.Length, y.Length, nameof(y));
        fixed (float* px = x)
        fixed (float* py = y)
        {
            ParallelRange<ForwardKernel>.Run(new ForwardKernel(px, py), x.Length, 1, threads, minChunkFloats);
        }
    }

    /// <summary>As the public overload, with an explicit split (tests).</summary>
    internal static void Backward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int threads, long minChunkFloats)
    {
        ElementwiseChecks.SameLength(y.Length, dy.Length, nameof(dy));
        ElementwiseChecks.SameLength(y.Length, dx.Length, nameof(dx));
        fixed (float* py = y)
        fixed (float* pdy = dy)
        fixed (float* pdx = dx)
        {
            ParallelRange<BackwardKernel>.Run(new BackwardKernel(py, pdy, pdx), y.Length, 1, threads, minChunkFloats);
        }
    }

    private readonly struct ForwardKernel(float* x, float* y) : IRangeKernel
    {
        public void Run(int start, int end) =>
            TensorPrimitives.Max(new ReadOnlySpan<float>(x + start, end - start), 0f, new Span<float>(y + start, end - start));
    }

    /// <summary>The mask of y &gt; 0 ANDed with dy, one vector at a time, then a scalar tail.</summary>
    private readonly struct BackwardKernel(float* y, float* dy, float* dx) : IRangeKernel
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int start, int end)
        {
            int i = start;
            if (Vector.IsHardwareAccelerated)
            {
                for (; i <= end - Vector<float>.Count; i += Vector<float>.Count)
                {
                    Vector<float> positive = Vector.GreaterThan(Vector.Load(y + i), Vector<float>.Zero).As<int, float>();
                    Vector.BitwiseAnd(Vector.Load(dy + i), positive).Store(dx + i);
                }
            }

            for (; i < end; i++)
            {
                dx[i] = y[i] > 0f ? dy[i] : 0f;
            }
        }
    }
}
