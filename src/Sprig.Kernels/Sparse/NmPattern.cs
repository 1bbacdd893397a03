using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Sprig.Kernels.Sparse;

/// <summary>
/// The positions of an N:M sparse rows×columns matrix: every group of <see cref="M"/> consecutive columns of a row
/// holds exactly <see cref="N"/> nonzeros (2:4 is the layout of sparse tensor cores). Entry k of row r, group g is
/// stored at <c>(r·Groups + g)·N + n</c>, and only its column within the group is kept, as one byte
/// (<see cref="Offsets"/>), so the index costs a quarter of CSR's and a row's entries start at a computed place.
/// </summary>
public sealed class NmPattern
{
    private readonly byte[] _offsets;

    private NmPattern(int rows, int columns, int n, int m, byte[] offsets)
    {
        Rows = rows;
        Columns = columns;
        N = n;
        M = m;
        _offsets = offsets;
    }

    /// <summary>Rows of the matrix.</summary>
    public int Rows { get; }

    /// <summary>Columns of the matrix (a multiple of <see cref="M"/>).</summary>
    public int Columns { get; }

    /// <summary>Nonzeros per group.</summary>
    public int N { get; }

    /// <summary>Columns per group.</summary>
    public int M { get; }

    /// <summary>Groups per row.</summary>
    public int Groups => M == 0 ? 0 : Columns / M;

    /// <summary>The number of stored entries (Rows·Groups·N).</summary>
    public int Count => _offsets.Length;

    /// <summary>The column of each entry within its group (0 .. M-1), increasing within a group.</summary>
    public ReadOnlySpan<byte> Offsets => _offsets;

    /// <summary>The fraction of positions that are not stored.</summary>
    public double Sparsity => (long)Rows * Columns == 0 ? 0 : 1 - ((double)Count / ((long)Rows * Columns));

    /// <summary>The positions where <paramref name="mask"/> (rows×columns, row-major) is not zero.</summary>
    /// <exception cref="ArgumentException">The columns are not a multiple of M, or a group does not hold exactly N nonzeros.</exception>
    public static NmPattern FromMask(int rows, int columns, int n, int m, ReadOnlySpan<float> mask)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (m < 1 || m > 256 || n < 1 || n > m)
        {
            throw new ArgumentException($"N:M needs 1 ≤ N ≤ M ≤ 256, got {n}:{m}.");
        }

        if (columns % m != 0 || mask.Length != (long)rows * columns)
        {
            throw new ArgumentException($"A {rows}×{columns} {n}:{m} mask needs columns divisible by {m} and {(long)rows * columns} elements, got {mask.Length}.", nameof(mask));
        }

        int groups = columns / m;
        byte[] offsets = new byte[rows * groups * n];
        int k = 0;
        for (int g = 0; g < rows * groups; g++)
        {
            ReadOnlySpan<float> group = mask.Slice(g * m, m);
            int kept = 0;
            for (int i = 0; i < m; i++)
            {
                if (group[i] != 0f && kept++ < n)
                {
                    offsets[k++] = (byte)i;
                }
            }

            if (kept != n)
            {
                throw new ArgumentException($"Group {g % groups} of row {g / groups} has {kept} nonzeros; an {n}:{m} mask needs exactly {n}.", nameof(mask));
            }
        }

        return new NmPattern(rows, columns, n, m, offsets);
    }

    /// <summary>The same positions as a CSR pattern, whose entries are in the same order as this pattern's.</summary>
    public SparseRowPattern ToRowPattern()
    {
        int[] columns = new int[Count];
        for (int k = 0; k < columns.Length; k++)
        {
            columns[k] = (int)(Position(k) % Math.Max(1, Columns));
        }

        return SparseRowPattern.FromConstantFanIn(Rows, Columns, Groups * N, columns);
    }

    /// <summary>Reads the entries' values out of a dense rows×columns matrix.</summary>
    public void Gather(ReadOnlySpan<float> dense, Span<float> values)
    {
        CheckDense(dense.Length, values.Length);
        ref float d = ref MemoryMarshal.GetReference(dense);
        ref float v = ref MemoryMarshal.GetReference(values);
        for (int k = 0; k < _offsets.Length; k++)
        {
            Unsafe.Add(ref v, k) = Unsafe.Add(ref d, Position(k));
        }
    }

    /// <summary>Adds the entries' values into a dense rows×columns matrix.</summary>
    public void ScatterAdd(ReadOnlySpan<float> values, Span<float> dense)
    {
        CheckDense(dense.Length, values.Length);
        ref float d = ref MemoryMarshal.GetReference(dense);
        ref float v = ref MemoryMarshal.GetReference(values);
        for (int k = 0; k < _offsets.Length; k++)
        {
            Unsafe.Add(ref d, Position(k)) += Unsafe.Add(ref v, k);
        }
    }

    /// <summary>The row-major position of entry <paramref name="k"/>: its group's first column plus its offset.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private nint Position(int k) => ((nint)(k / N) * M) + _offsets[k];

    private void CheckDense(int denseLength, int valuesLength)
    {
        if (denseLength != (long)Rows * Columns || valuesLength != Count)
        {
            throw new ArgumentException($"A {Rows}×{Columns} {N}:{M} pattern needs a dense matrix of {(long)Rows * Columns} and {Count} values, got {denseLength} and {valuesLength}.");
        }
    }
}
