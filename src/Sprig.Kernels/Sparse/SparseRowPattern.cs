using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Sprig.Kernels.Threading;

namespace Sprig.Kernels.Sparse;

/// <summary>
/// The nonzero positions of a rows×columns matrix, row by row (the index half of CSR): row r's nonzeros are
/// entries <c>RowPointers[r] .. RowPointers[r+1]-1</c> of <see cref="Indices"/>, which hold their column numbers.
/// Values live in a separate span of length <see cref="Count"/>, so one pattern (built once per mask) serves
/// many value updates. Validated once at construction, so kernels can trust every index.
/// </summary>
public sealed class SparseRowPattern
{
    /// <summary>
    /// Entries per chunk of <see cref="Gather"/> at least, so gathers of fewer than twice this stay on one thread. The
    /// gather reads the whole dense weight (4 MB for 1024×1024): on two threads it took 37–56 against 68–70 µs at 90%
    /// sparsity and 25 against 38 µs at 95%. At 98% (21,000 entries) two threads still pay: a feature-major training
    /// step of 1024×1024 took 100–109 against 110–113 µs (8,192 here instead of 16,384).
    /// </summary>
    private const long GatherChunkEntries = 1 << 13;

    private readonly int[] _rowPointers;
    private readonly int[] _indices;

    private SparseRowPattern(int rows, int columns, int[] rowPointers, int[] indices, int? fanIn)
    {
        Rows = rows;
        Columns = columns;
        _rowPointers = rowPointers;
        _indices = indices;
        FanIn = fanIn;
    }

    /// <summary>Rows of the matrix.</summary>
    public int Rows { get; }

    /// <summary>Columns of the matrix.</summary>
    public int Columns { get; }

    /// <summary>The number of stored entries.</summary>
    public int Count => _indices.Length;

    /// <summary>Entries per row when every row has the same number (SRigL's constant fan-in), else null.</summary>
    public int? FanIn { get; }

    /// <summary>Where each row starts in <see cref="Indices"/>; length <see cref="Rows"/> + 1.</summary>
    public ReadOnlySpan<int> RowPointers => _rowPointers;

    /// <summary>The column of each entry.</summary>
    public ReadOnlySpan<int> Indices => _indices;

    /// <summary>The fraction of positions that are not stored (0 for an empty matrix).</summary>
    public double Sparsity => (long)Rows * Columns == 0 ? 0 : 1 - ((double)Count / ((long)Rows * Columns));

    /// <summary>A pattern from CSR arrays (copied).</summary>
    /// <exception cref="ArgumentException">The arrays do not describe a valid rows×columns CSR structure.</exception>
    public static SparseRowPattern FromCsr(int rows, int columns, ReadOnlySpan<int> rowPointers, ReadOnlySpan<int> indices)
    {
        CheckShape(rows, columns);
        if (rowPointers.Length != rows + 1 || rowPointers[0] != 0 || rowPointers[rows] != indices.Length)
        {
            throw new ArgumentException($"Row pointers must have {rows + 1} entries from 0 to {indices.Length}.", nameof(rowPointers));
        }

        for (int r = 0; r < rows; r++)
        {
            if (rowPointers[r + 1] < rowPointers[r])
            {
                throw new ArgumentException($"Row pointers decrease at row {r}.", nameof(rowPointers));
            }
        }

        CheckIndices(indices, columns);
        return new SparseRowPattern(rows, columns, rowPointers.ToArray(), indices.ToArray(), ConstantRowLength(rowPointers));
    }

    /// <summary>A constant fan-in pattern: row r's columns are <c>indices[r·fanIn .. (r+1)·fanIn-1]</c> (copied).</summary>
    /// <exception cref="ArgumentException">The indices do not fit rows×fanIn or the column range.</exception>
    public static SparseRowPattern FromConstantFanIn(int rows, int columns, int fanIn, ReadOnlySpan<int> indices)
    {
        CheckShape(rows, columns);
        ArgumentOutOfRangeException.ThrowIfNegative(fanIn);
        if (indices.Length != (long)rows * fanIn)
        {
            throw new ArgumentException($"A {rows}-row pattern with fan-in {fanIn} needs {(long)rows * fanIn} indices, got {indices.Length}.", nameof(indices));
        }

        CheckIndices(indices, columns);
        int[] rowPointers = new int[rows + 1];
        for (int r = 0; r <= rows; r++)
        {
            rowPointers[r] = r * fanIn;
        }

        return new SparseRowPattern(rows, columns, rowPointers, indices.ToArray(), fanIn);
    }

    /// <summary>The positions where <paramref name="mask"/> (rows×columns, row-major) is not zero.</summary>
    public static SparseRowPattern FromMask(int rows, int columns, ReadOnlySpan<float> mask)
    {
        CheckShape(rows, columns);
        if (mask.Length != (long)rows * columns)
        {
            throw new ArgumentException($"A {rows}×{columns} mask needs {(long)rows * columns} elements, got {mask.Length}.", nameof(mask));
        }

        int count = CountNonzero(mask);
        int[] rowPointers = new int[rows + 1];
        int[] indices = new int[count];
        int k = 0;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = mask.Slice(r * columns, columns);
            for (int c = 0; c < columns; c++)
            {
                if (row[c] != 0f)
                {
                    indices[k++] = c;
                }
            }

            rowPointers[r + 1] = k;
        }

