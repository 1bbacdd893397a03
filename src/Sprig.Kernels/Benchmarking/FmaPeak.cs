using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Sprig.Kernels.Sparse;

namespace Sprig.Kernels.Benchmarking;

/// <summary>
/// Measures this machine's single-precision FMA peak per core: independent fused multiply-add chains on registers
/// only, as wide as the widest vector the GEMM micro-kernel uses (512 bits where <see cref="Vector512"/> is
/// accelerated, else 256). The peak is what <see cref="GemmMeasurement.PeakFraction"/> divides by.
/// </summary>
public static class FmaPeak
{
    private static readonly Lazy<double> s_gflopsPerThread = new(Measure);

    /// <summary>The measured peak of one thread in GFLOP/s (measured once per process, about 0.1 s).</summary>
    public static double GflopsPerThread => s_gflopsPerThread.Value;

    private static double Measure()
    {
        const long Iterations = 1 << 20;
        var best = 0.0;
        for (int round = 0; round < 5; round++)
        {
            long start = Stopwatch.GetTimestamp();
            long flops = Vector512.IsHardwareAccelerated ? Chains<Vector512<float>, Lanes512>(Iterations) : Chains<Vector256<float>, Lanes256>(Iterations);
            best = Math.Max(best, flops / Stopwatch.GetElapsedTime(start).TotalSeconds / 1e9);
        }

        return best;
    }

    // Ten chains hide the FMA latency (4 cycles) on two pipes; returns the flops done.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static long Chains<TVector, TLanes>(long iterations)
        where TVector : struct
        where TLanes : struct, ILanes<TVector>
    {
        TVector x = TLanes.Broadcast(1.0000001f), y = TLanes.Broadcast(0.9999999f);
        TVector c0 = TLanes.Zero, c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0;
        for (long i = 0; i < iterations; i++)
        {
            c0 = TLanes.MultiplyAdd(c0, x, y);
            c1 = TLanes.MultiplyAdd(c1, x, y);
            c2 = TLanes.MultiplyAdd(c2, x, y);
            c3 = TLanes.MultiplyAdd(c3, x, y);
            c4 = TLanes.MultiplyAdd(c4, x, y);
            c5 = TLanes.MultiplyAdd(c5, x, y);
            c6 = TLanes.MultiplyAdd(c6, x, y);
            c7 = TLanes.MultiplyAdd(c7, x, y);
            c8 = TLanes.MultiplyAdd(c8, x, y);
            c9 = TLanes.MultiplyAdd(c9, x, y);
        }

        // Consume the chains so the loop is not removed.
        TVector sum = TLanes.Add(TLanes.Add(TLanes.Add(TLanes.Add(c0, c1), TLanes.Add(c2, c3)), TLanes.Add(TLanes.Add(c4, c5), TLanes.Add(c6, c7))), TLanes.Add(c8, c9));
        return float.IsNaN(TLanes.Sum(sum)) ? 0 : iterations * 10 * 2 * TLanes.Count;
    }
}
