using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Sprig.Kernels.Threading;

namespace Sprig.Kernels.Elementwise;

/// <summary>
/// The SGD step with momentum (PyTorch's default, no Nesterov) in one pass over w, g and v, split over
/// <see cref="KernelThreads.Count"/> threads when large. Every element gets the same float operations whatever the
/// split or SIMD width (no fused multiply-adds), so results do not depend on the thread count.
/// </summary>
public static unsafe class SgdUpdate
{
    /// <summary>
    /// For every i: <c>g ← w·λ + g</c> (only when λ ≠ 0); <c>v ← v·μ + g</c>; <c>g ← v</c>; <c>w ← g·(−η) + w</c>.
    /// </summary>
    public static void HeavyBall(Span<float> w, Span<float> g, Span<float> v, float weightDecay, float momentum, float learningRate) =>
        HeavyBall(w, g, v, weightDecay, momentum, learningRate, KernelThreads.Count, ElementwiseSplit.MinChunkFloats);

    /// <summary>As the public overload, with an explicit split (tests).</summary>
    internal static void HeavyBall(
        Span<float> w, Span<float> g, Span<float> v, float weightDecay, float momentum, float learningRate, int threads, long minChunkFloats)
    {
        ElementwiseChecks.SameLength(w.Length, g.Length, nameof(g));
        ElementwiseChecks.SameLength(w.Length, v.Length, nameof(v));
        fixed (float* pw = w)
        fixed (float* pg = g)
        fixed (float* pv = v)
        {
            var step = new HeavyBallKernel(pw, pg, pv, weightDecay, momentum, learningRate);
            ParallelRange<HeavyBallKernel>.Run(step, w.Length, 3, threads, minChunkFloats);
        }
    }

    /// <summary>
    /// <see cref="HeavyBall(Span{float}, Span{float}, Span{float}, float, float, float)"/> at the <paramref name="active"/>
    /// positions only; the other elements are left as they are. For a masked layer at high sparsity this reads a
    /// fraction of the memory, but its scattered accesses wait on memory, so large index lists are split over
    /// <see cref="KernelThreads.Count"/> threads. Each updated element gets the same float operations as in the full
    /// pass, so the values do not depend on the split.
    /// </summary>
    public static void HeavyBallAt(Span<float> w, Span<float> g, Span<float> v, ReadOnlySpan<int> active, float weightDecay, float momentum, float learningRate) =>
        HeavyBallAt(w, g, v, active, weightDecay, momentum, learningRate, KernelThreads.Count, ElementwiseSplit.MinChunkFloats);

    /// <summary>As the public overload, with an explicit split (tests).</summary>
    internal static void HeavyBallAt(
        Span<float> w, Span<float> g, Span<float> v, ReadOnlySpan<int> active, float weightDecay, float momentum, float learningRate, int threads, long minChunkFloats)
    {
        ElementwiseChecks.SameLength(w.Length, g.Length, nameof(g));
        HeavyBallAt(w, g, v, active, compactGradient: false, weightDecay, momentum, learningRate, threads, minChunkFloats);
    }

    /// <summary>
    /// <see cref="HeavyBallAt(Span{float}, Span{float}, Span{float}, ReadOnlySpan{int}, float, float, float)"/> with a
    /// compact gradient: <c>gradient[k]</c> belongs to position <c>active[k]</c>, as a sparse layer's weight-gradient
    /// kernel writes it. The scattered reads and writes of a weight-sized gradient array are then sequential ones of
    /// an active-sized array. Each updated element gets the same float operations as in the full pass.
    /// </summary>
    public static void HeavyBallAtCompact(Span<float> w, Span<float> gradient, Span<float> v, ReadOnlySpan<int> active, float weightDecay, float momentum, float learningRate) =>
        HeavyBallAtCompact(w, gradient, v, active, weightDecay, momentum, learningRate, KernelThreads.Count, ElementwiseSplit.MinChunkFloats);

