namespace Sprig.Kernels.Elementwise;

/// <summary>How the element-wise kernels cut their work over the kernel threads.</summary>
internal static class ElementwiseSplit
{
    /// <summary>
    /// Floats per chunk at least (so work of fewer than twice this stays on one thread). A chunk of 16 Ki floats takes
    /// ≈ 3–10 µs in these memory-bound loops, several times a hot fork/join (≈ 0.5–1 µs); a cold worker costs the
    /// caller only the wake-up call, because the caller claims the chunks the worker has not started.
    /// </summary>
    public const long MinChunkFloats = 1 << 14;
}