        return new SparseRowPattern(rows, columns, rowPointers, indices, ConstantRowLength(rowPointers));
    }

    /// <summary>
    /// The pattern of the transpose (the CSC structure of this matrix) and, for each of its entries, the entry of
    /// this pattern it came from. Columns of the transpose are in increasing row order.
    /// </summary>
    public SparseTranspose Transpose()
    {
        int[] pointers = new int[Columns + 1];
        foreach (int c in _indices)
        {
            pointers[c + 1]++;
        }

        for (int c = 0; c < Columns; c++)
        {
            pointers[c + 1] += pointers[c];
        }

        int[] next = pointers[..^1];
        int[] rowsOfEntries = new int[Count];
        int[] source = new int[Count];
        for (int r = 0; r < Rows; r++)
        {
            for (int k = _rowPointers[r]; k < _rowPointers[r + 1]; k++)
            {
                int slot = next[_indices[k]]++;
                rowsOfEntries[slot] = r;
                source[slot] = k;
            }
        }

        var pattern = new SparseRowPattern(Columns, Rows, pointers, rowsOfEntries, ConstantRowLength(pointers));
        return new SparseTranspose(pattern, source);
    }

    /// <summary>
    /// Reads the entries' values out of a dense rows×columns matrix: <c>values[k] = dense[r, Indices[k]]</c>. Large
    /// patterns are split by rows over <see cref="KernelThreads.Count"/> threads; every value is a copy, so the result
    /// does not depend on the split.
    /// </summary>
    public unsafe void Gather(ReadOnlySpan<float> dense, Span<float> values)
    {
        CheckDense(dense.Length, values.Length);
        if (dense.Overlaps(values))
        {
            throw new ArgumentException("The dense matrix and the values of a gather must not overlap.", nameof(values));
        }

        fixed (float* d = dense)
        fixed (float* v = values)
        fixed (int* rowPointers = _rowPointers)
        fixed (int* indices = _indices)
        {
            // Rows are cut by count, which balances the entries of the masks this serves.
            long perRow = Math.Max(1, Count / Math.Max(1, Rows));
            ParallelRange<GatherKernel>.Run(new GatherKernel(d, v, rowPointers, indices, Columns), Rows, perRow, KernelThreads.Count, GatherChunkEntries);
        }
    }

    /// <summary>Adds the entries' values into a dense rows×columns matrix: <c>dense[r, Indices[k]] += values[k]</c>.</summary>
    public void ScatterAdd(ReadOnlySpan<float> values, Span<float> dense)
    {
        CheckDense(dense.Length, values.Length);
        ref float d = ref MemoryMarshal.GetReference(dense);
        ref float v = ref MemoryMarshal.GetReference(values);
        ref int index = ref MemoryMarshal.GetArrayDataReference(_indices);
        for (int r = 0; r < Rows; r++)
        {
            ref float row = ref Unsafe.Add(ref d, (nint)r * Columns);
            for (int k = _rowPointers[r]; k < _rowPointers[r + 1]; k++)
            {
                Unsafe.Add(ref row, Unsafe.Add(ref index, k)) += Unsafe.Add(ref v, k);
            }
        }
    }

    private void CheckDense(int denseLength, int valuesLength)
    {
        if (denseLength != (long)Rows * Columns || valuesLength != Count)
        {
            throw new ArgumentException($"A {Rows}×{Columns} pattern with {Count} entries needs a dense matrix of {(long)Rows * Columns} and {Count} values, got {denseLength} and {valuesLength}.");
        }
    }

    private static int CountNonzero(ReadOnlySpan<float> values)
    {
        int count = 0;
        foreach (float v in values)
        {
            count += v != 0f ? 1 : 0;
        }

        return count;
    }

    private static int? ConstantRowLength(ReadOnlySpan<int> rowPointers)
    {
        int rows = rowPointers.Length - 1;
        if (rows == 0)
        {
            return 0;
        }

        int length = rowPointers[1] - rowPointers[0];
        for (int r = 1; r < rows; r++)
        {
            if (rowPointers[r + 1] - rowPointers[r] != length)
            {
                return null;
            }
        }

        return length;
    }

    private static void CheckShape(int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
    }

    private static void CheckIndices(ReadOnlySpan<int> indices, int columns)
    {
        if (indices.Length > 0
            && (System.Numerics.Tensors.TensorPrimitives.Min(indices) < 0 || System.Numerics.Tensors.TensorPrimitives.Max(indices) >= columns))
        {
            throw new ArgumentException($"Column indices must be in [0, {columns}).", nameof(indices));
        }
    }

    private readonly unsafe struct GatherKernel(float* dense, float* values, int* rowPointers, int* indices, int columns) : IRangeKernel
    {
        // The fields go in as arguments: read through `this` in the loop, they were reloaded for every entry.
        public void Run(int start, int end) => Gather(dense, values, rowPointers, indices, columns, start, end);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Gather(float* dense, float* values, int* rowPointers, int* indices, int columns, int start, int end)
        {
            for (int r = start; r < end; r++)
            {
                float* row = dense + ((nint)r * columns);
                int stop = rowPointers[r + 1];
                for (int k = rowPointers[r]; k < stop; k++)
                {
                    values[k] = row[indices[k]];
                }
            }
        }
    }
}
