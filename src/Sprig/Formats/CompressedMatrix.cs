namespace Sprig.Formats;

/// <summary>
/// CSR (by rows) or CSC (by columns): the count, one offset per major line plus one (width fits the count), the minor
/// index of each entry (width fits the minor dimension), then the values in major order.
/// </summary>
internal sealed class CompressedMatrix : SparseMatrix
{
    private readonly bool _byColumns;
    private readonly int[] _pointers;
    private readonly int[] _indices;
    private readonly float[] _values;

    public CompressedMatrix(SparseEntries entries, bool byColumns)
        : base(entries.Rows, entries.Columns)
    {
        _byColumns = byColumns;
        int major = byColumns ? Columns : Rows;
        _pointers = new int[major + 1];
        _indices = new int[entries.Count];
        _values = new float[entries.Count];
        foreach (int p in entries.Positions)
        {
            _pointers[Major(p) + 1]++;
        }

        for (int i = 0; i < major; i++)
        {
            _pointers[i + 1] += _pointers[i];
        }

        int[] next = _pointers[..^1];
        for (int k = 0; k < entries.Count; k++)
        {
            int p = entries.Positions[k];
            int slot = next[Major(p)]++;
            _indices[slot] = byColumns ? p / Columns : p % Columns;
            _values[slot] = entries.Values[k];
        }
    }

    private CompressedMatrix(int rows, int columns, bool byColumns, int[] pointers, int[] indices, float[] values)
        : base(rows, columns)
    {
        _byColumns = byColumns;
        _pointers = pointers;
        _indices = indices;
        _values = values;
    }

    public override FormatChoice Choice => new(_byColumns ? StorageFormat.Csc : StorageFormat.Csr);

    public override long EncodedBytes => StorageCost.CompressedBytes(MajorCount, MinorCount, _values.Length);

    private int MajorCount => _byColumns ? Columns : Rows;

    private int MinorCount => _byColumns ? Rows : Columns;

    public static CompressedMatrix Read(BinaryReader reader, int rows, int columns, bool byColumns)
    {
        int major = byColumns ? columns : rows;
        int minor = byColumns ? rows : columns;
        int count = IndexCodec.ReadCount(reader, (long)rows * columns);
        int[] pointers = IndexCodec.Read(reader, major + 1, IndexCodec.Width(count), count);
        for (int i = 0; i < major; i++)
        {
            if (pointers[i + 1] < pointers[i])
            {
                throw new InvalidDataException($"offsets decrease at line {i}");
            }
        }

        if (major >= 0 && (pointers[0] != 0 || pointers[major] != count))
        {
            throw new InvalidDataException("offsets do not span the entries");
        }

        int[] indices = IndexCodec.Read(reader, count, IndexCodec.Width(minor - 1), minor - 1);
        return new CompressedMatrix(rows, columns, byColumns, pointers, indices, IndexCodec.ReadValues(reader, count));
    }

    public override void Write(BinaryWriter writer)
    {
        writer.Write(_values.Length);
        IndexCodec.Write(writer, _pointers, IndexCodec.Width(_values.Length));
        IndexCodec.Write(writer, _indices, IndexCodec.Width(MinorCount - 1));
        IndexCodec.WriteValues(writer, _values);
    }

    internal override SparseEntries Entries()
    {
        int[] positions = new int[_values.Length];
        for (int line = 0; line < MajorCount; line++)
        {
            for (int k = _pointers[line]; k < _pointers[line + 1]; k++)
            {
                positions[k] = _byColumns ? (_indices[k] * Columns) + line : (line * Columns) + _indices[k];
            }
        }

        return SparseEntries.FromUnordered(Rows, Columns, positions, (float[])_values.Clone());
    }

    private int Major(int position) => _byColumns ? position % Columns : position / Columns;
}
