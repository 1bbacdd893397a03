namespace Sprig.Kernels.Elementwise;

/// <summary>How the element-wise kernels cut their work over the kernel threads.</summary>
internal static class ElementwiseSplit
{
    /// <summary>
    /// Floats per chunk at least, so work of fewer than twice this stays on one thread. The worker blocks between
    /// kernels, so each split first wakes it (several µs on this VM, much more when other processes hold the second
    /// core); a chunk of 64 Ki floats takes ≈ 15–40 µs in these loops. At 16 Ki floats, setting a 128×500 bias took
    /// 11 µs on two threads against 3 µs on one at load 18 (throwaway harness around the kernels, alternating thread
    /// counts per call).
    /// </summary>
    public const long MinChunkFloats = 1 << 16;
}
