using Sprig.Kernels.Threading;

namespace Sprig.Kernels.Sparse;

/// <summary>
/// Runs an N:M kernel over equal blocks of its items (every row of an N:M matrix holds the same number of entries),
/// taken first come, first served by up to the given number of threads.
/// </summary>
internal sealed class NmParallel<TKernel> : IKernelWorkItem
    where TKernel : struct, INmKernel
{
    [ThreadStatic]
    private static NmParallel<TKernel>? s_job;

    private readonly ChunkQueue _queue = new();
    private NmOperands _op;
    private int _items;

    /// <summary>Computes items 0 .. <paramref name="items"/>-1 of work worth <paramref name="macs"/> multiply-adds.</summary>
    public static void Run(in NmOperands op, int items, long macs, int threads)
    {
        int chunks = SparseRowSplit.Chunks(macs, items, threads);
        if (chunks <= 1 || threads <= 1)
        {
            TKernel.Run(op, 0, items);
            return;
        }

        NmParallel<TKernel> job = s_job ??= new NmParallel<TKernel>();
        job._op = op;
        job._items = items;
        job._queue.Reset(chunks);
        KernelWorkerPool.Shared.Run(job, Math.Min(threads, chunks));
        job._op = default;
    }

    /// <inheritdoc />
    public void Execute(int part)
    {
        while (_queue.TryTake(out int chunk))
        {
            TKernel.Run(_op, (int)((long)_items * chunk / _queue.Count), (int)((long)_items * (chunk + 1) / _queue.Count));
        }
    }
}
