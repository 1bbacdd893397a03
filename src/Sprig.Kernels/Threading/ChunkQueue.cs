using System.Diagnostics;

namespace Sprig.Kernels.Threading;

/// <summary>
/// Hands out chunk numbers 0 .. count-1 to the parts (threads) of one parallel kernel call. Each part owns a
/// contiguous run of chunks and takes them from its front; a part that has finished its own takes chunks from the
/// back of the others' runs, so a thread that loses its core for a while on a shared machine does not hold up the
/// rest, and owner and helper never alternate on neighbouring chunks. Which thread computes a chunk never changes
/// its values.
/// </summary>
/// <remarks>
/// Own runs, not one shared counter: with chunks handed out alternately, each thread's share of a matrix changed from
/// call to call, and the next kernel found its rows in the other core's cache (and the fused backward pass's two
/// threads added into neighbouring gradient entries). <c>bench spmm --out 1024 --in 1024 --batch 128 --threads 2
/// --layout feature-major</c>, 3 alternating rounds, training step at 90 / 95 / 98% sparsity: one shared counter
/// 445–460 / 238–244 / 106–112 µs, own runs first 429–439 / 226–238 / 103–106 µs, one static half per thread
/// 429–431 / 225–227 / 103–105 µs.
/// </remarks>
internal sealed class ChunkQueue
{
    // A run is one long (its next chunk in the low half, its end in the high half), updated by compare-and-swap so
    // that its owner (front) and a helper (back) never take the same chunk. Runs sit 64 bytes apart, and apart from
    // the array's length field, so a part taking its own chunks does not move a line the others read.
    private const int RunStride = 8;

    private long[] _runs = new long[(2 + 2) * RunStride];
    private int _count;
    private int _parts = 1;

    /// <summary>The number of chunks of the current call.</summary>
    public int Count => _count;

    /// <summary>Starts a call with <paramref name="count"/> chunks shared by <paramref name="parts"/> parts.</summary>
    public void Reset(int count, int parts)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        if (_runs.Length < (parts + 2) * RunStride)
        {
            _runs = new long[(parts + 2) * RunStride];
        }

        _count = count;
        _parts = parts;
        for (int part = 0; part < parts; part++)
        {
            Volatile.Write(ref Run(part), Pack(FirstChunk(part), FirstChunk(part + 1)));
        }
    }

    /// <summary>Takes the next chunk of <paramref name="part"/>'s run, else the last of another's; false when all are taken.</summary>
    public bool TryTake(int part, out int chunk)
    {
        Debug.Assert((uint)part < (uint)_parts, $"Part {part} of {_parts}.");
        if (Take(ref Run(part), fromFront: true, out chunk))
        {
            return true;
        }

        for (int i = 1; i < _parts; i++)
        {
            if (Take(ref Run((part + i) % _parts), fromFront: false, out chunk))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Take(ref long run, bool fromFront, out int chunk)
    {
        long current = Volatile.Read(ref run);
        while (true)
        {
            int next = (int)current;
            int end = (int)(current >> 32);
            if (next >= end)
            {
                chunk = -1;
                return false;
            }

            chunk = fromFront ? next : end - 1;
            long taken = fromFront ? Pack(next + 1, end) : Pack(next, end - 1);
            long seen = Interlocked.CompareExchange(ref run, taken, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }
    }

    private static long Pack(int next, int end) => (uint)next | ((long)end << 32);

    private ref long Run(int part) => ref _runs[(part + 1) * RunStride];

    private int FirstChunk(int part) => (int)((long)_count * part / _parts);
}
