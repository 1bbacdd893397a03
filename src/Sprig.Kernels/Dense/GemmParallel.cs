using System.Runtime.Intrinsics;
using Sprig.Kernels.Threading;

namespace Sprig.Kernels.Dense;

/// <summary>
/// Splits a GEMM into disjoint chunks of C (column or row ranges) that the caller and the kernel workers take
/// in turn, and runs each chunk with the best micro-kernel of this machine. Small products run on the calling
/// thread: below <see cref="ParallelThresholdMacs"/> the fork/join and the duplicated packing cost more than
/// the second core gains.
/// </summary>
internal sealed class GemmParallel : IKernelWorkItem
{
    /// <summary>
    /// Multiply-adds (m·n·k) below which a GEMM stays on one thread. 64³ takes ≈ 5–9 µs on one core; a hot
    /// fork/join costs ≈ 1 µs, and a cold one costs the caller little because it takes back a part the worker
    /// has not started. <c>sprig bench gemm --size 64</c> on the busy shared machine showed no reliable
    /// difference between 1 and 2 threads at this size, so this is a reasoned rather than a clean measurement.
    /// </summary>
    public const long ParallelThresholdMacs = 64L * 64 * 64;

    /// <summary>Most chunks of C per thread, for dynamic load balancing on a busy machine.</summary>
    private const int MaxChunksPerThread = 4;

    /// <summary>Column blocks are multiples of this (every micro-kernel's Nr divides it).</summary>
    private const int ColumnUnit = 32;

    /// <summary>Row blocks are multiples of this (every micro-kernel's Mr divides it).</summary>
    private const int RowUnit = 24;

    [ThreadStatic]
    private static GemmParallel? s_job;

    private GemmOperands _op;
    private bool _splitColumns;
    private int _chunk;
    private int _chunkCount;
    private int _nextChunk;

    /// <summary>Computes <paramref name="op"/> over up to <paramref name="threads"/> threads.</summary>
    public static void Run(in GemmOperands op, int threads)
    {
        // Splitting columns makes every chunk pack all of A; splitting rows, all of B: duplicate the smaller.
        bool splitColumns = op.N >= op.M;
        int unit = splitColumns ? ColumnUnit : RowUnit;
        int extent = splitColumns ? op.N : op.M;
        int units = (extent + unit - 1) / unit;
        long macs = (long)op.M * op.N * op.K;
        int parts = macs < ParallelThresholdMacs ? 1 : Math.Min(threads, units);
        if (parts <= 1)
        {
            RunBlock(op);
            return;
        }

        GemmParallel job = s_job ??= new GemmParallel();
        long duplicated = splitColumns ? (long)op.M * op.K : (long)op.K * op.N;
        int chunks = Math.Min(units, parts * ChunksPerThread(macs, duplicated, parts));
        job._op = op;
        job._splitColumns = splitColumns;
        job._chunk = (units + chunks - 1) / chunks * unit;
        job._chunkCount = (extent + job._chunk - 1) / job._chunk;
        job._nextChunk = 0;
        KernelWorkerPool.Shared.Run(job, parts);
        job._op = default;
    }

    /// <inheritdoc />
    public void Execute(int part)
    {
        // Threads take chunks of C first come, first served: on a shared machine a thread that loses its core
        // for a while does not hold up the other. Which thread computes a chunk never changes its values.
        int extent = _splitColumns ? _op.N : _op.M;
        int chunk;
        while ((chunk = Interlocked.Increment(ref _nextChunk) - 1) < _chunkCount)
        {
            int start = chunk * _chunk;
            int length = Math.Min(_chunk, extent - start);
            RunBlock(_splitColumns ? _op.Block(0, _op.M, start, length) : _op.Block(start, length, 0, _op.N));
        }
    }

    /// <summary>
    /// Chunks per thread: 4, 2 or 1, the most for which packing the duplicated operand once per chunk stays
    /// under about 5% of the work (packing a float costs roughly as much as 16 multiply-adds).
    /// </summary>
    private static int ChunksPerThread(long macs, long duplicatedFloats, int parts)
    {
        for (int perThread = MaxChunksPerThread; perThread > 1; perThread /= 2)
        {
            if (duplicatedFloats * parts * perThread * 16 * 20 <= macs)
            {
                return perThread;
            }
        }

        return 1;
    }

    /// <summary>Names the micro-kernel <see cref="RunBlock"/> picks on this machine.</summary>
    public static string KernelDescription =>
        GemmMicroKernelAvx512.IsSupported ? "avx512 8x32" : GemmMicroKernelAvx2.IsSupported ? "avx2-fma 6x16" : Vector128.IsHardwareAccelerated ? "vector128 4x8" : "scalar 4x4";

    /// <summary>Computes <paramref name="op"/> on the calling thread with the widest supported micro-kernel.</summary>
    private static void RunBlock(in GemmOperands op)
    {
        if (GemmMicroKernelAvx512.IsSupported)
        {
            GemmDriver<GemmMicroKernelAvx512>.Run(op);
        }
        else if (GemmMicroKernelAvx2.IsSupported)
        {
            GemmDriver<GemmMicroKernelAvx2>.Run(op);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            GemmDriver<GemmMicroKernelVector128>.Run(op);
        }
        else
        {
            GemmDriver<GemmMicroKernelScalar>.Run(op);
        }
    }
}
