using System.Runtime.ExceptionServices;

namespace Sprig.Kernels.Threading;

/// <summary>
/// One dedicated background thread that runs one part of a work item when told to. Hand-off and completion
/// use <see cref="ManualResetEventSlim"/>: it spins briefly (so back-to-back kernels fork and join in about
/// a microsecond) and then blocks, so an idle worker does not burn a core.
/// </summary>
internal sealed class KernelWorker
{
    /// <summary>Spin iterations before blocking (the maximum the event allows; it yields while spinning).</summary>
    private const int SpinCount = 2047;

    private readonly ManualResetEventSlim _start = new(false, SpinCount);
    private readonly ManualResetEventSlim _done = new(false, SpinCount);
    private IKernelWorkItem? _item;
    private int _part;
    private ExceptionDispatchInfo? _error;

    public KernelWorker(int index)
    {
        var thread = new Thread(Loop) { IsBackground = true, Name = $"Sprig kernel worker {index}" };
        thread.Start();
    }

    /// <summary>Starts part <paramref name="part"/> of <paramref name="item"/> on this worker.</summary>
    public void Start(IKernelWorkItem item, int part)
    {
        _item = item;
        _part = part;
        _error = null;
        _done.Reset();
        _start.Set();
    }

    /// <summary>Waits for the part started last; rethrows what it threw.</summary>
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
            _start.Reset();
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
                _done.Set();
            }
        }
    }
}
