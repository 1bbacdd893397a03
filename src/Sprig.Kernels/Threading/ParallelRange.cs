namespace Sprig.Kernels.Threading;

/// <summary>
/// Runs an <see cref="IRangeKernel"/> over its items, cut into chunks that the caller and the kernel workers claim
/// each from its own run first (<see cref="ChunkQueue"/>; a thread that loses its core on a shared machine does not
/// hold up the other). Work below
/// two chunks stays on the calling thread. The kernel is a struct generic argument, so nothing is allocated and the
/// JIT specialises each kernel's loop; every item is computed exactly as on one thread, so results do not depend on
/// the thread count.
/// </summary>
internal sealed class ParallelRange<TKernel> : IKernelWorkItem
    where TKernel : struct, IRangeKernel
{
    /// <summary>Most chunks per thread, for load balancing on a busy machine.</summary>
    private const int MaxChunksPerThread = 4;

    [ThreadStatic]
    private static ParallelRange<TKernel>? s_job;

    private readonly ChunkQueue _queue = new();
    private TKernel _kernel;
    private int _count;
    private int _chunk;

    /// <summary>
    /// Runs <paramref name="kernel"/> over <paramref name="count"/> items of <paramref name="floatsPerItem"/> floats
    /// each, on up to <paramref name="threads"/> threads in chunks of at least <paramref name="minChunkFloats"/> floats.
    /// </summary>
    public static void Run(TKernel kernel, int count, long floatsPerItem, int threads, long minChunkFloats)
    {
        long floats = count * Math.Max(1, floatsPerItem);
        if (threads <= 1 || count < 2 || floats < 2 * minChunkFloats)
        {
            kernel.Run(0, count);
            return;
        }

        int minChunkItems = (int)Math.Min(count, (minChunkFloats + floatsPerItem - 1) / Math.Max(1, floatsPerItem));
        int chunk = Math.Max(Math.Max(1, minChunkItems), (int)((count + ((long)threads * MaxChunksPerThread) - 1) / (threads * MaxChunksPerThread)));
        int chunkCount = (count + chunk - 1) / chunk;
        // The job leaves its slot while it runs, so that a nested call of the same kernel gets a job of its own.
        ParallelRange<TKernel> job = s_job ?? new ParallelRange<TKernel>();
        s_job = null;
        int parts = Math.Min(threads, chunkCount);
        job._kernel = kernel;
        job._count = count;
        job._chunk = chunk;
        job._queue.Reset(chunkCount, parts);
        KernelWorkerPool.Shared.Run(job, parts);
        job._kernel = default;
        s_job = job;
    }

    /// <inheritdoc />
    public void Execute(int part)
    {
        // A local copy, so that the kernel's pointers are not fields of a heap object that its own stores might alias.
        TKernel kernel = _kernel;
        while (_queue.TryTake(part, out int chunk))
        {
            int start = chunk * _chunk;
            kernel.Run(start, Math.Min(_count, start + _chunk));
        }
    }
}
