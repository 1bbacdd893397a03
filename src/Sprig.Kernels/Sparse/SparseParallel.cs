using Sprig.Kernels.Threading;

namespace Sprig.Kernels.Sparse;

/// <summary>Runs a row-wise sparse kernel over row blocks balanced by entries, one block per thread.</summary>
internal sealed class SparseParallel<TKernel> : IKernelWorkItem
    where TKernel : struct, ISparseRowKernel
{
    [ThreadStatic]
    private static SparseParallel<TKernel>? s_job;

    private SparseOperands _op;
    private int _rows;
    private int _parts;

    /// <summary>Computes all <paramref name="rows"/> rows in <paramref name="parts"/> parts.</summary>
    public static void Run(in SparseOperands op, int rows, int parts)
    {
        if (parts <= 1)
        {
            TKernel.Run(op, 0, rows);
            return;
        }

        SparseParallel<TKernel> job = s_job ??= new SparseParallel<TKernel>();
        job._op = op;
        job._rows = rows;
        job._parts = parts;
        KernelWorkerPool.Shared.Run(job, parts);
        job._op = default;
    }

    /// <inheritdoc />
    public unsafe void Execute(int part) =>
        TKernel.Run(_op, SparseRowSplit.FirstRow(_op.RowPointers, _rows, part, _parts), SparseRowSplit.FirstRow(_op.RowPointers, _rows, part + 1, _parts));
}
