namespace Sprig.Kernels.Sparse;

/// <summary>Splits the rows of a sparse matrix into parts with about the same number of entries.</summary>
internal static class SparseRowSplit
{
    /// <summary>
    /// Multiply-adds below which a sparse kernel stays on one thread: the worker hand-off (≈ 1 µs) must be small
    /// next to the work (at ≈ 20 GFLOP/s per core, 2¹⁷ multiply-adds take ≈ 13 µs).
    /// </summary>
    public const long ParallelThresholdMacs = 1L << 17;

    /// <summary>Fewest multiply-adds per chunk, so taking a chunk (one atomic increment) stays negligible.</summary>
    private const long ChunkMacs = 1L << 15;

    /// <summary>Most chunks per thread: enough that a thread which loses its core for a while hands its share over.</summary>
    private const int ChunksPerThread = 8;

    /// <summary>How many row blocks to cut work of <paramref name="macs"/> multiply-adds into for <paramref name="threads"/> threads (1: run it on the caller).</summary>
    public static int Chunks(long macs, int rows, int threads) =>
        macs < ParallelThresholdMacs || threads <= 1 ? 1 : (int)Math.Max(1, Math.Min(Math.Min(rows, threads * ChunksPerThread), macs / ChunkMacs));

    /// <summary>The first row of block <paramref name="part"/> of <paramref name="parts"/> (part = parts gives the row count).</summary>
    public static unsafe int FirstRow(int* rowPointers, int rows, int part, int parts)
    {
        if (part >= parts)
        {
            return rows;
        }

        // Binary search for the first row whose start reaches this part's share of the entries; rows cost
        // a little even when empty, so the share counts one entry per row as well.
        long target = (long)(rowPointers[rows] + rows) * part / parts;
        int lo = 0;
        int hi = rows;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (rowPointers[mid] + (long)mid < target)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
