using System.Runtime.ExceptionServices;

namespace Sprig.Kernels.Threading;

/// <summary>
/// One dedicated background thread that runs one part of a work item when told to. Both sides spin briefly before they
/// block (<see cref="WaitSpin"/>): the worker for its next part, the caller for a part the worker is running. A part the
/// worker has not started yet can be taken back (<see cref="TryRevoke"/>), so a caller never waits for a worker that
/// the operating system has not scheduled.
/// </summary>
internal sealed class KernelWorker
{
    /// <summary>
    /// Spin iterations of the events before blocking, after <see cref="WaitSpin"/>'s own spin: one. The events' longer
    /// spins yield the core (<c>sched_yield</c>), and on a machine with more runnable threads than cores every yield
    /// hands a whole time slice to another process: with 2047 spins a lenet5 training step took 110–280 ms of wall
    /// clock for 48 ms of CPU; blocking at once took 35–60 ms for 36–42 ms of CPU (<c>sprig bench train --model
    /// lenet5</c>, alternating builds, load average 18–23 on 2 cores).
    /// </summary>
    private const int SpinCount = 1;

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

    /// <summary>
    /// Waits for the started part; rethrows what it threw. <paramref name="mayBackOff"/>: the caller's own part was
    /// short, so a join spin that runs out counts towards a burst of them, the sign of a worker that keeps losing its
    /// core (see <see cref="WaitSpin"/>).
    /// </summary>
    public void Join(bool mayBackOff)
    {
        if (!_done.IsSet && WaitSpin.Enabled && !WaitSpin.Until(_done, static done => done.IsSet, WaitSpin.JoinMicroseconds) && mayBackOff)
        {
            WaitSpin.JoinTimedOut();
        }

        _done.Wait();
        _error?.Throw();
    }

    private void Loop()
    {
        while (true)
        {
            if (!WaitSpin.Enabled || !WaitSpin.Until(this, static worker => Volatile.Read(ref worker._state) == Posted, WaitSpin.PostMicroseconds))
            {
                _start.Wait();
            }

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
