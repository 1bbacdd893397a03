using Sprig.Kernels.Threading;

namespace Sprig.Kernels.Sparse;

/// <summary>
/// Runs a sparse kernel over blocks of its items, balanced by the operands' own split (entries per row for CSR, equal
/// counts for N:M). With several threads the items are cut into more blocks than threads (see
/// <see cref="SparseRowSplit.Chunks"/>), each thread taking its own run first (<see cref="ChunkQueue"/>): a static half
/// each left one thread waiting whenever the other lost its core to another process.
/// </summary>
internal sealed class SparseKernelParallel<TOperands, TKernel> : IKernelWorkItem
    where TOperands : struct, ISparseOperands
    where TKernel : struct, ISparseKernel<TOperands>
{
    [ThreadStatic]
    private static SparseKernelParallel<TOperands, TKernel>? s_job;

    private readonly ChunkQueue _queue = new();
    private TOperands _op;
    private int _items;

    /// <summary>Computes items 0 .. <paramref name="items"/>-1 in <paramref name="chunks"/> blocks over up to <paramref name="threads"/> threads.</summary>
    public static void Run(in TOperands op, int items, int chunks, int threads)
    {
        if (chunks <= 1 || threads <= 1)
        {
            TKernel.Run(op, 0, items);
            return;
        }

        // The job leaves its slot while it runs, so that a nested call of the same kernel gets a job of its own.
        SparseKernelParallel<TOperands, TKernel> job = s_job ?? new SparseKernelParallel<TOperands, TKernel>();
        s_job = null;
        job._op = op;
        job._items = items;
        int parts = Math.Min(threads, chunks);
        job._queue.Reset(chunks, parts);
        KernelWorkerPool.Shared.Run(job, parts);
        job._op = default;
        s_job = job;
    }

    /// <inheritdoc />
    public void Execute(int part)
    {
        while (_queue.TryTake(part, out int chunk))
        {
            TKernel.Run(_op, _op.FirstItem(_items, chunk, _queue.Count), _op.FirstItem(_items, chunk + 1, _queue.Count));
        }
    }
}
