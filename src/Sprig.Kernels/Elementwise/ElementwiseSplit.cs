namespace Sprig.Kernels.Elementwise;

/// <summary>How the element-wise kernels cut their work over the kernel threads.</summary>
internal static class ElementwiseSplit
{
    /// <summary>
    /// Floats per chunk at least, so work of fewer than twice this stays on one thread. The worker blocks between
    /// kernels, so every split first has to wake it; a chunk of 64 Ki floats is ≈ 7–35 µs of work in these loops
    /// (one thread, load 19: ReLU over 410 Ki floats 42 µs, max pooling over 1.47 M floats 0.75 ms), well above a
    /// hot fork/join (≈ 0.5–1 µs), and the caller claims any chunk the worker has not started.
    /// </summary>
    public const long MinChunkFloats = 1 << 16;
}
