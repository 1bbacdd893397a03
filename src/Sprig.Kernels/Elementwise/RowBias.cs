using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Sprig.Kernels.Threading;

namespace Sprig.Kernels.Elementwise;

/// <summary>
/// A bias vector against the rows of a row-major matrix [rows, bias.Length]: setting or adding it to every row, and
/// its gradient (the column sums). Split over <see cref="KernelThreads.Count"/> threads when large; the column sums
/// are split by columns, so every sum adds its rows in row order whatever the thread count.
/// </summary>
public static unsafe class RowBias
{
    /// <summary>Sets every row of <paramref name="matrix"/> to <paramref name="bias"/>.</summary>
    public static void Broadcast(ReadOnlySpan<float> bias, Span<float> matrix) =>
        Broadcast(bias, matrix, KernelThreads.Count, ElementwiseSplit.MinChunkFloats);

    /// <summary>Adds <paramref name="bias"/> to every row of <paramref name="matrix"/>.</summary>
    public static void AddToRows(ReadOnlySpan<float> bias, Span<float> matrix) =>
        AddToRows(bias, matrix, KernelThreads.Count, ElementwiseSplit.MinChunkFloats);

    /// <summary><c>sums[j] += matrix[0, j] + matrix[1, j] + …</c>, one addition per row in row order.</summary>
    public static void AccumulateColumnSums(ReadOnlySpan<float> matrix, Span<float> sums) =>
        AccumulateColumnSums(matrix, sums, KernelThreads.Count, ElementwiseSplit.MinChunkFloats);

    /// <summary>As the public overload, with an explicit split (tests).</summary>
    internal static void Broadcast(ReadOnlySpan<float> bias, Span<float> matrix, int threads, long minChunkFloats) =>
        RunRows(bias, matrix, add: false, threads, minChunkFloats);

    /// <summary>As the public overload, with an explicit split (tests).</summary>
    internal static void AddToRows(ReadOnlySpan<float> bias, Span<float> matrix, int threads, long minChunkFloats) =>
        RunRows(bias, matrix, add: true, threads, minChunkFloats);

    /// <summary>As the public overload, with an explicit split (tests).</summary>
    internal static void AccumulateColumnSums(ReadOnlySpan<float> matrix, Span<float> sums, int threads, long minChunkFloats)
    {
        int rows = RowCount(sums.Length, matrix.Length, nameof(matrix));
        fixed (float* pm = matrix)
        fixed (float* ps = sums)
        {
            ParallelRange<ColumnSumKernel>.Run(new ColumnSumKernel(pm, ps, rows, sums.Length), sums.Length, rows, threads, minChunkFloats);
        }
    }

    private static void RunRows(ReadOnlySpan<float> bias, Span<float> matrix, bool add, int threads, long minChunkFloats)
    {
        int rows = RowCount(bias.Length, matrix.Length, nameof(matrix));
        fixed (float* pb = bias)
        fixed (float* pm = matrix)
        {
            ParallelRange<RowKernel>.Run(new RowKernel(pb, pm, bias.Length, add), rows, bias.Length, threads, minChunkFloats);
        }
    }

    private static int RowCount(int columns, int length, string name)
    {
        if (columns == 0 ? length != 0 : length % columns != 0)
        {
            throw new ArgumentException($"{name} has {length} elements, not a whole number of rows of {columns}.", name);
        }

        return columns == 0 ? 0 : length / columns;
    }

    private readonly struct RowKernel(float* bias, float* matrix, int columns, bool add) : IRangeKernel
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int start, int end)
        {
            var b = new ReadOnlySpan<float>(bias, columns);
            for (int row = start; row < end; row++)
            {
                var y = new Span<float>(matrix + ((nint)row * columns), columns);
                if (add)
                {
                    TensorPrimitives.Add(y, b, y);
                }
                else
                {
                    b.CopyTo(y);
                }
            }
        }
    }

    private readonly struct ColumnSumKernel(float* matrix, float* sums, int rows, int columns) : IRangeKernel
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Run(int start, int end)
        {
            var s = new Span<float>(sums + start, end - start);
            for (int row = 0; row < rows; row++)
            {
                TensorPrimitives.Add(s, new ReadOnlySpan<float>(matrix + ((nint)row * columns) + start, end - start), s);
            }
        }
    }
}