    /// <summary>As the public overload, with an explicit split (tests).</summary>
    internal static void HeavyBallAtCompact(
        Span<float> w, Span<float> gradient, Span<float> v, ReadOnlySpan<int> active, float weightDecay, float momentum, float learningRate, int threads, long minChunkFloats)
    {
        ElementwiseChecks.SameLength(active.Length, gradient.Length, nameof(gradient));
        HeavyBallAt(w, gradient, v, active, compactGradient: true, weightDecay, momentum, learningRate, threads, minChunkFloats);
    }

    private static void HeavyBallAt(
        Span<float> w, Span<float> g, Span<float> v, ReadOnlySpan<int> active, bool compactGradient, float weightDecay, float momentum, float learningRate, int threads, long minChunkFloats)
    {
        ElementwiseChecks.SameLength(w.Length, v.Length, nameof(v));
        // One vectorized pass (a negative index is a large unsigned one): the scalar check of every index took 2% of
        // a set-mlp epoch's profile, against 9% for the step itself.
        if (!active.IsEmpty && TensorPrimitives.Max(MemoryMarshal.Cast<int, uint>(active)) >= (uint)w.Length)
        {
            int bad = active[TensorPrimitives.IndexOfMax(MemoryMarshal.Cast<int, uint>(active))];
            throw new ArgumentOutOfRangeException(nameof(active), $"Active index {bad} is outside the {w.Length} elements.");
        }

        fixed (float* pw = w)
        fixed (float* pg = g)
        fixed (float* pv = v)
        fixed (int* pa = active)
        {
            var step = new HeavyBallAtKernel(pw, pg, pv, pa, compactGradient, weightDecay, momentum, learningRate);
            ParallelRange<HeavyBallAtKernel>.Run(step, active.Length, 3, threads, minChunkFloats);
        }
    }

    /// <summary>One element of the step; the vector loop applies the same operations lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(ref float w, ref float g, ref float v, float weightDecay, float momentum, float learningRate)
    {
        float wi = w;
        float gi = weightDecay != 0f ? (wi * weightDecay) + g : g;
        float vi = (v * momentum) + gi;
        v = vi;
        g = vi;
        w = (vi * -learningRate) + wi;
    }

    private readonly struct HeavyBallAtKernel(float* w, float* g, float* v, int* active, bool compactGradient, float weightDecay, float momentum, float learningRate) : IRangeKernel
    {
        // The fields go in as arguments: read through `this` in the loop, they were reloaded for every entry.
        public void Run(int start, int end) => Update(w, g, v, active, compactGradient, weightDecay, momentum, learningRate, start, end);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Update(
            float* w, float* g, float* v, int* active, bool compactGradient, float weightDecay, float momentum, float learningRate, int start, int end)
        {
            for (int k = start; k < end; k++)
            {
                int i = active[k];
                Step(ref w[i], ref g[compactGradient ? k : i], ref v[i], weightDecay, momentum, learningRate);
            }
        }
    }

    private readonly struct HeavyBallKernel(float* w, float* g, float* v, float weightDecay, float momentum, float learningRate) : IRangeKernel
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int start, int end)
        {
            bool decay = weightDecay != 0f;
            int i = start;
            if (Vector.IsHardwareAccelerated)
            {
                var decayV = new Vector<float>(weightDecay);
                var momentumV = new Vector<float>(momentum);
                var stepV = new Vector<float>(-learningRate);
                for (; i <= end - Vector<float>.Count; i += Vector<float>.Count)
                {
                    Vector<float> wi = Vector.Load(w + i);
                    Vector<float> gi = Vector.Load(g + i);
                    gi = decay ? (wi * decayV) + gi : gi;
                    Vector<float> vi = (Vector.Load(v + i) * momentumV) + gi;
                    vi.Store(v + i);
                    vi.Store(g + i);
                    ((vi * stepV) + wi).Store(w + i);
                }
            }

            for (; i < end; i++)
            {
                Step(ref w[i], ref g[i], ref v[i], weightDecay, momentum, learningRate);
            }
        }
    }
}
