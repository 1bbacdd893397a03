namespace Sprig.Formats;

/// <summary>The stored entries of a matrix as increasing flat positions (row-major) and their values.</summary>
internal sealed class SparseEntries
{
    public SparseEntries(int rows, int columns, int[] positions, float[] values)
    {
        Rows = rows;
        Columns = columns;
        Positions = positions;
        Values = values;
    }

    /// <summary>The entries where <paramref name="mask"/> is not zero.</summary>
    public SparseEntries(int rows, int columns, ReadOnlySpan<float> values, ReadOnlySpan<float> mask)
    {
        Rows = rows;
        Columns = columns;
        int count = 0;
        foreach (float m in mask)
        {
            count += m != 0f ? 1 : 0;
        }

        Positions = new int[count];
        Values = new float[count];
        int k = 0;
        for (int p = 0; p < mask.Length; p++)
        {
            if (mask[p] != 0f)
            {
                Positions[k] = p;
                Values[k++] = values[p];
            }
        }
    }

    public int Rows { get; }

    public int Columns { get; }

    public int[] Positions { get; }

    public float[] Values { get; }

    public int Count => Positions.Length;

    /// <summary>Entries from (position, value) pairs in any order; positions must be distinct and in range.</summary>
    public static SparseEntries FromUnordered(int rows, int columns, int[] positions, float[] values)
    {
        Array.Sort(positions, values);
        for (int k = 1; k < positions.Length; k++)
        {
            if (positions[k] == positions[k - 1])
            {
                throw new InvalidDataException($"position {positions[k]} is stored twice");
            }
        }

        return new SparseEntries(rows, columns, positions, values);
    }
}
