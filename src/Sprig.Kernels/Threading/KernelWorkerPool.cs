using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Sprig.Kernels.Threading;

/// <summary>
/// Fork/join over dedicated workers: the caller runs part 0 and worker w runs part w+1 (or the caller does,
/// if the worker has not started it by the time the caller is done). Much cheaper than
/// <c>Parallel.For</c> for the short kernels of a training step. Only one caller uses the workers at a
/// time; a concurrent or nested caller runs all parts itself, which gives the same results.
/// </summary>
internal sealed class KernelWorkerPool
{
    private KernelWorker[] _workers = [];
    private int _busy;

    /// <summary>The process-wide pool.</summary>
    public static KernelWorkerPool Shared { get; } = new();

    /// <summary>Runs parts 0..<paramref name="parts"/>-1 of <paramref name="item"/> and returns when all are done.</summary>
    public void Run(IKernelWorkItem item, int parts)
    {
        if (parts <= 1 || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            for (int part = 0; part < parts; part++)
            {
                item.Execute(part);
            }

            return;
        }

        try
        {
            KernelWorker[] workers = Workers(parts - 1);
            for (int w = 0; w < parts - 1; w++)
            {
                workers[w].Start(item, w + 1);
            }

            long started = Stopwatch.GetTimestamp();
            ExceptionDispatchInfo? error = null;
            try
            {
                item.Execute(0);
            }
            catch (Exception e)
            {
                error = ExceptionDispatchInfo.Capture(e);
            }

            // Every part is joined before anything is rethrown: a part still running may write through the caller's
            // pinned pointers.
            bool shortPart = Stopwatch.GetTimestamp() - started < WaitSpin.JoinTicks;
            for (int w = 0; w < parts - 1; w++)
            {
                try
                {
                    if (workers[w].TryRevoke())
                    {
                        item.Execute(w + 1);
                    }
                    else
                    {
                        workers[w].Join(shortPart);
                    }
                }
                catch (Exception e)
                {
                    error ??= ExceptionDispatchInfo.Capture(e);
                }
            }

            error?.Throw();
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    private KernelWorker[] Workers(int count)
    {
        if (_workers.Length < count)
        {
            // Only the caller holding _busy gets here, so growing needs no lock.
            var grown = new KernelWorker[count];
            _workers.CopyTo(grown, 0);
            for (int w = _workers.Length; w < count; w++)
            {
                grown[w] = new KernelWorker(w + 1);
            }

            _workers = grown;
        }

        return _workers;
    }
}
