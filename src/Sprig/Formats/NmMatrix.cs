namespace Sprig.Formats;

/// <summary>
/// N:M: every group of M consecutive columns of a row keeps at most N entries, stored as N (offset, value) slots per
/// group; an unused slot has offset M. Layout: N and M (bytes), all offsets (one byte each), then all slot values.
/// </summary>
internal sealed class NmMatrix : SparseMatrix
{
    private readonly int _n;
    private readonly int _m;
    private readonly byte[] _offsets;
    private readonly float[] _values;

    public NmMatrix(SparseEntries entries, int n, int m)
        : base(entries.Rows, entries.Columns)
    {
        if (m is < 1 or > 255 || n < 1 || n > m || entries.Columns % m != 0)
        {
            throw new ArgumentException($"{n}:{m} needs 1 ≤ N ≤ M ≤ 255 and columns ({entries.Columns}) divisible by M.");
        }

        _n = n;
        _m = m;
        int groups = entries.Rows * entries.Columns / m;
        _offsets = new byte[groups * n];
        _values = new float[groups * n];
        _offsets.AsSpan().Fill((byte)m);
        for (int k = 0; k < entries.Count; k++)
        {
            int group = entries.Positions[k] / m;
            int slot = group * n;
            while (slot < (group + 1) * n && _offsets[slot] != m)
            {
                slot++;
            }

            if (slot == (group + 1) * n)
            {
                throw new ArgumentException($"Group {group} has more than {n} entries, so the pattern is not {n}:{m}.");
            }

            _offsets[slot] = (byte)(entries.Positions[k] % m);
            _values[slot] = entries.Values[k];
        }
    }

    private NmMatrix(int rows, int columns, int n, int m, byte[] offsets, float[] values)
        : base(rows, columns)
    {
        _n = n;
        _m = m;
        _offsets = offsets;
        _values = values;
    }

    public override FormatChoice Choice => new(StorageFormat.NM, N: _n, M: _m);

    public override long EncodedBytes => StorageCost.NmBytes(Rows, Columns, _n, _m);

    public static NmMatrix Read(BinaryReader reader, int rows, int columns)
    {
        int n = reader.ReadByte();
        int m = reader.ReadByte();
        if (m == 0 || n == 0 || n > m || columns % m != 0)
        {
            throw new InvalidDataException($"{n}:{m} does not fit {columns} columns");
        }

        int slots = rows * columns / m * n;
        byte[] offsets = reader.ReadBytes(slots);
        if (offsets.Length != slots)
        {
            throw new EndOfStreamException();
        }

        var matrix = new NmMatrix(rows, columns, n, m, offsets, IndexCodec.ReadValues(reader, slots));
        matrix.Entries();
        return matrix;
    }

    public override void Write(BinaryWriter writer)
    {
        writer.Write((byte)_n);
        writer.Write((byte)_m);
        writer.Write(_offsets);
        IndexCodec.WriteValues(writer, _values);
    }

    internal override SparseEntries Entries()
    {
        var positions = new List<int>();
        var values = new List<float>();
        for (int slot = 0; slot < _offsets.Length; slot++)
        {
            if (_offsets[slot] > _m)
            {
                throw new InvalidDataException($"offset {_offsets[slot]} in a group of {_m}");
            }

            if (_offsets[slot] < _m)
            {
                positions.Add((slot / _n * _m) + _offsets[slot]);
                values.Add(_values[slot]);
            }
        }

        return SparseEntries.FromUnordered(Rows, Columns, [.. positions], [.. values]);
    }
}
