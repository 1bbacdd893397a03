namespace Sprig.Formats;

/// <summary>
/// SRigL's condensed constant fan-in layout: k (the largest row count) slots per row, each a column index and a
/// value; an unused slot has index = columns. Layout: k, all indices (width fits columns), then all slot values.
/// This is also the layout of the constant fan-in kernel (<see cref="Kernels.Sparse.SparseRowPattern.FromConstantFanIn"/>).
/// </summary>
internal sealed class CondensedMatrix : SparseMatrix
{
    private readonly int _fanIn;
    private readonly int[] _indices;
    private readonly float[] _values;

    public CondensedMatrix(SparseEntries entries)
        : base(entries.Rows, entries.Columns)
    {
        _fanIn = StorageCost.MaxRowCount(entries.Positions, Columns);
        _indices = new int[Rows * _fanIn];
        _values = new float[Rows * _fanIn];
        _indices.AsSpan().Fill(Columns);
        int row = -1, slot = 0;
        for (int k = 0; k < entries.Count; k++)
        {
            int r = entries.Positions[k] / Columns;
            slot = r == row ? slot + 1 : r * _fanIn;
            row = r;
            _indices[slot] = entries.Positions[k] % Columns;
            _values[slot] = entries.Values[k];
        }
    }

    private CondensedMatrix(int rows, int columns, int fanIn, int[] indices, float[] values)
        : base(rows, columns)
    {
        _fanIn = fanIn;
        _indices = indices;
        _values = values;
    }

    public override FormatChoice Choice => new(StorageFormat.Condensed);

    public override long EncodedBytes => StorageCost.CondensedBytes(Rows, Columns, _fanIn);

    public static CondensedMatrix Read(BinaryReader reader, int rows, int columns)
    {
        int fanIn = IndexCodec.ReadCount(reader, columns);
        int[] indices = IndexCodec.Read(reader, rows * fanIn, IndexCodec.Width(columns), columns);
        var matrix = new CondensedMatrix(rows, columns, fanIn, indices, IndexCodec.ReadValues(reader, rows * fanIn));
        matrix.Entries();
        return matrix;
    }

    public override void Write(BinaryWriter writer)
    {
        writer.Write(_fanIn);
        IndexCodec.Write(writer, _indices, IndexCodec.Width(Columns));
        IndexCodec.WriteValues(writer, _values);
    }

    internal override SparseEntries Entries()
    {
        var positions = new List<int>();
        var values = new List<float>();
        for (int slot = 0; slot < _indices.Length; slot++)
        {
            if (_indices[slot] < Columns)
            {
                positions.Add((slot / _fanIn * Columns) + _indices[slot]);
                values.Add(_values[slot]);
            }
        }

        return SparseEntries.FromUnordered(Rows, Columns, [.. positions], [.. values]);
    }
}
