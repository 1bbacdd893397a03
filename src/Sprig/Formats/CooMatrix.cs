namespace Sprig.Formats;

/// <summary>The count, the flat position of every entry (narrowest width that fits rows·columns), then the values.</summary>
internal sealed class CooMatrix : SparseMatrix
{
    private readonly SparseEntries _entries;

    public CooMatrix(SparseEntries entries)
        : base(entries.Rows, entries.Columns) => _entries = entries;

    public override FormatChoice Choice => new(StorageFormat.Coo);

    public override long EncodedBytes => 4 + ((long)_entries.Count * (IndexCodec.Width(Size - 1) + 4));

    private long Size => (long)Rows * Columns;

    public static CooMatrix Read(BinaryReader reader, int rows, int columns)
    {
        long size = (long)rows * columns;
        int count = IndexCodec.ReadCount(reader, size);
        int[] positions = IndexCodec.Read(reader, count, IndexCodec.Width(size - 1), size - 1);
        return new CooMatrix(SparseEntries.FromUnordered(rows, columns, positions, IndexCodec.ReadValues(reader, count)));
    }

    public override void Write(BinaryWriter writer)
    {
        writer.Write(_entries.Count);
        IndexCodec.Write(writer, _entries.Positions, IndexCodec.Width(Size - 1));
        IndexCodec.WriteValues(writer, _entries.Values);
    }

    internal override SparseEntries Entries() => _entries;
}
