using System.Runtime.ExceptionServices;

namespace Sprig.Kernels.Threading;

/// <summary>
/// One dedicated background thread that runs one part of a work item when told to. Hand-off and completion
/// use <see cref="ManualResetEventSlim"/>: it spins briefly (so back-to-back kernels fork and join in about
/// a microsecond) and then blocks, so an idle worker does not burn a core. A part the worker has not
/// started yet can be taken back (<see cref="TryRevoke"/>), so a caller never waits for a worker that the
/// operating system has not scheduled.
/// </summary>
internal sealed class KernelWorker
{
    /// <summary>Spin iterations before blocking (the maximum the event allows; it yields while spinning).</summary>
    private const int SpinCount = 2047;

    private const int Idle = 0;
    private const int Posted = 1;
    private const int Running = 2;

    private readonly ManualResetEventSlim _start = new(false, SpinCount);
    private readonly ManualResetEventSlim _done = new(false, SpinCount);
    private IKernelWorkItem? _item;
    private int _part;
    private int _state;
    private ExceptionDispatchInfo? _error;

    public KernelWorker(int index)
    {
        var thread = new Thread(Loop) { IsBackground = true, Name = $"Sprig kernel worker {index}" };
        thread.Start();
    }

    /// <summary>Posts part <paramref name="part"/> of <paramref name="item"/> to this worker.</summary>
    public void Start(IKernelWorkItem item, int part)
    {
        _item = item;
        _part = part;
        _error = null;
        _done.Reset();
        Volatile.Write(ref _state, Posted);
        _start.Set();
    }

    /// <summary>Takes the posted part back if the worker has not started it; the caller must then run it.</summary>
    public bool TryRevoke() => Interlocked.CompareExchange(ref _state, Idle, Posted) == Posted;

    /// <summary>Waits for the started part; rethrows what it threw.</summary>
    public void Join()
    {
        _done.Wait();
        _error?.Throw();
    }

    private void Loop()
    {
        while (true)
        {
            _start.Wait();

            // Reset before claiming: a post that lands after the reset is seen by the claim or sets the event again.
            _start.Reset();
            if (Interlocked.CompareExchange(ref _state, Running, Posted) != Posted)
            {
                continue;
            }

            try
            {
                _item!.Execute(_part);
            }
            catch (Exception e)
            {
                _error = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                _item = null;
                Volatile.Write(ref _state, Idle);
                _done.Set();
            }
        }
    }
}
