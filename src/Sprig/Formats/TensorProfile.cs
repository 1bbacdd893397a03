namespace Sprig.Formats;

/// <summary>The nonzero pattern of a rows×columns matrix: what the storage-cost model needs to price every format.</summary>
public sealed class TensorProfile
{
    private readonly int[] _positions;

    private TensorProfile(int rows, int columns, int[] positions)
    {
        Rows = rows;
        Columns = columns;
        _positions = positions;
        long cursor = -1;
        foreach (int p in positions)
        {
            MaxGap = Math.Max(MaxGap, p - cursor);
            cursor = p;
        }

        MaxRowCount = StorageCost.MaxRowCount(positions, columns);
    }

    /// <summary>Rows (n_r).</summary>
    public int Rows { get; }

    /// <summary>Columns (n_c).</summary>
    public int Columns { get; }

    /// <summary>Positions (n).</summary>
    public long Size => (long)Rows * Columns;

    /// <summary>Stored entries (m).</summary>
    public int Count => _positions.Length;

    /// <summary>The fraction of positions not stored.</summary>
    public double Sparsity => Size == 0 ? 0 : 1 - ((double)Count / Size);

    /// <summary>The largest gap between consecutive entries in row-major order, counting from position −1 (d̂).</summary>
    public long MaxGap { get; }

    /// <summary>The most entries in one row (the condensed fan-in k).</summary>
    public int MaxRowCount { get; }

    internal ReadOnlySpan<int> Positions => _positions;

    /// <summary>The pattern of the positions where <paramref name="mask"/> is not zero.</summary>
    public static TensorProfile FromMask(int rows, int columns, ReadOnlySpan<float> mask) =>
        new(rows, columns, new SparseEntries(rows, columns, mask, mask).Positions);

    /// <summary>Distinct blocks of <paramref name="blockRows"/>×<paramref name="blockColumns"/> holding an entry.</summary>
    public int BlockCount(int blockRows, int blockColumns) => BlockMatrix.BlockKeys(_positions, Columns, blockRows, blockColumns).Length;

    /// <summary>The most entries in one group of <paramref name="m"/> consecutive columns (columns must divide by M).</summary>
    public int MaxGroupCount(int m)
    {
        int max = 0, group = -1, count = 0;
        foreach (int p in _positions)
        {
            count = p / m == group ? count + 1 : 1;
            group = p / m;
            max = Math.Max(max, count);
        }

        return max;
    }
}
