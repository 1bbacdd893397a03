namespace Sprig.Kernels.Sparse;

/// <summary>How <see cref="SparseRowPattern.Gather"/> cuts its work over the kernel threads.</summary>
internal static class GatherSplit
{
    /// <summary>
    /// Entries per chunk at least, so gathers of fewer than twice this stay on one thread. The gather reads the whole
    /// weight (4 MB for 1024×1024): on two threads it took 37–56 against 68–70 µs at 90% sparsity and 25 against 38 µs
    /// at 95% (a throwaway harness alternating thread counts). The transposed values' gather, which reads a compact
    /// array, measured no faster split (16 against 16 µs at 95%) and stays on one thread.
    /// </summary>
    public const long MinChunkEntries = 1 << 14;
}
