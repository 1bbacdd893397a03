using System.Numerics.Tensors;
using Sprig.Kernels.Threading;

namespace Sprig.Kernels.Elementwise;

/// <summary>
/// The AdamW step (PyTorch's <c>AdamW</c>), split over <see cref="KernelThreads.Count"/> threads when large and run in
/// cache-sized blocks: each block goes through every pass before the next block starts. The passes are element-wise,
/// so results do not depend on the block size or the thread count.
/// </summary>
public static unsafe class AdamWUpdate
{
    /// <summary>Floats per block: the block's scratch lives on the stack, and w, g, m, v and scratch stay in L1.</summary>
    private const int BlockFloats = 1024;

    /// <summary>
    /// For every i: <c>w ← w·(1 − η·λ)</c> (only when λ ≠ 0); <c>m ← m·β₁ + g·(1 − β₁)</c>;
    /// <c>v ← v·β₂ + g²·(1 − β₂)</c>; <c>w ← (m / (√v · rootCorrection2 + ε)) · stepScale + w</c>, where the
    /// caller passes <c>rootCorrection2 = 1/√(1 − β₂ᵗ)</c> and <c>stepScale = −η/(1 − β₁ᵗ)</c>.
    /// </summary>
    public static void Step(Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v, in AdamWCoefficients coefficients) =>
        Step(w, g, m, v, coefficients, KernelThreads.Count, ElementwiseSplit.MinChunkFloats);

    /// <summary>As the public overload, with an explicit split (tests).</summary>
    internal static void Step(
        Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v, in AdamWCoefficients coefficients, int threads, long minChunkFloats)
    {
        ElementwiseChecks.SameLength(w.Length, g.Length, nameof(g));
        ElementwiseChecks.SameLength(w.Length, m.Length, nameof(m));
        ElementwiseChecks.SameLength(w.Length, v.Length, nameof(v));
        fixed (float* pw = w)
        fixed (float* pg = g)
        fixed (float* pm = m)
        fixed (float* pv = v)
        {
            ParallelRange<StepKernel>.Run(new StepKernel(pw, pg, pm, pv, coefficients), w.Length, 4, threads, minChunkFloats);
        }
    }

    private readonly struct StepKernel(float* w, float* g, float* m, float* v, AdamWCoefficients c) : IRangeKernel
    {
        public void Run(int start, int end)
        {
            Span<float> scratchBlock = stackalloc float[BlockFloats];
            for (int blockStart = start; blockStart < end; blockStart += BlockFloats)
            {
                int length = Math.Min(BlockFloats, end - blockStart);
                var wb = new Span<float>(w + blockStart, length);
                var gb = new ReadOnlySpan<float>(g + blockStart, length);
                var mb = new Span<float>(m + blockStart, length);
                var vb = new Span<float>(v + blockStart, length);
                Span<float> scratch = scratchBlock[..length];
                if (c.Decay != 1f)
                {
                    TensorPrimitives.Multiply(wb, c.Decay, wb);
                }

                TensorPrimitives.Multiply(mb, c.Beta1, mb);
                TensorPrimitives.MultiplyAdd(gb, 1f - c.Beta1, mb, mb);
                TensorPrimitives.Multiply(gb, gb, scratch);
                TensorPrimitives.Multiply(vb, c.Beta2, vb);
                TensorPrimitives.MultiplyAdd(scratch, 1f - c.Beta2, vb, vb);
                TensorPrimitives.Sqrt(vb, scratch);
                TensorPrimitives.Multiply(scratch, c.RootCorrection2, scratch);
                TensorPrimitives.Add(scratch, c.Epsilon, scratch);
                TensorPrimitives.Divide(mb, scratch, scratch);
                TensorPrimitives.MultiplyAdd(scratch, c.StepScale, wb, wb);
            }
        }
    }
}
