namespace Sprig.Formats;

/// <summary>One bit per position, then the stored values in position order.</summary>
internal sealed class BitmapMatrix : SparseMatrix
{
    private readonly SparseEntries _entries;

    public BitmapMatrix(SparseEntries entries)
        : base(entries.Rows, entries.Columns) => _entries = entries;

    public override FormatChoice Choice => new(StorageFormat.Bitmap);

    public override long EncodedBytes => StorageCost.BitmapBytes(Rows, Columns) + (4L * _entries.Count);

    public static BitmapMatrix Read(BinaryReader reader, int rows, int columns)
    {
        byte[] bits = reader.ReadBytes((int)StorageCost.BitmapBytes(rows, columns));
        if (bits.Length != StorageCost.BitmapBytes(rows, columns))
        {
            throw new EndOfStreamException();
        }

        int n = rows * columns;
        var positions = new List<int>();
        for (int p = 0; p < n; p++)
        {
            if ((bits[p >> 3] >> (p & 7) & 1) != 0)
            {
                positions.Add(p);
            }
        }

        return new BitmapMatrix(new SparseEntries(rows, columns, [.. positions], IndexCodec.ReadValues(reader, positions.Count)));
    }

    public override void Write(BinaryWriter writer)
    {
        byte[] bits = new byte[StorageCost.BitmapBytes(Rows, Columns)];
        foreach (int p in _entries.Positions)
        {
            bits[p >> 3] |= (byte)(1 << (p & 7));
        }

        writer.Write(bits);
        IndexCodec.WriteValues(writer, _entries.Values);
    }

    internal override SparseEntries Entries() => _entries;
}
