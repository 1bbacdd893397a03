namespace Sprig.Formats;

/// <summary>
/// A rows×columns float matrix in one of the sparse <see cref="StorageFormat"/>s. Every format converts from and to a
/// dense matrix plus a 0/1 mask exactly: the mask says which positions are stored (a stored value may be 0).
/// </summary>
public abstract class SparseMatrix
{
    /// <summary>Initialises the shape.</summary>
    protected SparseMatrix(int rows, int columns)
    {
        Rows = rows;
        Columns = columns;
    }

    /// <summary>Rows.</summary>
    public int Rows { get; }

    /// <summary>Columns.</summary>
    public int Columns { get; }

    /// <summary>The format and its parameters.</summary>
    public abstract FormatChoice Choice { get; }

    /// <summary>The bytes <see cref="Write"/> produces; equal to <see cref="StorageCost.EncodedBytes"/> of this matrix's profile.</summary>
    public abstract long EncodedBytes { get; }

    /// <summary>Stores the positions where <paramref name="mask"/> is not zero, with their values, in the format <paramref name="choice"/>.</summary>
    /// <exception cref="ArgumentException">The spans do not fit the shape, or the pattern does not fit the format (N:M groups).</exception>
    public static SparseMatrix FromDense(FormatChoice choice, int rows, int columns, ReadOnlySpan<float> values, ReadOnlySpan<float> mask)
    {
        CheckShape(rows, columns, values.Length, mask.Length);
        var entries = new SparseEntries(rows, columns, values, mask);
        return choice.Format switch
        {
            StorageFormat.Bitmap => new BitmapMatrix(entries),
            StorageFormat.Coo => new CooMatrix(entries),
            StorageFormat.Csr => new CompressedMatrix(entries, byColumns: false),
            StorageFormat.Csc => new CompressedMatrix(entries, byColumns: true),
            StorageFormat.Delta => new DeltaMatrix(entries, choice.Width),
            StorageFormat.Bsr => new BlockMatrix(entries, choice.BlockRows, choice.BlockColumns),
            StorageFormat.NM => new NmMatrix(entries, choice.N, choice.M),
            StorageFormat.Condensed => new CondensedMatrix(entries),
            _ => throw new ArgumentException($"{choice} is not a sparse format.", nameof(choice)),
        };
    }

    /// <summary>Reads a matrix written by <see cref="Write"/> in format <paramref name="format"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid encoding of a rows×columns matrix.</exception>
    /// <exception cref="EndOfStreamException">The bytes end early.</exception>
    public static SparseMatrix Read(StorageFormat format, BinaryReader reader, int rows, int columns) => format switch
    {
        StorageFormat.Bitmap => BitmapMatrix.Read(reader, rows, columns),
        StorageFormat.Coo => CooMatrix.Read(reader, rows, columns),
        StorageFormat.Csr => CompressedMatrix.Read(reader, rows, columns, byColumns: false),
        StorageFormat.Csc => CompressedMatrix.Read(reader, rows, columns, byColumns: true),
        StorageFormat.Delta => DeltaMatrix.Read(reader, rows, columns),
        StorageFormat.Bsr => BlockMatrix.Read(reader, rows, columns),
        StorageFormat.NM => NmMatrix.Read(reader, rows, columns),
        StorageFormat.Condensed => CondensedMatrix.Read(reader, rows, columns),
        _ => throw new InvalidDataException($"unknown sparse format {format}"),
    };

    /// <summary>Writes the format's parameters, indices and values (not the format itself).</summary>
    public abstract void Write(BinaryWriter writer);

    /// <summary>Writes the stored values into <paramref name="values"/> and 1 into <paramref name="mask"/> at their positions; 0 elsewhere.</summary>
    public void ToDense(Span<float> values, Span<float> mask)
    {
        CheckShape(Rows, Columns, values.Length, mask.Length);
        values.Clear();
        mask.Clear();
        SparseEntries entries = Entries();
        for (int k = 0; k < entries.Count; k++)
        {
            int p = entries.Positions[k];
            values[p] = entries.Values[k];
            mask[p] = 1f;
        }
    }

    /// <summary>The stored positions (row-major flat) and values, in increasing position order.</summary>
    internal abstract SparseEntries Entries();

    private static void CheckShape(int rows, int columns, int values, int mask)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (values != (long)rows * columns || mask != values)
        {
            throw new ArgumentException($"A {rows}×{columns} matrix needs {(long)rows * columns} values and mask elements, got {values} and {mask}.");
        }
    }
}
