namespace Sprig.Kernels.Sparse;

/// <summary>
/// Hands out chunk numbers 0 .. count-1 first come, first served to the threads of one parallel kernel call, so a
/// thread that loses its core for a while on a shared machine does not hold up the others. Which thread computes a
/// chunk never changes its values.
/// </summary>
internal sealed class ChunkQueue
{
    private int _next;
    private int _count;

    /// <summary>The number of chunks of the current call.</summary>
    public int Count => _count;

    /// <summary>Starts a call with <paramref name="count"/> chunks.</summary>
    public void Reset(int count)
    {
        _count = count;
        Volatile.Write(ref _next, 0);
    }

    /// <summary>Takes the next chunk; false when all are taken.</summary>
    public bool TryTake(out int chunk)
    {
        chunk = Interlocked.Increment(ref _next) - 1;
        return chunk < _count;
    }
}
