using Sprig.Kernels.Threading;

namespace Sprig.Kernels.Sparse;

/// <summary>
/// Runs a row-wise sparse kernel over row blocks balanced by entries. With several threads the rows are cut into
/// more blocks than threads (see <see cref="SparseRowSplit.Chunks"/>) taken first come, first served: a static
/// half each left one thread waiting whenever the other lost its core to another process.
/// </summary>
internal sealed class SparseParallel<TKernel> : IKernelWorkItem
    where TKernel : struct, ISparseRowKernel
{
    [ThreadStatic]
    private static SparseParallel<TKernel>? s_job;

    private readonly ChunkQueue _queue = new();
    private SparseOperands _op;
    private int _rows;

    /// <summary>Computes all <paramref name="rows"/> rows in <paramref name="chunks"/> blocks over up to <paramref name="threads"/> threads.</summary>
    public static void Run(in SparseOperands op, int rows, int chunks, int threads)
    {
        if (chunks <= 1 || threads <= 1)
        {
            TKernel.Run(op, 0, rows);
            return;
        }

        SparseParallel<TKernel> job = s_job ??= new SparseParallel<TKernel>();
        job._op = op;
        job._rows = rows;
        job._queue.Reset(chunks);
        KernelWorkerPool.Shared.Run(job, Math.Min(threads, chunks));
        job._op = default;
    }

    /// <inheritdoc />
    public unsafe void Execute(int part)
    {
        while (_queue.TryTake(out int chunk))
        {
            TKernel.Run(_op, SparseRowSplit.FirstRow(_op.RowPointers, _rows, chunk, _queue.Count), SparseRowSplit.FirstRow(_op.RowPointers, _rows, chunk + 1, _queue.Count));
        }
    }
}
