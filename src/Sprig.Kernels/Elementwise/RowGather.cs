using System.Runtime.CompilerServices;
using Sprig.Kernels.Threading;

namespace Sprig.Kernels.Elementwise;

/// <summary>
/// Copies chosen rows of a matrix into consecutive rows (a data batch from a dataset), split over
/// <see cref="KernelThreads.Count"/> threads by rows when large.
/// </summary>
public static unsafe class RowGather
{
    /// <summary>
    /// <c>destination[i, :] = source[rows[i], :]</c> for rows of <paramref name="rowLength"/> floats; every index must
    /// be a row of <paramref name="source"/>.
    /// </summary>
    public static void Gather(ReadOnlySpan<float> source, int rowLength, ReadOnlySpan<int> rows, Span<float> destination) =>
        Gather(source, rowLength, rows, destination, KernelThreads.Count, ElementwiseSplit.MinChunkFloats);

    /// <summary>As the public overload, with an explicit split (tests).</summary>
    internal static void Gather(ReadOnlySpan<float> source, int rowLength, ReadOnlySpan<int> rows, Span<float> destination, int threads, long minChunkFloats)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowLength);
        ElementwiseChecks.SameLength(rows.Length * rowLength, destination.Length, nameof(destination));
        int sourceRows = rowLength == 0 ? 0 : source.Length / rowLength;
        foreach (int row in rows)
        {
            if ((uint)row >= (uint)sourceRows && rowLength > 0)
            {
                throw new ArgumentOutOfRangeException(nameof(rows), $"Row {row} is outside the {sourceRows} rows of the source.");
            }
        }

        fixed (float* ps = source)
        fixed (int* pr = rows)
        fixed (float* pd = destination)
        {
            ParallelRange<GatherKernel>.Run(new GatherKernel(ps, pr, pd, rowLength), rows.Length, rowLength, threads, minChunkFloats);
        }
    }

    private readonly struct GatherKernel(float* source, int* rows, float* destination, int rowLength) : IRangeKernel
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int start, int end)
        {
            for (int i = start; i < end; i++)
            {
                new ReadOnlySpan<float>(source + ((nint)rows[i] * rowLength), rowLength)
                    .CopyTo(new Span<float>(destination + ((nint)i * rowLength), rowLength));
            }
        }
    }
}
